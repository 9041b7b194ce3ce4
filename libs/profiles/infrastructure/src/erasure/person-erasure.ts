import { identityContracts, identityUpcasters } from '@plein/identity/contracts';
import { ContractRegistry } from '@plein/shared/contracts';
import type { MongoEventStore } from '@plein/shared/event-store';
import { streamId, ValidationError, type EventEnvelope } from '@plein/shared/kernel';
import { eventTypesProcessor, type EventProcessor, type MessagingLogger } from '@plein/shared/messaging';
import type { Kafka } from 'kafkajs';

/** Consumer group `<service>.person-erasure` (not versioned: it keeps no read model). */
export const PERSON_ERASURE_PROCESSOR = 'person-erasure';

/**
 * Where other streams of profiles name a person (docs/adr/0025, "Update"): the envelope `actorId`
 * of every event (an admin's edits of someone else's profile or of the taxonomy) and these data
 * paths. Endorsement streams are not listed: every one naming the person is theirs and erased.
 */
export const PERSON_REFERENCES: Readonly<Record<string, readonly string[]>> = {
  profile: [],
  taxonomy: [],
  expert: ['authorId', 'experts[].userId'],
};

const REFERENCES_PAGE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Erases a deleted person's streams from the profiles event store (docs/adr/0025): their profile
 * stream (`profile-<userId>`) and every endorsement they gave or received
 * (`endorsement-<endorseeId>:<skill>:<endorserId>`). Each goes with its outbox state and
 * idempotency records and leaves a tombstone keyed by a hash (the store's `erase`), so a late
 * command cannot recreate it and a rebuild from the store never sees it. Other streams that name
 * them (an expert suggestion, their edits as an admin) keep their events with the id replaced by
 * erasureKey(id). Idempotent.
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

  /**
   * The ids of other streams (not their own) whose events still name the person
   * (PERSON_REFERENCES): per aggregate type on the `aggregate_type` index, paged by `_id`
   * (REFERENCES_PAGE per round trip); the server evaluates the match on the events and answers
   * only the matching ids. Reads every stream of these types once (docs/adr/0025, "Update").
   */
  async referencesOf(userId: string): Promise<{ streamId: string; paths: readonly string[] }[]> {
    if (!UUID.test(userId)) throw new ValidationError('PROFILES.INVALID_USER_ID', [{ field: 'userId', message: 'must be a UUID' }]);
    const found: { streamId: string; paths: readonly string[] }[] = [];
    const own = streamId('profile', userId);
    for (const [aggregateType, paths] of Object.entries(PERSON_REFERENCES)) {
      const named = [{ 'events.actorId': userId }, ...paths.map((path) => ({ [`events.data.${path.replaceAll('[]', '')}`]: userId }))];
      let after: string | null = null;
      for (;;) {
        const filter: Record<string, unknown> = { aggregateType, $or: named, ...(after === null ? {} : { _id: { $gt: after } }) };
        const page = await this.store.collection.find(filter, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(REFERENCES_PAGE).toArray();
        // Their own profile stream is erased, not redacted.
        found.push(...page.filter((doc) => doc._id !== own).map((doc) => ({ streamId: doc._id, paths })));
        if (page.length < REFERENCES_PAGE) break;
        after = page[page.length - 1]!._id;
      }
    }
    return found;
  }

  /**
   * Erases the person's streams and takes them out of every other stream that names them
   * (`redactPerson`: their id becomes erasureKey(id)); answers how many streams changed. The
   * profile stream is tombstoned even when never written.
   */
  async erase(userId: string): Promise<number> {
    const streams = await this.streamsOf(userId);
    const profile = streamId('profile', userId);
    let changed = 0;
    for (const stream of new Set([profile, ...streams])) if (await this.store.erase(stream)) changed++;
    for (const { streamId: other, paths } of await this.referencesOf(userId)) if (await this.store.redactPerson(other, userId, paths)) changed++;
    return changed;
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
