export * from './insights-event-store';
export * from './notes.projection';
export * from './insights-infrastructure';
export * from './cells';
