import { describeServiceBasics } from '@plein/shared/testing';
import { bootstrapIdentity } from './bootstrap';

// Boots the real identity service in-process against the local servers (npm run infra:up).
describeServiceBasics('identity', bootstrapIdentity, ['kafka', 'mongodb'], { checks: ['revocation-list'] });
