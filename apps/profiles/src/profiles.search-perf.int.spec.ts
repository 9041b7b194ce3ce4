import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { ProfilesSearch, SearchSourceRaceError, type SearchTaxonomyTerm } from '@plein/profiles/infrastructure';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { SequenceGapError } from '@plein/shared/projections';
import mongoose from 'mongoose';

/**
 * The search consumer's batch path (ProfilesSearch.applyBatch / applyExpertiseMany) against the
 * real FerretDB and Elasticsearch: it must end exactly where the same events applied one by one
 * end (source rows, index documents and their versions), redeliveries change nothing, a gap
 * keeps what follows it waiting, and a batch costs a fixed number of round trips (one source
 * read, one bulk write, one read back, one `_bulk`) however many people it names.
 */
const TAXONOMY: SearchTaxonomyTerm[] = [{ termId: 'kafka', labels: { en: 'Apache Kafka', nl: 'Apache Kafka' }, synonyms: [] }];
const PEOPLE = 40;

describe('profiles search batch indexing (real Elasticsearch + FerretDB)', () => {
  const suffix = randomBytes(4).toString('hex');
  const database = `plein_test_profiles_search_batch_${suffix}`;
  const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
  let connection: mongoose.Connection;
  let client: Client;
  let single: ProfilesSearch;
  let batched: ProfilesSearch;
  const commands: string[] = [];
  const esRequests: string[] = [];
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
    connection = await mongoose.createConnection(`${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, { dbName: database }).asPromise();
    connection.getClient().on('commandStarted', (e) => commands.push(e.commandName));
    client = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });
    client.diagnostic.on('request', (_error, request) => {
      if (request) esRequests.push(`${request.meta.request.params.method} ${request.meta.request.params.path}`);
    });
    const options = { elasticsearch: client, db: connection.db!, taxonomy: async () => TAXONOMY, taxonomyCacheMs: 60_000 };
    single = new ProfilesSearch({ ...options, service: 'single', indexPrefix: `t${suffix}-single-` });
    batched = new ProfilesSearch({ ...options, service: 'batched', indexPrefix: `t${suffix}-batched-` });
    await Promise.all([single.ensure(), batched.ensure()]);
  }, 60_000);

  afterAll(async () => {
    await client?.indices.delete({ index: `t${suffix}-*` }, { ignore: [404] }).catch(() => undefined);
    await client?.close();
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  it('ends where the same events one by one end, in one source read, one bulk write and one _bulk per batch', async () => {
    for (const { identity, profile } of all) for (const e of [...identity, ...profile]) await single.apply(e);
    await single.applyExpertiseMany([]); // no people: nothing read or written
    // As the consumer sees them: one partition of identity events, one of profile events.
    const identityBatch = all.flatMap((s) => s.identity);
    const profileBatch = all.flatMap((s) => s.profile);
    await batched.ensure();
    commands.length = 0;
    esRequests.length = 0;
    await expect(batched.applyBatch(identityBatch)).resolves.toEqual({ applied: identityBatch.length, duplicates: 0 });
    // New people: inserted whole (the cheap write), their documents in one _bulk.
    expect(commands).toEqual(['find', 'insert']);
    expect(esRequests.filter((r) => r.includes('_bulk'))).toHaveLength(1);
    expect(esRequests.filter((r) => r.startsWith('PUT') || r.startsWith('DELETE'))).toEqual([]);
    commands.length = 0;
    await batched.applyBatch(profileBatch);
    expect(commands).toEqual(['find', 'update']);

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
    expect((await state(batched, people[7]!)).found).toBe(false);
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

  it('refuses a batch whose rows another writer moved after the read (nothing of theirs written), and the event-by-event path then ends right', async () => {
    const userId = people[4]!;
    const mine = event(userId, 'user', 3, 'identity.user.attributes-changed', { changes: { title: 'From the batch' } });
    const getMany = batched.source.getMany.bind(batched.source);
    // Between the batch's read and its write, the person's evidence arrives (another writer).
    batched.source.getMany = async (ids) => {
      const rows = await getMany(ids);
      await batched.applyExpertise(userId, '2026-02-15T00:00:00.000Z', [{ topic: 'go', score: 0.4, explanation: 'Wrote about Go' }]);
      return rows;
    };
    try {
      await expect(batched.applyBatch([mine])).rejects.toBeInstanceOf(SearchSourceRaceError);
    } finally {
      batched.source.getMany = getMany;
    }
    expect((await batched.source.get(userId))?.identitySequence).toBe(2);
    await batched.apply(mine);
    const after = await state(batched, userId);
    expect(after.source).toMatchObject({ title: 'From the batch', expertise: [{ topic: 'go' }] });
    expect(after.fields).toMatchObject({ identitySequence: 3, revision: after.version });
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

  it('applies evidence for many people with one bulk write and one _bulk; the same or older evidence changes nothing', async () => {
    const evidence = (i: number, at: string) => ({ userId: people[i]!, computedAt: at, expertise: [{ topic: 'kafka', score: 0.5 + i / 100, explanation: `Answered ${i} questions` }] });
    const batch = [10, 11, 12, 13].map((i) => evidence(i, '2026-02-01T00:00:00.000Z'));
    for (const e of batch) await single.applyExpertise(e.userId, e.computedAt, e.expertise);
    commands.length = 0;
    esRequests.length = 0;
    await batched.applyExpertiseMany(batch);
    expect(commands).toEqual(['find', 'update']);
    expect(esRequests.filter((r) => r.includes('_bulk'))).toHaveLength(1);
    for (const e of batch) expect(await state(batched, e.userId)).toEqual(await state(single, e.userId));
    expect((await state(batched, people[11]!)).source).toMatchObject({ expertise: [{ topic: 'kafka', score: 0.61 }], expertiseBoost: 0.61 });

    const before = await Promise.all(batch.map((e) => state(batched, e.userId)));
    commands.length = 0;
    await batched.applyExpertiseMany(batch);
    expect(commands).toEqual(['find']);
    // Older evidence of another kind for one, a person never seen for another.
    const stranger = uuidv7();
    await batched.applyExpertiseMany([{ ...evidence(10, '2026-01-01T00:00:00.000Z'), expertise: [{ topic: 'go', score: 0.9, explanation: 'older' }] }, { ...evidence(10, '2026-03-01T00:00:00.000Z'), userId: stranger }]);
    expect(await Promise.all(batch.map((e) => state(batched, e.userId)))).toEqual(before);
    expect((await batched.source.get(stranger))?.expertiseAt).toBe('2026-03-01T00:00:00.000Z');
  });
});
