import { Client } from '@elastic/elasticsearch';
import {
  applyEvidence,
  applyOrgNodeEvent,
  applyProfileViewEvent,
  departmentCounts,
  ExpertiseInfrastructure,
  OrgInfrastructure,
  legacySearchSourceCollection,
  ProfilesSearch,
  searchSourceIndexName,
  type EvidenceDocument,
  type OrgNodeDocument,
  type ProfileViewDocument,
} from '@plein/profiles/infrastructure';
import { erasureKey } from '@plein/shared/event-store';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { decodeEnvelope } from '@plein/shared/messaging';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { type mongo } from 'mongoose';
import { profilesPerSuite, waitFor, waitForProfile } from './testing/profiles-harness';

/**
 * Erasure of a deleted person from every store of profiles (docs/adr/0025), against the real
 * servers: the event store (their profile stream and the endorsements they gave and received;
 * their id in other streams: an expert suggestion naming them, their taxonomy edits as an admin),
 * every read model, the search index; rebuilt read models keep them out; a redelivery changes nothing.
 */
describe('profiles: a deleted person leaves every store', () => {
  const suite = profilesPerSuite();
  const name = `Dora Erasable${randomBytes(3).toString('hex')}`;
  let dora: string, eve: string, finn: string;
  let connection: mongoose.Connection;
  let kafka: Kafka;
  const elasticsearch = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });

  const p = () => suite.profiles;
  const endorse = (caller: string, userId: string, skill: string) => p().call(caller, 'PUT', `/v1/profiles/${userId}/endorsements/${skill}`);
  const expertise = async (viewer: string, userId: string) => (await p().call(viewer, 'GET', `/v1/profiles/${userId}/expertise`)).body as { topics: { topic: string; total: Record<string, number> }[] };
  const endorsementsOf = async (userId: string, topic: string) => (await expertise(finn, userId)).topics.find((t) => t.topic === topic)?.total['endorsement'] ?? 0;
  const mentions = (doc: unknown) => {
    const text = JSON.stringify(doc);
    return text.includes(dora) || text.includes(name);
  };

  /** Every document of every collection of the test database that holds the person's id or name. */
  async function traces(db: mongo.Db = connection.db!): Promise<string[]> {
    const found: string[] = [];
    for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      for await (const doc of db.collection(collection).find({})) if (mentions(doc)) found.push(`${collection}: ${JSON.stringify(doc).slice(0, 200)}`);
    }
    return found;
  }

  /**
   * Documents of this instance's Elasticsearch indices that show the person: any document keyed by
   * their id or found by their name, and any document of the search source (stored only, not
   * searchable: read in full) whose id or content holds their id or name.
   */
  async function indexHits(): Promise<string[]> {
    await elasticsearch.indices.refresh({ index: `${p().indexPrefix}*` });
    const byId = await elasticsearch.search({ index: `${p().indexPrefix}*`, query: { ids: { values: [dora] } }, size: 100 });
    const byText = await elasticsearch.search({ index: `${p().indexPrefix}*`, query: { query_string: { query: `"${name}"` } }, size: 100 });
    const source = await elasticsearch.search({ index: searchSourceIndexName(p().indexPrefix), query: { match_all: {} }, size: 1_000 });
    expect(source.hits.hits.length).toBeGreaterThanOrEqual(3); // not vacuous: eve, finn, (dora's tombstone)
    return [...byId.hits.hits, ...byText.hits.hits, ...source.hits.hits.filter((hit) => mentions({ id: hit._id, source: hit._source }))].map((hit) => `${hit._index}/${hit._id}`);
  }

  /** Every event on a topic, from its beginning to its end now. */
  async function readTopic(topic: string): Promise<EventEnvelope[]> {
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const remaining = new Map(ends.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]));
    const events: EventEnvelope[] = [];
    if (remaining.size === 0) return events;
    const groupId = `erasure-replay-${randomBytes(4).toString('hex')}`;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          events.push(decodeEnvelope(message.value));
          if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
        },
      });
      await waitFor(`${topic} read to its end`, () => remaining.size === 0, 30_000, 100);
    } finally {
      await consumer.disconnect();
    }
    return events;
  }

  beforeAll(async () => {
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: p().database }).asPromise();
    kafka = new Kafka({ clientId: 'erasure-spec', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
    dora = await p().identity.provision({ displayName: name, title: 'Platform engineer', department: 'Erasure/Platform' });
    eve = await p().identity.provision({ displayName: 'Eve Stays' });
    finn = await p().identity.provision({ displayName: 'Finn Stays' });
    for (const person of [dora, eve, finn]) await waitForProfile(p(), person, finn);
    await waitFor('everyone known to expertise', async () => (await p().call(finn, 'GET', `/v1/profiles/${dora}/expertise`)).status === 200 && (await p().call(finn, 'GET', `/v1/profiles/${eve}/expertise`)).status === 200);
  });
  afterAll(async () => {
    await connection?.close();
    await elasticsearch.close();
  });

  it('erases their streams, read-model rows and index document, and keeps them out on redelivery and rebuilds', async () => {
    expect((await p().call(dora, 'PATCH', `/v1/profiles/${dora}`, { skills: ['Kubernetes', 'Helm'], bio: `I am ${name}`, askMeAbout: ['clusters'] }, { 'Idempotency-Key': 'dora-1' })).status).toBe(200);
    expect((await endorse(eve, dora, 'kubernetes')).status).toBe(200); // received
    expect((await endorse(dora, eve, 'helm')).status).toBe(200); // given
    expect((await endorse(finn, eve, 'helm')).status).toBe(200); // someone else's, stays
    await waitFor('the endorsements counted', async () => (await endorsementsOf(eve, 'helm')) === 2);
    // Streams that are not hers but name her: a term she defined and changed and Eve's profile she
    // edited, as an admin, and an expert suggestion (written as the ask-expert job stores it) that
    // names her next to Finn.
    p().withRoles(dora, ['employee', 'admin']);
    const term = `erasure-${randomBytes(3).toString('hex')}`;
    expect((await p().call(dora, 'PUT', `/v1/profiles/taxonomy/terms/${term}`, { labels: { en: 'Erasure', nl: 'Wissen' }, synonyms: [] }, { 'Idempotency-Key': 'dora-term' })).status).toBe(200);
    expect((await p().call(dora, 'PUT', `/v1/profiles/taxonomy/terms/${term}`, { labels: { en: 'Erasure', nl: 'Wissen' }, synonyms: ['forget'] })).status).toBe(200);
    expect((await p().call(dora, 'PATCH', `/v1/profiles/${eve}`, { askMeAbout: ['helm charts'] })).status).toBe(200); // someone else's profile, as an admin
    const postId = uuidv7();
    const suggestion = { postId, authorId: eve, topics: ['kubernetes'], experts: [{ userId: dora, topics: ['kubernetes'] }, { userId: finn, topics: ['kubernetes'] }] };
    const expertStream = `expert-${postId}`;
    await p().service.infrastructure.store.append(expertStream, 0, [{ type: 'profiles.expert.suggested', version: 1, data: suggestion }], { correlationId: uuidv7(), causationId: `ask-expert:${postId}`, actorId: 'system:profiles-ask-expert' });
    await waitFor('dora in the search index', async () => (await indexHits()).length > 0);
    const store = p().service.infrastructure.store;
    const doraStreams = await p().service.infrastructure.erasure.streamsOf(dora);
    expect((await p().service.infrastructure.erasure.referencesOf(dora)).map((r) => r.streamId).sort()).toEqual([expertStream, `profile-${eve}`, `taxonomy-${term}`].sort());
    expect(doraStreams.sort()).toEqual([`endorsement-${dora}:kubernetes:${eve}`, `endorsement-${eve}:helm:${dora}`, `profile-${dora}`].sort());
    const ownEvents = (await Promise.all(doraStreams.map((s) => store.readStream(s)))).flatMap((s) => s?.events ?? []);
    expect(ownEvents).toHaveLength(3);
    await waitFor('the streams published', async () => (await store.collection.countDocuments({ pending: true })) === 0);

    // An installation upgraded from the FerretDB search source (before ADR 0029) still has it, with
    // her data: the search part drops it when it starts (`ensure`).
    const legacy = legacySearchSourceCollection(p().serviceName);
    await connection.db!.collection(legacy).insertOne({ _id: dora as never, userId: dora, displayName: name, revision: 3 });
    await p().service.app.get(ProfilesSearch).ensure();
    expect(await connection.db!.listCollections({ name: legacy }).toArray()).toEqual([]);
    await p().service.app.get(ProfilesSearch).ensure(); // again: nothing to drop, no failure

    await p().identity.deleted(dora);
    await waitFor('no trace of dora in the database', async () => (await traces()).length === 0, 60_000, 500);
    await waitFor('no document of dora in the index', async () => (await indexHits()).length === 0);
    // Tombstones hold hashes only: the streams cannot be recreated by a late command.
    for (const stream of doraStreams) expect(await store.isErased(stream)).toBe(true);
    expect(await store.erasedCollection.countDocuments({ _id: { $in: doraStreams.map(erasureKey) } })).toBe(3);
    // The streams that named her stay, with her id replaced by its hash and nothing else changed.
    const termStream = (await store.readStream(`taxonomy-${term}`))!;
    expect(termStream.events.map((e) => [e.sequence, e.type, e.actorId])).toEqual([
      [1, 'profiles.taxonomy.term-defined', erasureKey(dora)],
      [2, 'profiles.taxonomy.term-changed', erasureKey(dora)],
    ]);
    expect((await store.readStream(`profile-${eve}`))!.events.filter((e) => e.actorId === erasureKey(dora))).toHaveLength(1);
    const expert = (await store.readStream(expertStream))!;
    expect(expert.events.map((e) => [e.sequence, e.data])).toEqual([[1, { ...suggestion, experts: [{ userId: erasureKey(dora), topics: ['kubernetes'] }, suggestion.experts[1]] }]]);
    expect(await p().service.infrastructure.erasure.referencesOf(dora)).toEqual([]);
    expect((await p().call(finn, 'GET', '/v1/profiles/taxonomy')).body).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ termId: term, synonyms: ['forget'] })]) });
    // Others' standings no longer count her endorsement; Finn's stays.
    await waitFor('eve endorsed by finn only', async () => (await endorsementsOf(eve, 'helm')) === 1);
    expect((await p().call(finn, 'GET', `/v1/profiles/${dora}`)).status).toBe(404);
    expect((await p().call(finn, 'GET', `/v1/profiles/${dora}/expertise`)).status).toBe(404);

    // Redelivery: identity's events of her (all of them, deletion included) and her own events again.
    await p().identity.send(p().identity.published.filter((e) => e.aggregateId === dora));
    for (const event of ownEvents) await p().identity.send([event], p().service.infrastructure.topics.topicFor(event));
    const org = p().service.app.get(OrgInfrastructure);
    const expertiseInfra = p().service.app.get(ExpertiseInfrastructure);
    await waitFor('every consumer caught up', async () => {
      const lags = [...(await p().service.infrastructure.host.lag()), ...(await org.host.lag()), ...(await expertiseInfra.host.lag())];
      return lags.every((lag) => lag.total === 0);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the erasure consumer and the search consumer
    expect(await traces()).toEqual([]);
    expect(await indexHits()).toEqual([]);
    expect(await store.readStream(expertStream)).toEqual(expert); // the redaction again: nothing changed
    // Her search state is a tombstone under the hash of her id (no id in it): redeliveries above were duplicates.
    const tombstone = await elasticsearch.get<Record<string, unknown>>({ index: searchSourceIndexName(p().indexPrefix), id: erasureKey(dora) });
    expect(tombstone._source).toMatchObject({ deleted: true, active: false });
    expect(tombstone._source).not.toHaveProperty('userId');

    // Rebuilds: the event store's replay has nothing of her; the read models fed by the topics,
    // replayed into fresh collections in both orders (her own events before and after identity's
    // deletion), keep nothing of her either; so does a blue-green rebuild of the search index.
    for await (const event of store.readAll()) expect(mentions(event)).toBe(false);
    const topics = p().service.infrastructure.topics;
    const identityEvents = await readTopic(topics.identityUser);
    const profilesEvents = (await Promise.all(['profile', 'endorsement', 'expert'].map((a) => readTopic(topics.profiles(a))))).flat();
    expect(profilesEvents.filter(mentions).length).toBeGreaterThanOrEqual(3); // the copies on Kafka (ADR 0025)
    const rebuilt = connection.useDb(`${p().database}_rebuild`);
    try {
      for (const [order, events] of [['theirs first', [...profilesEvents, ...identityEvents]], ['identity first', [...identityEvents, ...profilesEvents]]] as const) {
        await rebuilt.dropDatabase();
        const db = rebuilt.db!;
        const views = db.collection<ProfileViewDocument>('views');
        const nodes = db.collection<OrgNodeDocument>('org_nodes');
        const evidence = db.collection<EvidenceDocument>('evidence');
        for (const event of events) {
          if (event.aggregateType === 'user' || event.aggregateType === 'profile') await applyProfileViewEvent(views, event);
          if (event.aggregateType === 'user') await applyOrgNodeEvent(nodes, departmentCounts(db, nodes), event);
          await applyEvidence(event, evidence);
        }
        expect([order, await traces(db)]).toEqual([order, []]);
        expect(await views.countDocuments({ _id: eve })).toBe(1);
        expect(await evidence.countDocuments({ kind: 'endorsement', endorseeId: eve, active: true })).toBe(1);
      }
    } finally {
      await rebuilt.dropDatabase();
    }
    // Her taxonomy edits scheduled a rebuild of their own (synonyms live in the index): stop it, ours reads the same.
    await p().service.app.get(ProfilesSearch).stopScheduledRebuilds();
    await p().service.app.get(ProfilesSearch).rebuild();
    expect(await indexHits()).toEqual([]);
    expect(await traces()).toEqual([]);
  }, 180_000);
});
