import type { EventStore } from '@plein/shared/event-store';
import type { UserHistory, UserHistoryEntry } from '@plein/identity/application';

/** The user's stream is its audit trail: every change with its actor, time and correlation id. */
export class EventStoreUserHistory implements UserHistory {
  constructor(private readonly store: Pick<EventStore, 'readStream'>) {}

  async read(userId: string): Promise<readonly UserHistoryEntry[]> {
    const stream = await this.store.readStream(`user-${userId}`);
    return (stream?.events ?? []).map((e) => ({ sequence: e.sequence, type: e.type, occurredAt: e.occurredAt, actorId: e.actorId, correlationId: e.correlationId, data: e.data }));
  }
}
