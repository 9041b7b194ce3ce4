// The broker-restart test stops and starts the shared local Kafka (tools/infra/infra.sh), so
// project.json marks this target `parallelism: false`: Nx never runs it beside another task
// that needs the servers.
const base = require('../../jest.preset.js').int(__dirname, 'test-backbone');

module.exports = { ...base, testTimeout: 300_000 };
