// System tests stop and start the shared local servers; project.json marks the target
// `parallelism: false`, so Nx never runs it alongside another task that needs those servers.
// No forceExit: a service's close() releases every handle within a bounded time, also after the
// outages these tests cause. Its Kafka consumers are EventProcessors, whose stop() waits for a join
// in flight, never rejoins once stopping and is bounded (docs/messaging.md, "Stopping and
// restarts"); the outbox relay's stop is bounded; and the platform's KafkaSockets closes, last,
// any connection kafkajs reopened after its client disconnected (apps/feed/src/feed.shutdown.int.spec.ts,
// apps/identity/src/identity.shutdown.int.spec.ts).
const base = require('../../jest.preset.js').int(__dirname, 'system');

module.exports = { ...base, testTimeout: 300_000 };
