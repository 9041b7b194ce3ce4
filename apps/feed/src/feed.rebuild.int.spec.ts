import { ProjectionRegistry } from '@plein/shared/projections';
import { feedPerSuite, newUser, waitFor } from './testing/feed-test-kit';
import { runProjectionRebuild } from '@plein/shared/testing';

const rebuild = (args: string[], env: NodeJS.ProcessEnv) => runProjectionRebuild(args, env, 150_000);

/**
 * One feed projection rebuilt with the rebuild command, on its own: `posts` goes from v2 to a v3
 * with the same logic, replayed from the event store beside the live v2 (fed by Kafka), checked
 * document for document (checksum), then serves reads; the other projections stay where they are.
 */
describe('rebuilding one feed projection (npm run projection:rebuild, real servers)', () => {
  const suite = feedPerSuite();
  const author = newUser();
  const reader = newUser();

  it('rebuilds posts to a new version equal to the live one and switches reads to it', async () => {
    const infra = suite.feed.service.infrastructure;
    const ids: string[] = [];
    for (const body of ['First #news', 'Second', 'Third, to be deleted']) {
      const res = await suite.feed.call(author, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body, callToAction: { kind: 'fyi' } });
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
    expect((await suite.feed.call(author, 'PATCH', `/v1/posts/${ids[0]}`, { body: 'First, edited #news' })).status).toBe(200);
    expect((await suite.feed.call(author, 'DELETE', `/v1/posts/${ids[2]}`)).status).toBe(204);
    const before = await Promise.all(ids.slice(0, 2).map(async (id) => (await suite.feed.call(reader, 'GET', `/v1/posts/${id}`)).body));

    // The live v2 consumer has seen every event (the relay published them all).
    const posts = infra.collections.db.collection(`${infra.service}_posts_v2`);
    await waitFor('posts v2 caught up', async () => (await posts.countDocuments({ lastSequence: { $gte: 1 } })) === 3 && (await posts.countDocuments({ edits: 1, deleted: false })) === 1);

    const env = { SERVICE_NAME: infra.service, KAFKA_TOPIC_PREFIX: suite.feed.prefix, MONGODB_DB: suite.feed.database };
    const result = await rebuild(['--catalogue', 'apps/feed/src/testing/rebuild.catalogue.ts', '--projection', 'posts', '--to', '3', '--verify', 'checksum', '--drop-delay-ms', '500'], env);
    expect([result.code, result.stderr.split('\n').filter((l) => l.includes('"error"'))]).toEqual([0, []]);
    const report = JSON.parse(result.stdout) as { fromVersion: number; toVersion: number; counts: unknown; checksums: { active: string; rebuilt: string } };
    expect(report).toMatchObject({ name: 'posts', fromVersion: 2, toVersion: 3, counts: { active: 3, rebuilt: 3 } });
    expect(report.checksums.rebuilt).toBe(report.checksums.active);

    const registry = new ProjectionRegistry(infra.collections.db, infra.service);
    expect(await registry.get('posts')).toMatchObject({ activeVersion: 3, liveVersions: [3] });
    expect(await registry.get('comments')).toMatchObject({ activeVersion: 2, liveVersions: [2] });
    const names = (await infra.collections.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toContain(`${infra.service}_posts_v3`);
    expect(names).not.toContain(`${infra.service}_posts_v2`);

    // Reads follow the switch (the registry cache expires within seconds) and answer as before.
    await waitFor('reads from v3', async () => (await infra.collections.of('posts')).collectionName === `${infra.service}_posts_v3`, 20_000);
    const after = await Promise.all(ids.slice(0, 2).map(async (id) => (await suite.feed.call(reader, 'GET', `/v1/posts/${id}`)).body));
    expect(after).toEqual(before);
    expect((await suite.feed.call(reader, 'GET', `/v1/posts/${ids[2]}`)).status).toBe(404);
  }, 240_000);
});
