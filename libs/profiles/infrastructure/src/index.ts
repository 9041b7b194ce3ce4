export * from './profiles-event-store';
