export * from './insights-event-store';
export * from './insights-infrastructure';
export * from './cells';
export * from './query';
export * from './completeness';
