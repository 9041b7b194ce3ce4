import { describeServiceBasics } from '@plein/shared/testing';
import { bootstrapModeration } from './bootstrap';

// Boots the real moderation service in-process against the local servers (npm run infra:up).
describeServiceBasics('moderation', bootstrapModeration, ['kafka', 'mongodb'], { checks: ['revocation-list'], processors: ['outbox-relay', 'projections', 'audit', 'flagged-content', 'audit-purge'] });
