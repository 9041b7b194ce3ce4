import { dateTime, defineEvent, object, oneOfStrings, uuid } from '@plein/shared/contracts';
import { identitySessionTopic } from './topics';

export const SESSION_REVOCATION_REASONS = ['logout', 'administrator', 'deactivated', 'security'] as const;

export interface SessionRevokedV1 {
  userId: string;
  reason: (typeof SESSION_REVOCATION_REASONS)[number];
  /** The session's original expiry: after it, consumers may drop the id from their deny-list. */
  expiresAt: string;
}

export const sessionRevokedV1 = defineEvent<SessionRevokedV1>({
  type: 'identity.session.revoked',
  version: 1,
  aggregateType: 'session',
  topic: identitySessionTopic,
  description: 'A session (token `sid`) was revoked before its expiry. Every service must refuse it within 5 s.',
  schema: object(
    { userId: uuid(), reason: oneOfStrings(SESSION_REVOCATION_REASONS), expiresAt: dateTime('Original expiry of the session.') },
    ['userId', 'reason', 'expiresAt'],
  ),
  example: { userId: '01964b1e-0000-7000-8000-000000000101', reason: 'logout', expiresAt: '2026-01-15T17:30:00.000Z' },
});

export const sessionContracts = [sessionRevokedV1];
