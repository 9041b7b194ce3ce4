export * from './note/note.decider';
export * from './endorsement/endorsement.decider';
export * from './expertise/expertise';
export * from './expertise/expert-suggestion.decider';
export * from './expertise/topic';
