import { UNCHECKED_CONTRACTS } from '@plein/shared/messaging';
import type { Admin, Kafka } from 'kafkajs';
import { cleanupKafka, createTopics, publish, testDatabase, testEnvelope, testKafka, uniqueName, waitFor } from '../../messaging/src/testing/int-kit';
import { projectionCollectionName, projectionGroupId } from './projection';
import { ProjectionHost } from './projection-host';
import { MongoProjectionStore } from './projection-store';
import { rebuildProjection } from './rebuild-projection';
import { MemoryEventSource } from './testing/memory-event-source';
import { applyOnce, noteHistory, notesProjection } from './testing/notes.projections';

describe('blue-green projection rebuild (real Kafka and MongoDB-compatible server)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let database: Awaited<ReturnType<typeof testDatabase>>;
  const hosts: ProjectionHost[] = [];
  const service = `t${Date.now().toString(36)}`;
  const topic = uniqueName('test.note.events.v1');
  const groups = [1, 2, 3].map((v) => projectionGroupId(service, { name: 'notes' }, v));
  const processorOptions = { consumer: { sessionTimeout: 10_000, heartbeatInterval: 1_000 } };

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic], 2);
    database = await testDatabase();
  });
  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await cleanupKafka(admin, [topic, ...groups.map((g) => `${g}.dlq`)], groups);
    await admin.disconnect();
    await database.drop();
  });

  it('builds v2 beside v1 from the event store, catches up from Kafka, switches reads and drops v1', async () => {
    const store = new MemoryEventSource();
    const history = noteHistory();
    store.append(...history);
    await publish(kafka, topic, history);
    const v1 = notesProjection(topic, 1);
    const v2 = notesProjection(topic, 2);

    // Running service, old code: bootstraps and serves v1.
    const before = new ProjectionHost({ kafka, service, db: database.db, contracts: UNCHECKED_CONTRACTS, projections: [v1], processorOptions });
    hosts.push(before);
    await before.start();
    await waitFor(async () => (await before.lag())[0]?.total === 0, 30_000, 'v1 caught up');
    await before.stop();
    // New code knows v1 and v2; the registry still says v1, so only v1 runs.
    const host = new ProjectionHost({ kafka, service, db: database.db, contracts: UNCHECKED_CONTRACTS, projections: [v1, v2], pollIntervalMs: 300, processorOptions });
    hosts.push(host);
    await host.start();
    expect(host.processors().map((p) => p.group)).toEqual([groups[0]]);

    // Events appended and published while the replay runs reach v2 through Kafka only.
    const late = [
      testEnvelope({ aggregateId: 'n-1', sequence: 5, type: 'test.note.edited', data: { text: 'n-1 late' } }),
      testEnvelope({ aggregateId: 'n-9', sequence: 1, type: 'test.note.written', actorId: 'u-9', data: { text: 'n-9 new' } }),
    ];
    store.afterReplay = async () => {
      store.append(...late);
      await publish(kafka, topic, late);
    };

    const report = await rebuildProjection({
      kafka, service, db: database.db, contracts: UNCHECKED_CONTRACTS, projection: v2, eventSource: store,
      verify: 'checksum', dropDelayMs: 0, catchUpTimeoutMs: 30_000, processorOptions,
    });

    expect(report).toMatchObject({ name: 'notes', fromVersion: 1, toVersion: 2, replayed: history.length, counts: { active: 5, rebuilt: 5 } });
    expect(report.checksums!.rebuilt).toBe(report.checksums!.active);
    const expected = await applyOnce(database.db, `${service}x`, v2, store.events);
    await expect(new MongoProjectionStore(v2, service, database.db).checksum(2)).resolves.toBe(expected);
    expect(await database.db.collection<{ _id: string }>(projectionCollectionName(service, v2, 2)).findOne({ _id: 'n-1' })).toMatchObject({ text: 'n-1 late', lastSequence: 5 });

    // Reads switched, v1 dropped, the host followed the registry.
    expect(await host.registry.get('notes')).toMatchObject({ activeVersion: 2, liveVersions: [2], rebuild: null });
    await expect(host.registry.activeCollection(v2).then((c) => c.collectionName)).resolves.toBe(`${service}_notes_v2`);
    const collections = (await database.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(collections).toContain(`${service}_notes_v2`);
    expect(collections).not.toContain(`${service}_notes_v1`);
    await waitFor(() => host.processors().map((p) => p.group).join() === groups[1], 5_000, 'host runs only v2');
    const remainingGroups = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(remainingGroups).not.toContain(groups[0]);

    // v2 is live: a new event reaches it through the host.
    await publish(kafka, topic, [testEnvelope({ aggregateId: 'n-9', sequence: 2, type: 'test.note.edited', data: { text: 'n-9 after switch' } })]);
    const active = await host.registry.activeCollection(v2);
    await waitFor(async () => (await active.findOne({ _id: 'n-9' }))?.['text'] === 'n-9 after switch', 20_000, 'v2 fed live');
  });

  it('refuses to rebuild the active version and rolls back on a mismatch', async () => {
    const source = new MemoryEventSource();
    const common = { kafka, service, db: database.db, contracts: UNCHECKED_CONTRACTS, eventSource: source, dropDelayMs: 0, catchUpTimeoutMs: 20_000, processorOptions };
    await expect(rebuildProjection({ ...common, projection: notesProjection(topic, 2) })).rejects.toMatchObject({ code: 'PROJECTIONS.ALREADY_ACTIVE' });
    // An empty event store cannot reproduce v2: v3 differs in count, nothing switches, v3 is gone.
    await expect(rebuildProjection({ ...common, projection: notesProjection(topic, 3), verify: 'count' })).rejects.toMatchObject({ code: 'PROJECTIONS.MISMATCH' });
    expect(await hosts[1]!.registry.get('notes')).toMatchObject({ activeVersion: 2, liveVersions: [2], rebuild: null });
    const collections = (await database.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(collections).not.toContain(`${service}_notes_v3`);
  });
});
