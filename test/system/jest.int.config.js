// System tests stop and start the shared local servers; project.json marks the target
// `parallelism: false`, so Nx never runs it alongside another task that needs those servers.
const base = require('../../jest.preset.js').int(__dirname, 'system');

module.exports = { ...base, testTimeout: 300_000 };
