// System tests stop and start the shared local servers; project.json marks the target
// `parallelism: false`, so Nx never runs it alongside another task that needs those servers.
// forceExit: after a broker restart, kafkajs consumers of the booted services (the auth
// revocation feed) can still be reconnecting when the app has closed; their late retries would
// otherwise fail the run after every assertion passed. Tracked in the backbone issue's note.
const base = require('../../jest.preset.js').int(__dirname, 'system');

module.exports = { ...base, testTimeout: 300_000, forceExit: true };
