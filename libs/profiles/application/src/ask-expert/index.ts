export * from './ask-expert';
