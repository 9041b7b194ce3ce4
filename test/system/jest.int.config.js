// System tests stop and start the shared local servers; project.json marks the target
// `parallelism: false`, so Nx never runs it alongside another task that needs those servers.
// No forceExit: every Kafka consumer of the booted services is an EventProcessor, whose stop()
// waits for a join in flight, never rejoins once stopping and is bounded (docs/messaging.md,
// "Stopping and restarts"; libs/shared/messaging/src/event-processor.stop.int.spec.ts).
const base = require('../../jest.preset.js').int(__dirname, 'system');

module.exports = { ...base, testTimeout: 300_000 };
