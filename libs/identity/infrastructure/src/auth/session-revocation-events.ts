import { ConcurrencyConflictError, type EventStore } from '@plein/shared/event-store';
import type { CommandMetadata } from '@plein/shared/kernel';
import type { SessionRecord, SessionRevocationEvents, SessionRevocationReason } from '@plein/identity/application';
import type { SessionRevokedV1 } from '@plein/identity/contracts';

/**
 * `identity.session.revoked` as the single event of stream `session-<sid>`: the stream document is
 * the outbox, so the revocation reaches Kafka even if this process dies right after. A second
 * revocation of the same session finds the stream and does nothing (one event per session).
 */
export class EventStoreSessionRevocations implements SessionRevocationEvents {
  constructor(private readonly store: EventStore) {}

  async revoked(session: SessionRecord, reason: SessionRevocationReason, metadata: CommandMetadata): Promise<void> {
    const data: SessionRevokedV1 = { userId: session.userId, reason, expiresAt: session.expiresAt.toISOString() };
    try {
      await this.store.append(`session-${session.id}`, 0, [{ type: 'identity.session.revoked', version: 1, data }], metadata);
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError)) throw error;
    }
  }
}
