export * from './note/note.decider';
export * from './cells/periods';
export * from './cells/dimensions';
export * from './cells/metrics';
export * from './cells/cell';
export * from './facts/fact';
export * from './people/person';
export * from './suppression';
