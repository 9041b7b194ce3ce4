export * from './ports';
export * from './profile.service';
export * from './taxonomy.service';
export * from './org';
