export * from './ports';
export * from './moderation.service';
export * from './rules';
