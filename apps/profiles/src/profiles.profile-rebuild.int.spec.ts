import { ProjectionRegistry } from '@plein/shared/projections';
import { runProjectionRebuild } from '@plein/shared/testing';
import { uuidv7 } from '@plein/shared/kernel';
import mongoose from 'mongoose';
import { profilesPerSuite, projectionsCaughtUp, waitFor } from './testing/profiles-harness';

/**
 * The taxonomy read model rebuilt with the rebuild command: v1 → a v2 with the same logic,
 * replayed from profiles' event store beside the live v1, checked document for document
 * (checksum), then serving reads; profile-views stays where it is.
 */
describe('rebuilding the taxonomy projection (npm run projection:rebuild, real servers)', () => {
  const suite = profilesPerSuite();
  const admin = uuidv7();

  it('rebuilds taxonomy to a new version equal to the live one and switches reads to it', async () => {
    suite.profiles.withRoles(admin, ['employee', 'admin']);
    const put = (termId: string, body: unknown) => suite.profiles.call(admin, 'PUT', `/v1/profiles/taxonomy/terms/${termId}`, body);
    expect((await put('kubernetes', { labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s'] })).status).toBe(200);
    expect((await put('french', { labels: { en: 'French', nl: 'Frans' } })).status).toBe(200);
    expect((await put('kubernetes', { labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s', 'kube'] })).status).toBe(200);
    expect((await put('cobol', { labels: { en: 'COBOL', nl: 'COBOL' } })).status).toBe(200);
    expect((await suite.profiles.call(admin, 'DELETE', '/v1/profiles/taxonomy/terms/cobol')).status).toBe(204);
    const before = (await suite.profiles.call(admin, 'GET', '/v1/profiles/taxonomy')).body;
    await projectionsCaughtUp(suite.profiles);

    const env = { SERVICE_NAME: suite.profiles.serviceName, KAFKA_TOPIC_PREFIX: suite.profiles.prefix, MONGODB_DB: suite.profiles.database };
    const args = ['--catalogue', 'apps/profiles/src/testing/rebuild.catalogue.ts', '--projection', 'taxonomy', '--to', '2', '--verify', 'checksum', '--drop-delay-ms', '500'];
    const result = await runProjectionRebuild(args, env, 150_000);
    expect([result.code, result.stderr.split('\n').filter((l) => l.includes('"error"'))]).toEqual([0, []]);
    const report = JSON.parse(result.stdout) as { checksums: { active: string; rebuilt: string } };
    expect(report).toMatchObject({ name: 'taxonomy', fromVersion: 1, toVersion: 2, counts: { active: 3, rebuilt: 3 } });
    expect(report.checksums.rebuilt).toBe(report.checksums.active);

    const db = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: suite.profiles.database }).asPromise();
    try {
      const registry = new ProjectionRegistry(db.db!, suite.profiles.serviceName);
      expect(await registry.get('taxonomy')).toMatchObject({ activeVersion: 2, liveVersions: [2] });
      expect(await registry.get('profile-views')).toMatchObject({ activeVersion: 1, liveVersions: [1] });
    } finally {
      await db.close();
    }
    // The service's reads follow the switch (its registry cache expires within seconds) and answer as before.
    const serving = suite.profiles.service.infrastructure.registry;
    await waitFor('reads from v2', async () => (await serving.activeCollection('taxonomy')).collectionName === `${suite.profiles.serviceName}_taxonomy_v2`, 20_000);
    expect((await suite.profiles.call(admin, 'GET', '/v1/profiles/taxonomy')).body).toEqual(before);
  }, 240_000);
});
