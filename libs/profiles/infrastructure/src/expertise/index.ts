export * from './expertise-infrastructure';
export * from '../evidence/evidence.projection';
export * from '../evidence/mongo-evidence';
export * from '../ask-expert/ask-expert-timer';
