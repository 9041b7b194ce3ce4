export * from './note/note.decider';
export * from './notification/notification';
export * from './preferences/preferences';
