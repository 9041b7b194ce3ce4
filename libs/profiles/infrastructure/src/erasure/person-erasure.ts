import { identityContracts, identityUpcasters } from '@plein/identity/contracts';
import { ContractRegistry } from '@plein/shared/contracts';
import type { MongoEventStore } from '@plein/shared/event-store';
import { streamId, ValidationError, type EventEnvelope } from '@plein/shared/kernel';
import { eventTypesProcessor, type EventProcessor, type MessagingLogger } from '@plein/shared/messaging';
import type { Kafka } from 'kafkajs';

/** Consumer group `<service>.person-erasure` (not versioned: it keeps no read model). */
export const PERSON_ERASURE_PROCESSOR = 'person-erasure';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Erases a deleted person's streams from the profiles event store (docs/adr/0025): their profile
 * stream (`profile-<userId>`) and every endorsement they gave or received
 * (`endorsement-<endorseeId>:<skill>:<endorserId>`). Each goes with its outbox state and
 * idempotency records and leaves a tombstone keyed by a hash (the store's `erase`), so a late
 * command cannot recreate it and a rebuild from the store never sees it. Idempotent.
 */
export class PersonErasure {
  constructor(private readonly store: MongoEventStore) {}

  /** The ids of the person's streams still in the store (profile first). */
  async streamsOf(userId: string): Promise<string[]> {
    if (!UUID.test(userId)) throw new ValidationError('PROFILES.INVALID_USER_ID', [{ field: 'userId', message: 'must be a UUID' }]);
    const id = userId;
    // Received: the id starts the aggregate id (an `_id` prefix range); given: it ends it. A skill
    // never holds ':' (hashtag pattern), so the separators are exact.
    const endorsements = await this.store.collection
      .find({ aggregateType: 'endorsement', $or: [{ _id: { $regex: `^endorsement-${id}:` } }, { aggregateId: { $regex: `:${id}$` } }] }, { projection: { _id: 1 } })
      .toArray();
    const profile = streamId('profile', id);
    const exists = await this.store.collection.countDocuments({ _id: profile }, { limit: 1 });
    return [...(exists ? [profile] : []), ...endorsements.map((d) => d._id)];
  }

  /** Erases the person's streams; answers how many were still there. The profile stream is tombstoned even when never written. */
  async erase(userId: string): Promise<number> {
    const streams = await this.streamsOf(userId);
    const profile = streamId('profile', userId);
    let erased = 0;
    for (const stream of new Set([profile, ...streams])) if (await this.store.erase(stream)) erased++;
    return erased;
  }
}

export interface PersonErasureProcessorOptions {
  readonly kafka: Kafka;
  readonly service: string;
  /** identity's user topic under the installation's prefix. */
  readonly identityUserTopic: string;
  readonly erasure: PersonErasure;
  readonly logger?: MessagingLogger;
}

/**
 * Runs PersonErasure on every `identity.user.deleted`, in its own consumer group from the
 * beginning of identity's topic (a new installation erases everyone deleted before). A
 * redelivery finds nothing left and changes nothing.
 */
export function personErasureProcessor(options: PersonErasureProcessorOptions): EventProcessor {
  return eventTypesProcessor(
    { kafka: options.kafka, service: options.service, registry: new ContractRegistry(identityContracts, identityUpcasters), ...(options.logger ? { logger: options.logger } : {}) },
    {
      processor: PERSON_ERASURE_PROCESSOR,
      topics: [options.identityUserTopic],
      types: ['identity.user.deleted'],
      handle: async (envelope: EventEnvelope) => {
        const erased = await options.erasure.erase(envelope.aggregateId);
        if (erased > 0) options.logger?.info('erased a deleted person\'s streams', { streams: erased });
      },
    },
  );
}
