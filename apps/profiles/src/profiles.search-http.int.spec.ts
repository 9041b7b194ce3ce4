import { ProfilesSearch } from '@plein/profiles/infrastructure';
import { Client } from '@elastic/elasticsearch';
import { profilesPerSuite, waitFor } from './testing/profiles-harness';

/**
 * GET /v1/profiles/search on the running service: identity's events and the person's own edits
 * reach the index through the search source consumer (real Kafka, FerretDB, Elasticsearch);
 * a deactivated person leaves the answers within 5 s; a redelivered event changes nothing;
 * bad input answers problem+json naming the field.
 */
describe('profiles search over HTTP', () => {
  const suite = profilesPerSuite({ SEARCH_TAXONOMY_REBUILD_DELAY_SECONDS: '1' });
  let client: Client;
  beforeAll(() => {
    client = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });
  });
  afterAll(async () => {
    await client?.indices.delete({ index: `${suite.profiles.indexPrefix}*` }, { ignore: [404] }).catch(() => undefined);
    await client?.close();
  });

  const search = async (viewer: string, query: string) => suite.profiles.call(viewer, 'GET', `/v1/profiles/search?${query}`);
  const ids = (body: { items: { userId: string }[] }) => body.items.map((i) => i.userId);
  const searchIndex = () => suite.profiles.service.app.get(ProfilesSearch);

  it('finds a person by their own edits and directory data, and drops them within 5 s of their deactivation', async () => {
    const { profiles } = suite;
    const ada = await profiles.identity.provision({ displayName: 'Ada Lovelace', title: 'Ontwikkelaar platform', department: 'IT', location: 'Utrecht' });
    const viewer = await profiles.identity.provision({ displayName: 'Bob Viewer' });
    await waitFor('ada indexed', async () => ids((await search(viewer, 'q=ada')).body).includes(ada));
    await waitFor('ada profile', async () => (await profiles.call(ada, 'GET', `/v1/profiles/${ada}`)).status === 200);
    const edit = await profiles.call(ada, 'PATCH', `/v1/profiles/${ada}`, { skills: ['Kubernetes'], languages: [{ code: 'fr', level: 'C1' }], askMeAbout: ['Clusters beheren'] });
    expect(edit.status).toBe(200);
    await waitFor('ada skills indexed', async () => ids((await search(viewer, 'q=who%20knows%20kubernetes%3F')).body).includes(ada));

    const spoken = await search(viewer, `q=${encodeURIComponent('wie spreekt Frans?')}&department=IT`);
    expect(spoken.status).toBe(200);
    expect(ids(spoken.body)).toEqual([ada]);
    expect(spoken.body.interpreted).toEqual({ text: '', languages: ['fr'] });
    expect(spoken.body.facets.department).toEqual([{ value: 'IT', count: 1 }]);
    const inflected = await search(viewer, 'q=ontwikkelaars');
    expect(ids(inflected.body)).toEqual([ada]);
    expect(inflected.body.items[0].highlights.title).toEqual(['<em>Ontwikkelaar</em> platform']);

    const started = Date.now();
    await profiles.identity.deactivated(ada);
    await waitFor('ada gone', async () => !ids((await search(viewer, 'q=kubernetes')).body).includes(ada), 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('applies a redelivered identity event once (the document keeps its version)', async () => {
    const { profiles } = suite;
    const viewer = await profiles.identity.provision({ displayName: 'Viewer Two' });
    const cas = await profiles.identity.provision({ displayName: 'Cas Redelivered' });
    const renamed = await profiles.identity.attributesChanged(cas, { title: 'Kafka specialist' });
    await waitFor('cas title', async () => ids((await search(viewer, 'q=kafka%20specialist')).body).includes(cas));
    const alias = searchIndex().index.alias;
    const before = await client.get({ index: alias, id: cas });
    await profiles.identity.send([renamed, renamed]);
    await waitFor('source consumer caught up', async () => (await searchIndex().consumer!.lag()).total === 0);
    const after = await client.get({ index: alias, id: cas });
    expect(after._version).toBe(before._version);
    expect((await searchIndex().source.get(cas))?.revision).toBe(before._version);
  });

  it('ranks by expertise evidence from the expertise part: an endorsement lifts a person and says why', async () => {
    const { profiles } = suite;
    const viewer = await profiles.identity.provision({ displayName: 'Viewer Five' });
    const eva = await profiles.identity.provision({ displayName: 'Eva Streams', department: 'Evidence' });
    const femke = await profiles.identity.provision({ displayName: 'Femke Streams', department: 'Evidence' });
    for (const person of [eva, femke]) {
      await waitFor('profile', async () => (await profiles.call(person, 'GET', `/v1/profiles/${person}`)).status === 200);
      expect((await profiles.call(person, 'PATCH', `/v1/profiles/${person}`, { skills: ['Flink'] })).status).toBe(200);
    }
    const flink = async () => (await search(viewer, 'q=flink&department=Evidence')).body as { items: { userId: string; why: { expertise: { topic: string }[] } }[] };
    await waitFor('both indexed', async () => (await flink()).items.length === 2);
    // Whoever is endorsed comes first, with the endorsement as the reason.
    const endorsed = ids(await flink())[1]!;
    expect((await profiles.call(viewer, 'PUT', `/v1/profiles/${endorsed}/endorsements/flink`)).status).toBe(200);
    await waitFor('endorsed first', async () => ids(await flink())[0] === endorsed, 15_000);
    expect((await flink()).items[0]!.why.expertise.map((e) => e.topic)).toContain('flink');
  });

  it('rebuilds the index after a taxonomy change, so a new synonym finds people', async () => {
    const { profiles } = suite;
    const admin = await profiles.identity.provision({ displayName: 'Admin Taxonomy' });
    profiles.withRoles(admin, ['employee', 'admin']);
    const kim = await profiles.identity.provision({ displayName: 'Kim Clusters' });
    await waitFor('kim profile', async () => (await profiles.call(kim, 'GET', `/v1/profiles/${kim}`)).status === 200);
    expect((await profiles.call(kim, 'PATCH', `/v1/profiles/${kim}`, { skills: ['Nomad'] })).status).toBe(200);
    await waitFor('kim indexed', async () => ids((await search(admin, 'q=nomad')).body).includes(kim));
    expect(ids((await search(admin, 'q=hashicorp%20scheduler')).body)).not.toContain(kim);
    const before = await searchIndex().index.activeIndex();

    expect((await profiles.call(admin, 'PUT', '/v1/profiles/taxonomy/terms/nomad', { labels: { en: 'Nomad', nl: 'Nomad' }, synonyms: ['hashicorp scheduler'] })).status).toBe(200);
    await waitFor('synonym active', async () => ids((await search(admin, 'q=hashicorp%20scheduler')).body).includes(kim), 30_000);
    expect(await searchIndex().index.activeIndex()).not.toBe(before);
  }, 60_000);

  it('answers bad input with a problem naming the field, and refuses callers without a token', async () => {
    const { profiles } = suite;
    const viewer = await profiles.identity.provision({ displayName: 'Viewer Three' });
    for (const [query, field] of [
      ['limit=0', 'query.limit'],
      ['limit=101', 'query.limit'],
      ['language=french', 'query.language'],
      ['language=fr:Z9', 'query.language'],
      ['managementLevel=boss', 'query.managementLevel'],
      [`skill=${Array.from({ length: 11 }, (_, i) => `s${i}`).join(',')}`, 'query.skill'],
      [`q=${'x'.repeat(201)}`, 'query.q'],
      ['cursor=%24%24', 'query.cursor'],
      ['cursor=WzEsImEiLCJ4Il0', 'query.cursor'], // a well-formed cursor of another query
    ] as const) {
      const res = await search(viewer, query);
      expect([query, res.status, res.headers.get('content-type')?.split(';')[0]]).toEqual([query, 400, 'application/problem+json']);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    expect((await suite.profiles.call(null, 'GET', '/v1/profiles/search?q=x')).status).toBe(401);
    const doc = await suite.profiles.call(null, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toContain('/v1/profiles/search');
  });

  it('pages with nextCursor through everyone', async () => {
    const { profiles } = suite;
    const viewer = await profiles.identity.provision({ displayName: 'Viewer Four', department: 'Paging' });
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await profiles.identity.provision({ displayName: `Pager ${i}`, department: 'Paging' }));
    await waitFor('all paging people', async () => (await search(viewer, 'department=Paging&limit=100')).body.total === 6);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await search(viewer, `department=Paging&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res.body));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([viewer, ...people].sort());
  });
});
