export * from './ports';
export * from './moderation.service';
