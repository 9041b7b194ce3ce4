export * from './timeline-cursor';
export * from './timeline-merge';
