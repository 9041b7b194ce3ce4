import { UNCHECKED_CONTRACTS } from '@plein/shared/messaging';
import type { Admin, Kafka } from 'kafkajs';
import { cleanupKafka, createTopics, publish, testDatabase, testKafka, uniqueName, waitFor } from '../../messaging/src/testing/int-kit';
import { projectionCollectionName, projectionGroupId } from './projection';
import { ProjectionHost } from './projection-host';
import { MongoProjectionStore } from './projection-store';
import { applyOnce, noteHistory, noteTagsProjection, notesProjection } from './testing/notes.projections';

describe('projections fed by Kafka with every message delivered twice', () => {
  let kafka: Kafka;
  let admin: Admin;
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let host: ProjectionHost | undefined;
  const service = `t${Date.now().toString(36)}`;
  const topic = uniqueName('test.note.events.v1');

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic], 2);
    database = await testDatabase();
  });
  afterAll(async () => {
    await host?.stop();
    const groups = ['notes', 'note-tags'].map((name) => projectionGroupId(service, { name }, 1));
    await cleanupKafka(admin, [topic, ...groups.map((g) => `${g}.dlq`)], groups);
    await admin.disconnect();
    await database.drop();
  });

  it('builds the same read models as a single delivery would', async () => {
    const events = noteHistory();
    // Adjacent duplicates (a producer retry) and a whole second round (a relay republishing).
    await publish(kafka, topic, [...events.flatMap((e) => [e, e]), ...events]);
    const notes = notesProjection(topic);
    const tags = noteTagsProjection(topic);
    host = new ProjectionHost({ kafka, service, db: database.db, contracts: UNCHECKED_CONTRACTS, projections: [notes, tags], processorOptions: { retry: { attempts: 2, initialBackoffMs: 10, maxBackoffMs: 20 } } });
    await host.start();
    expect(host.processors().map((p) => p.group).sort()).toEqual([`${service}.note-tags.v1`, `${service}.notes.v1`]);
    await waitFor(async () => (await host!.lag()).every((l) => l.total === 0), 30_000, 'both projections caught up');

    expect(host.processors().map((p) => p.stats().deadLettered)).toEqual([0, 0]);
    const live = database.db.collection<{ _id: string }>(projectionCollectionName(service, notes, 1));
    expect(await live.findOne({ _id: 'n-2' })).toEqual({
      _id: 'n-2', text: 'n-2 v3', author: 'u-n-2', edits: 2, createdAt: events[4]!.occurredAt, updatedAt: events[7]!.occurredAt, lastSequence: 4,
    });
    expect((await database.db.collection(projectionCollectionName(service, tags, 1)).find({ noteId: 'n-1' }).toArray()).map((r) => r._id).sort()).toEqual(['a:n-1', 'b:n-1', 'n-1:n-1']);

    for (const projection of [notes, tags]) {
      const single = await applyOnce(database.db, `${service}x`, projection, events);
      await expect(new MongoProjectionStore(projection, service, database.db).checksum(1)).resolves.toBe(single);
    }
    const registry = await host.registry.get('notes');
    expect(registry).toMatchObject({ activeVersion: 1, liveVersions: [1], rebuild: null });
    await expect(host.registry.activeCollection(notes).then((c) => c.collectionName)).resolves.toBe(`${service}_notes_v1`);
  });
});
