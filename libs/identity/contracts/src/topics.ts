import { defineTopic, topicName } from '@plein/shared/contracts';

export const identityUserTopic = defineTopic({
  name: topicName('identity', 'user', 1),
  aggregateType: 'user',
  description:
    'Lifecycle of people provisioned from the organisation directory (SCIM): the minimal personal data other ' +
    'services project into profiles, audiences and permissions.',
  key: { description: 'userId: the Plein user id (UUIDv7), the same id every other service stores.', example: '01964b1e-0000-7000-8000-000000000101' },
});

export const identityGroupTopic = defineTopic({
  name: topicName('identity', 'group', 1),
  aggregateType: 'group',
  description: 'Directory groups (SCIM Groups) and their membership deltas.',
  key: { description: 'groupId: the Plein id (UUIDv7) of the directory group.', example: '01964b1e-0000-7000-8000-000000000201' },
});

export const identitySessionTopic = defineTopic({
  name: topicName('identity', 'session', 1),
  aggregateType: 'session',
  description:
    'Session revocations. Every service keeps a deny-list of revoked session ids until their original expiry ' +
    'and refuses them; the consumer lag budget is 5 s.',
  key: { description: 'sessionId: the `sid` claim of the session token (UUIDv7).', example: '01964b1e-0000-7000-8000-000000000301' },
});
