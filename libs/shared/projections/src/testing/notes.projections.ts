/**
 * Test projections over a `note` aggregate (never built into dist): `notes` is owned by one
 * aggregate (sequence guard), `note-tags` is a many-row model with deterministic ids.
 */
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import type { mongo } from 'mongoose';
import { defineProjection, type ProjectionDefinition } from '../projection';
import { MongoProjectionStore } from '../projection-store';
import { applyInSequence } from '../guards/sequence-guard';
import { compositeRowId, insertOnce } from '../guards/deterministic-id';

export interface NoteData {
  readonly text: string;
  readonly tags?: readonly string[];
}

export function notesProjection(topic: string, version = 1): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: 'notes',
    version,
    topics: [topic],
    aggregateTypes: ['note'],
    async setup(ctx) {
      await ctx.collection.createIndex({ author: 1 });
    },
    async apply(event, ctx) {
      const e = event as EventEnvelope<NoteData>;
      const update =
        e.type === 'test.note.written'
          ? { $set: { text: e.data.text, author: e.actorId, edits: 0, createdAt: e.occurredAt, updatedAt: e.occurredAt } }
          : e.type === 'test.note.edited'
            ? { $set: { text: e.data.text, updatedAt: e.occurredAt }, $inc: { edits: 1 } }
            : {}; // still advances lastSequence
      await applyInSequence(ctx.collection, e.aggregateId, e.sequence, update);
    },
  });
}

export function noteTagsProjection(topic: string, version = 1): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: 'note-tags',
    version,
    topics: [topic],
    aggregateTypes: ['note'],
    async apply(event, ctx) {
      const e = event as EventEnvelope<NoteData>;
      for (const tag of e.data.tags ?? []) {
        await insertOnce(ctx.collection, { _id: compositeRowId(tag, e.aggregateId), tag, noteId: e.aggregateId, taggedAt: e.occurredAt });
      }
    },
  });
}

let clockTick = 0;
/** A note event with deterministic timestamps (a minute apart) and fresh ids. */
export function noteEvent(overrides: Partial<EventEnvelope<NoteData>> & Pick<EventEnvelope<NoteData>, 'aggregateId' | 'sequence' | 'type' | 'data'>): EventEnvelope<NoteData> {
  return {
    id: uuidv7(),
    version: 1,
    source: 'plein/test',
    aggregateType: 'note',
    occurredAt: new Date(Date.UTC(2026, 0, 1) + ++clockTick * 60_000).toISOString(),
    correlationId: 'corr-1',
    causationId: 'cause-1',
    actorId: 'user-1',
    ...overrides,
  };
}

export function noteHistory(): EventEnvelope<NoteData>[] {
  const events: EventEnvelope<NoteData>[] = [];
  for (const id of ['n-1', 'n-2', 'n-3', 'n-4']) {
    events.push(noteEvent({ aggregateId: id, sequence: 1, type: 'test.note.written', actorId: `u-${id}`, data: { text: `${id} v1`, tags: ['a', id] } }));
    events.push(noteEvent({ aggregateId: id, sequence: 2, type: 'test.note.edited', data: { text: `${id} v2`, tags: ['b'] } }));
    events.push(noteEvent({ aggregateId: id, sequence: 3, type: 'test.note.pinned', data: { text: '' } }));
    events.push(noteEvent({ aggregateId: id, sequence: 4, type: 'test.note.edited', data: { text: `${id} v3` } }));
  }
  return events;
}

/** The read model a single, in-order application of `events` produces (no Kafka involved). */
export async function applyOnce(db: mongo.Db, service: string, projection: ProjectionDefinition, events: readonly EventEnvelope[]): Promise<string> {
  const store = new MongoProjectionStore(projection, service, db);
  await store.prepare(projection.version);
  for (const e of events) await (projection.apply as (e: EventEnvelope, c: unknown) => Promise<void>)(e, store.context(projection.version, 'rebuild'));
  return store.checksum(projection.version);
}
