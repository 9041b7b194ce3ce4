export * from '@plein/shared/event-sourcing';
export * from './stream-document';
export * from './mongo-event-store';
export * from './erasure';
export * from './outbox-relay';
export * from './leases';
export * from './topics';
