export * from './ports';
export * from './profile.service';
export * from './taxonomy.service';
export * from './org';
export * from './expertise';
export * from './endorsement';
export * from './ask-expert';
export * from './search';
