// Pure event-sourcing building blocks: the EventStore port, handleCommand (optimistic concurrency
// retries + idempotency keys), stream ids, envelope stamping and an in-memory store for unit tests.
// Application layers depend on this lib; MongoDB adapters live in @plein/shared/event-store.
export * from './errors';
export * from './decider';
export * from './event-store.port';
export * from './stream-id';
export * from './stamp';
export * from './handle-command';
export * from './in-memory-event-store';
/** A tiny counter aggregate used by the event-store tests of this lib and its adapters. */
export * as fixtures from './counter.fixture';
export * from './request-context';
export * from './execute-command';
