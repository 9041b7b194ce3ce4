export * from './profiles-event-store';
export * from './org';
