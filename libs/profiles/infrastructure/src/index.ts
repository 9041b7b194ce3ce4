export * from './profiles-event-store';
export * from './profiles-topics';
export * from './profile';
export * from './org';
export * from './expertise';
export * from './search';
export * from './erasure';
