import { MongoEventStore } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import { UNCHECKED_CONTRACTS } from '@plein/shared/messaging';
import type { Admin, Kafka } from 'kafkajs';
import { cleanupKafka, createTopics, publish, testDatabase, testKafka, uniqueName, waitFor } from '../../../messaging/src/testing/int-kit';
import { projectionGroupId } from '../projection';
import { ProjectionHost } from '../projection-host';
import { ProjectionRegistry } from '../projection-registry';
import { noteHistory, notesProjection } from '../testing/notes.projections';
import { runProjectionRebuild } from '@plein/shared/testing';

const CATALOGUE = 'libs/shared/projections/src/testing/test-catalogue.ts';

const run = (args: string[], env: NodeJS.ProcessEnv) => runProjectionRebuild(args, env, 90_000);

describe('npm run projection:rebuild (real servers)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let database: Awaited<ReturnType<typeof testDatabase>>;
  const service = `t${Date.now().toString(36)}`;
  const topic = uniqueName('test.note.events.v1');
  const groups = [1, 2].map((v) => projectionGroupId(service, { name: 'notes' }, v));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic], 1);
    database = await testDatabase();
    // The history goes into the real event store, and is published as its outbox relay would.
    const store = new MongoEventStore({ connection: database.connection, service });
    await store.init();
    for (const event of noteHistory()) {
      const meta = { correlationId: 'c', causationId: event.id, actorId: event.actorId };
      await store.append(`note-${event.aggregateId}`, event.sequence - 1, [{ type: event.type, version: 1, data: event.data }], meta);
    }
    const stored: EventEnvelope[] = [];
    for await (const event of store.readAll()) stored.push(event);
    expect(stored).toHaveLength(16);
    await publish(kafka, topic, stored);
    env = { PLEIN_TEST_SERVICE: service, PLEIN_TEST_TOPIC: topic, MONGODB_DB: database.db.databaseName };
  });
  afterAll(async () => {
    await cleanupKafka(admin, [topic, ...groups.map((g) => `${g}.dlq`)], groups);
    await admin.disconnect();
    await database.drop();
  });

  it('rebuilds a projection to a new version with one command', async () => {
    const host = new ProjectionHost({ kafka, service, db: database.db, contracts: UNCHECKED_CONTRACTS, projections: [notesProjection(topic, 1)] });
    await host.start();
    await waitFor(async () => (await host.lag())[0]?.total === 0, 30_000, 'v1 caught up');
    await host.stop();

    const result = await run(['--catalogue', CATALOGUE, '--projection', 'notes', '--to', '2', '--verify', 'checksum', '--drop-delay-ms', '0', '--catch-up-timeout-ms', '30000'], env);
    expect(result).toMatchObject({ code: 0 });
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ name: 'notes', fromVersion: 1, toVersion: 2, replayed: 16, counts: { active: 4, rebuilt: 4 } });
    expect(report.checksums.rebuilt).toBe(report.checksums.active);
    expect(await new ProjectionRegistry(database.db, service).get('notes')).toMatchObject({ activeVersion: 2, liveVersions: [2] });

    const listed = await run(['--catalogue', CATALOGUE, '--list'], env);
    expect(JSON.parse(listed.stdout)).toEqual([{ name: 'notes', definedVersions: [1, 2], activeVersion: 2, liveVersions: [2], rebuilding: null }]);
  }, 180_000); // two CLI processes that compile on start: ~20 s idle, over 60 s on a loaded 2-core machine

  it('explains its usage', async () => {
    const result = await run(['--catalogue', CATALOGUE, '--projection', 'notes'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--to is required');
    expect(result.stderr).toContain('usage: npm run projection:rebuild');
  });
});
