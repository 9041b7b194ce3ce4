import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { ProfilesSearch, SearchSourceRaceError, type ProfileSearchDocument, type SearchTaxonomyTerm } from '@plein/profiles/infrastructure';
import { erasureKey } from '@plein/shared/event-store';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { SequenceGapError } from '@plein/shared/projections';

/**
 * The search consumer's batch path (ProfilesSearch.applyBatch / applyExpertiseMany) against the
 * real Elasticsearch: it must end exactly where the same events applied one by one end (source
 * states, index documents and their versions), redeliveries change nothing, a gap keeps what
 * follows it waiting, a lost race writes nothing of the loser, a document beaten by a refused
 * writer's is written again, and a batch costs two requests (one `_mget` of states, one `_bulk`
 * of states and documents) however many people it names, and no MongoDB command at all.
 */
const TAXONOMY: SearchTaxonomyTerm[] = [{ termId: 'kafka', labels: { en: 'Apache Kafka', nl: 'Apache Kafka' }, synonyms: [] }];
const PEOPLE = 40;

describe('profiles search batch indexing (real Elasticsearch)', () => {
  const suffix = randomBytes(4).toString('hex');
  let client: Client;
  let single: ProfilesSearch;
  let batched: ProfilesSearch;
  const esRequests: string[] = [];
  /** The reads and writes of states and documents since the last reset (not the alias lookups). */
  const requests = () => esRequests.filter((r) => r.includes('_mget') || r.includes('_bulk')).map((r) => (r.includes('_mget') ? 'mget' : 'bulk'));
  const people = Array.from({ length: PEOPLE }, () => uuidv7());

  const event = (userId: string, aggregateType: 'user' | 'profile', sequence: number, type: string, data: unknown): EventEnvelope => ({
    id: `${userId}:${aggregateType}:${sequence}`, type, version: 1, source: aggregateType === 'user' ? 'plein/identity' : 'plein/profiles', aggregateType, aggregateId: userId, sequence,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(), correlationId: 'c', causationId: 'c', actorId: 'system:test', data,
  });
  const provisioned = (userId: string, i: number) =>
    event(userId, 'user', 1, 'identity.user.provisioned', {
      externalId: `hr-${i}`, userName: `user.${i}`, displayName: `Person ${i}`, givenName: 'Person', familyName: `${i}`, title: i % 2 ? 'Engineer' : undefined,
      department: 'IT', location: 'Utrecht', managementLevel: 'employee', managerId: null, roles: ['employee'], badges: [],
    });
  /** Per person: identity events (provisioned, then changes, a deactivation or a deletion for some) and profile edits. */
  function streams(userId: string, i: number): { identity: EventEnvelope[]; profile: EventEnvelope[] } {
    const identity = [provisioned(userId, i), event(userId, 'user', 2, 'identity.user.attributes-changed', { changes: { title: `Title ${i}`, location: null } })];
    if (i % 5 === 0) identity.push(event(userId, 'user', 3, 'identity.user.deactivated', { reason: 'deprovisioned' }));
    if (i % 7 === 0) identity.push(event(userId, 'user', identity.length + 1, 'identity.user.deleted', {}));
    const profile = [
      event(userId, 'profile', 1, 'profiles.profile.edited', { userId, changes: { skills: ['kafka', `skill${i}`], languages: [{ code: 'nl', level: 'native' }], askMeAbout: [], bio: 'Eerste versie' } }),
      event(userId, 'profile', 2, 'profiles.profile.edited', { userId, changes: { bio: i % 3 ? null : 'Tweede versie', askMeAbout: ['Streaming'] } }),
    ];
    return { identity, profile };
  }
  const all = people.map((id, i) => streams(id, i));

  /** The source row without its id, and the index document with its version, per person. */
  async function state(search: ProfilesSearch, userId: string) {
    const row = await search.source.get(userId);
    const { _id, ...fields } = row ?? { _id: '' };
    const doc = await client.get({ index: search.index.alias, id: userId }, { ignore: [404] });
    return { fields, found: doc.found, version: doc._version, source: doc._source };
  }

  beforeAll(async () => {
    client = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });
    client.diagnostic.on('request', (_error, request) => {
      if (request) esRequests.push(`${request.meta.request.params.method} ${request.meta.request.params.path} ${String(request.meta.request.params.body ?? '').slice(0, 200)}`);
    });
    const options = { elasticsearch: client, taxonomy: async () => TAXONOMY, taxonomyCacheMs: 60_000 };
    single = new ProfilesSearch({ ...options, indexPrefix: `t${suffix}-single-` });
    batched = new ProfilesSearch({ ...options, indexPrefix: `t${suffix}-batched-` });
    await Promise.all([single.ensure(), batched.ensure()]);
  }, 60_000);

  afterAll(async () => {
    await client?.indices.delete({ index: `t${suffix}-*` }, { ignore: [404] }).catch(() => undefined);
    await client?.close();
  });

  it('ends where the same events one by one end, in one _mget and one _bulk per batch', async () => {
    for (const { identity, profile } of all) for (const e of [...identity, ...profile]) await single.apply(e);
    await single.applyExpertiseMany([]); // no people: nothing read or written
    // As the consumer sees them: one partition of identity events, one of profile events.
    const identityBatch = all.flatMap((s) => s.identity);
    const profileBatch = all.flatMap((s) => s.profile);
    await batched.ensure();
    esRequests.length = 0;
    await expect(batched.applyBatch(identityBatch)).resolves.toEqual({ applied: identityBatch.length, duplicates: 0 });
    expect(requests()).toEqual(['mget', 'bulk']);
    expect(esRequests.filter((r) => r.startsWith('PUT') || r.startsWith('DELETE') || r.startsWith('GET'))).toEqual([]);
    esRequests.length = 0;
    await batched.applyBatch(profileBatch);
    expect(requests()).toEqual(['mget', 'bulk']);

    for (const userId of people) {
      const [a, b] = await Promise.all([state(single, userId), state(batched, userId)]);
      expect(b).toEqual(a);
    }
    // Not vacuous: people went through several revisions, some were deactivated or deleted.
    const first = await state(batched, people[1]!);
    expect(first.version).toBe(4);
    expect(first.fields).toMatchObject({ title: 'Title 1', askMeAbout: ['Streaming'], identitySequence: 2, profileSequence: 2 });
    expect(first.fields).not.toHaveProperty('location');
    expect(first.fields).not.toHaveProperty('bio');
    // A deleted person: no document, and their state keeps nothing but where their streams stand.
    const deleted = await state(batched, people[7]!);
    expect(deleted.found).toBe(false);
    expect(deleted.fields).toEqual({ userId: people[7], revision: 5, active: false, deleted: true, identitySequence: 3, profileSequence: 2 });
    // Stored under the hash of the id, holding no id: nothing in the source index names them.
    expect((await client.get({ index: batched.source.index, id: people[7]! }, { ignore: [404] })).found).toBe(false);
    const stored = await client.get<Record<string, unknown>>({ index: batched.source.index, id: erasureKey(people[7]!) });
    expect(stored._source).toEqual({ revision: 5, active: false, deleted: true, identitySequence: 3, profileSequence: 2 });
  });

  it('changes nothing twice: a redelivered batch, copies inside a batch and a redelivered prefix before new events', async () => {
    const before = await Promise.all(people.map((id) => state(batched, id)));
    const again = all.flatMap((s) => [...s.identity, ...s.identity.slice(0, 1)]);
    await expect(batched.applyBatch(again)).resolves.toEqual({ applied: 0, duplicates: again.length });
    expect(await Promise.all(people.map((id) => state(batched, id)))).toEqual(before);

    const next = event(people[1]!, 'user', 3, 'identity.user.attributes-changed', { changes: { title: 'Architect' } });
    await expect(batched.applyBatch([...all[1]!.identity, next, next])).resolves.toEqual({ applied: 1, duplicates: all[1]!.identity.length + 1 });
    await single.apply(next);
    await single.apply(next);
    expect(await state(batched, people[1]!)).toEqual(await state(single, people[1]!));
    expect((await state(batched, people[1]!)).version).toBe(5);
  });

  it('refuses a batch whose states another writer moved after the read (nothing of theirs written), and the event-by-event path then ends right', async () => {
    const userId = people[4]!;
    const other = people[6]!;
    const mine = event(userId, 'user', 3, 'identity.user.attributes-changed', { changes: { title: 'From the batch' } });
    const theirs = event(other, 'user', 3, 'identity.user.attributes-changed', { changes: { title: 'Not raced' } });
    const read = batched.source.read.bind(batched.source);
    // Between the batch's read and its write, the person's evidence arrives (another writer).
    batched.source.read = async (ids) => {
      const states = await read(ids);
      batched.source.read = read;
      await batched.applyExpertise(userId, '2026-02-15T00:00:00.000Z', [{ topic: 'go', score: 0.4, explanation: 'Wrote about Go' }]);
      return states;
    };
    try {
      await expect(batched.applyBatch([mine, theirs])).rejects.toMatchObject({ constructor: SearchSourceRaceError, userIds: [userId] });
    } finally {
      batched.source.read = read;
    }
    expect((await batched.source.get(userId))?.identitySequence).toBe(2);
    // The refused state's document was not written either: the index shows the winner's.
    expect((await state(batched, userId)).source).toMatchObject({ title: 'Title 4', expertise: [{ topic: 'go' }] });
    // The other person of the batch was written.
    expect((await state(batched, other)).source).toMatchObject({ title: 'Not raced' });
    await batched.apply(theirs);
    await batched.apply(mine);
    const after = await state(batched, userId);
    expect(after.source).toMatchObject({ title: 'From the batch', expertise: [{ topic: 'go' }] });
    expect(after.fields).toMatchObject({ identitySequence: 3, revision: after.version });
  });

  it('refuses a batch computed from a state another writer moved, even when the batch would write a higher revision than the other writer did', async () => {
    const userId = people[9]!;
    const mine = [3, 4].map((sequence) => event(userId, 'user', sequence, 'identity.user.attributes-changed', { changes: { title: `Title at ${sequence}` } }));
    const read = batched.source.read.bind(batched.source);
    // Between the read and the write, one evidence change (one revision up); the batch adds two.
    batched.source.read = async (ids) => {
      const states = await read(ids);
      batched.source.read = read;
      await batched.applyExpertise(userId, '2026-02-20T00:00:00.000Z', [{ topic: 'rust', score: 0.3, explanation: 'Wrote about Rust' }]);
      return states;
    };
    try {
      await expect(batched.applyBatch(mine)).rejects.toBeInstanceOf(SearchSourceRaceError);
    } finally {
      batched.source.read = read;
    }
    // Its document (two revisions up, above the winner's) got in, and was replaced by the winner's state above it.
    const between = await state(batched, userId);
    expect(between.source).toMatchObject({ title: 'Title 9', expertise: [{ topic: 'rust' }] });
    expect(between.fields).toMatchObject({ title: 'Title 9', identitySequence: 2, revision: between.version });
    for (const e of mine) await batched.apply(e);
    const after = await state(batched, userId);
    expect(after.source).toMatchObject({ title: 'Title at 4', expertise: [{ topic: 'rust' }] });
    expect(after.fields).toMatchObject({ identitySequence: 4, revision: after.version });
  });

  it('writes a taken state again above the document a refused writer got in first', async () => {
    const userId = people[8]!;
    const before = await state(batched, userId);
    const mine = event(userId, 'user', 3, 'identity.user.attributes-changed', { changes: { title: 'The state that won' } });
    const read = batched.source.read.bind(batched.source);
    // Between the read and the write, a writer whose state will be refused wrote its document, two revisions up.
    batched.source.read = async (ids) => {
      const states = await read(ids);
      batched.source.read = read;
      await batched.index.write(userId, before.version! + 2, { ...(before.source as ProfileSearchDocument), title: 'A refused writer' });
      return states;
    };
    try {
      await batched.applyBatch([mine]);
    } finally {
      batched.source.read = read;
    }
    const after = await state(batched, userId);
    expect(after.source).toMatchObject({ title: 'The state that won' });
    expect(after.version).toBe(before.version! + 3);
    expect(after.fields).toMatchObject({ title: 'The state that won', identitySequence: 3, revision: before.version! + 3 });
  });

  it('keeps a deleted person deleted when a crash left their live state next to the tombstone, and removes that state', async () => {
    const userId = people[7]!; // deleted in the first test
    const tombstone = await batched.source.get(userId);
    expect(tombstone?.deleted).toBe(true);
    // The crash between the tombstone's write and the live state's removal: a live state under the id.
    await client.index({ index: batched.source.index, id: userId, document: { userId, revision: 2, active: true, deleted: false, displayName: 'Person 7', identitySequence: 1 }, refresh: true });
    expect(await batched.source.get(userId)).toEqual(tombstone);
    expect((await client.get({ index: batched.source.index, id: userId }, { ignore: [404] })).found).toBe(false);
    // Their events delivered again change nothing.
    await expect(batched.applyBatch(all[7]!.identity)).resolves.toEqual({ applied: 0, duplicates: all[7]!.identity.length });
    expect((await client.get({ index: batched.index.alias, id: userId }, { ignore: [404] })).found).toBe(false);
  });

  it('replaces an index filled before the search source existed with an empty version, so the revisions start over', async () => {
    const old = new ProfilesSearch({ elasticsearch: client, taxonomy: async () => TAXONOMY, indexPrefix: `t${suffix}-old-` });
    await old.index.ensure(); // an installation from before: the index, no source
    const userId = people[1]!;
    const document = (await state(batched, userId)).source as ProfileSearchDocument;
    await old.index.write(userId, 40, { ...document, title: 'Counted the old way' }, { refresh: true });
    const before = await old.index.activeIndex();
    await old.ensure({ dropDelayMs: 0, writerWaitMs: 0 });
    expect(await old.index.activeIndex()).not.toBe(before);
    await expect(old.applyBatch(all[1]!.identity)).resolves.toEqual({ applied: 2, duplicates: 0 });
    const after = await client.get<ProfileSearchDocument>({ index: old.index.alias, id: userId });
    expect(after._version).toBe(2);
    expect(after._source?.title).toBe('Title 1');
    // Started again: the source holds states now, nothing is replaced.
    const current = await old.index.activeIndex();
    await old.ensure({ dropDelayMs: 0, writerWaitMs: 0 });
    expect(await old.index.activeIndex()).toBe(current);
  });

  it('applies the contiguous part of a stream with a hole, keeps the rest waiting and reports the gap', async () => {
    const userId = people[2]!;
    const third = event(userId, 'user', 3, 'identity.user.attributes-changed', { changes: { title: 'Third' } });
    const fifth = event(userId, 'user', 5, 'identity.user.attributes-changed', { changes: { title: 'Fifth' } });
    const other = event(people[3]!, 'user', 3, 'identity.user.attributes-changed', { changes: { title: 'Other' } });
    const gap = batched.applyBatch([third, fifth, other]);
    await expect(gap).rejects.toBeInstanceOf(SequenceGapError);
    await expect(gap).rejects.toMatchObject({ expected: 4, received: 5 });
    // The applied part reached the index too; the fifth waits for the fourth.
    expect((await state(batched, userId)).source).toMatchObject({ title: 'Third' });
    expect((await state(batched, userId)).fields).toMatchObject({ identitySequence: 3 });
    expect((await state(batched, people[3]!)).source).toMatchObject({ title: 'Other' });
  });

  it('applies evidence for many people with one _mget and one _bulk; the same or older evidence changes nothing', async () => {
    const evidence = (i: number, at: string) => ({ userId: people[i]!, computedAt: at, expertise: [{ topic: 'kafka', score: 0.5 + i / 100, explanation: `Answered ${i} questions` }] });
    const batch = [10, 11, 12, 13].map((i) => evidence(i, '2026-02-01T00:00:00.000Z'));
    for (const e of batch) await single.applyExpertise(e.userId, e.computedAt, e.expertise);
    esRequests.length = 0;
    await batched.applyExpertiseMany(batch);
    expect(requests()).toEqual(['mget', 'bulk']);
    for (const e of batch) expect(await state(batched, e.userId)).toEqual(await state(single, e.userId));
    expect((await state(batched, people[11]!)).source).toMatchObject({ expertise: [{ topic: 'kafka', score: 0.61 }], expertiseBoost: 0.61 });

    const before = await Promise.all(batch.map((e) => state(batched, e.userId)));
    esRequests.length = 0;
    await batched.applyExpertiseMany(batch);
    expect(requests()).toEqual(['mget']);
    // Older evidence of another kind for one, a person never seen for another.
    const stranger = uuidv7();
    await batched.applyExpertiseMany([{ ...evidence(10, '2026-01-01T00:00:00.000Z'), expertise: [{ topic: 'go', score: 0.9, explanation: 'older' }] }, { ...evidence(10, '2026-03-01T00:00:00.000Z'), userId: stranger }]);
    expect(await Promise.all(batch.map((e) => state(batched, e.userId)))).toEqual(before);
    expect((await batched.source.get(stranger))?.expertiseAt).toBe('2026-03-01T00:00:00.000Z');
  });
});
