export * from './note/note.decider';
