export * from './notifications-event-store';
export * from './notes.projection';
export * from './notifications-infrastructure';
