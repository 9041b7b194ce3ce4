import { describeServiceBasics } from '@plein/shared/testing';
import { bootstrapFeed } from './bootstrap';

// Boots the real feed service in-process against the local servers (npm run infra:up).
describeServiceBasics('feed', bootstrapFeed, ['kafka', 'mongodb'], { checks: ['revocation-list'] });
