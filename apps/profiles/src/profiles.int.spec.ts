import { describeServiceBasics } from '@plein/shared/testing';
import { bootstrapProfiles } from './bootstrap';

// Boots the real profiles service in-process against the local servers (npm run infra:up).
describeServiceBasics('profiles', bootstrapProfiles, ['kafka', 'mongodb', 'elasticsearch'], {
  checks: ['revocation-list'],
  processors: ['profiles-outbox-relay', 'profiles-projections', 'profiles-person-erasure', 'org-nodes', 'expertise-evidence', 'ask-expert', 'profiles-search-source'],
});
