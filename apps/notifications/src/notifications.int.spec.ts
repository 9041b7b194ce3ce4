import { describeServiceBasics } from '@plein/shared/testing';
import { bootstrapNotifications } from './bootstrap';

// Boots the real notifications service in-process against the local servers (npm run infra:up).
describeServiceBasics('notifications', bootstrapNotifications, ['kafka', 'mongodb'], { checks: [] });
