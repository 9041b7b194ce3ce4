export * from './profile-views.projection';
export * from './taxonomy.projection';
export * from './read-models';
export * from './profiles-infrastructure';
