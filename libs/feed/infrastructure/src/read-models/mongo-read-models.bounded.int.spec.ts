import { randomBytes } from 'node:crypto';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import type { MongoProjectionContext } from '@plein/shared/projections';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { FeedTopics } from '../feed-topics';
import { feedReadModelProjections } from '../projections/feed.projections';
import type { FeedCollections } from './collections';
import { MongoAgendaReadModel } from './mongo-agenda.read-model';
import { MongoPeopleReadModel } from './mongo-people.read-model';
import { MongoPostReadModel } from './mongo-posts.read-model';

/**
 * The read models' work per call against the real MongoDB-compatible server: counters are counted
 * by the server (never by loading every voter), lookups of many ids are one batched
 * query (never one read per id), and lists are paged. Every collection method call is counted.
 */
describe('feed read models: bounded work (real server)', () => {
  let connection: Connection;
  const calls: string[] = [];
  let collections: FeedCollections;

  /** The collection, with every method call recorded as `<name>.<method>`. */
  function counting(name: string): mongo.Collection {
    const col = connection.db!.collection(name);
    return new Proxy(col, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${name}.${String(prop)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  beforeAll(async () => {
    const dbName = `plein_test_readmodels_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
    collections = { of: async (name: string) => counting(name), plain: (name: string) => counting(name), db: connection.db } as unknown as FeedCollections;
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });
  beforeEach(() => {
    calls.length = 0;
  });

  const users = (n: number) => Array.from({ length: n }, () => uuidv7()).sort();

  it("counts a page's progress on the server (registrations, acknowledgements per round, voters and votes per option) without loading anyone", async () => {
    const [signUp, ack, poll, otherPoll, empty] = users(5);
    const response = (postId: string, userId: string, fields: Record<string, unknown>) => ({
      _id: `${postId}:${userId}` as unknown as mongo.ObjectId,
      postId,
      userId,
      acknowledgedRound: 0,
      registered: false,
      vote: [],
      ...fields,
    });
    const voters = users(300);
    await connection.db!.collection('responses').insertMany([
      ...voters.map((u, k) => response(poll!, u, { vote: k % 3 === 0 ? ['1', '2'] : ['2'] })),
      response(poll!, uuidv7(), { vote: [] }),
      ...users(7).map((u, k) => response(otherPoll!, u, { vote: [k < 2 ? '3' : '1'] })),
      ...users(40).map((u, k) => response(signUp!, u, { registered: k % 4 !== 0, acknowledgedRound: 1 })),
      ...users(50).map((u, k) => response(ack!, u, { acknowledgedRound: k % 5 })),
    ]);
    calls.length = 0;
    const counts = await new MongoPeopleReadModel(collections).progressCounts([
      { postId: signUp!, kind: 'sign-up', round: 1, optionIds: [] },
      { postId: ack!, kind: 'acknowledge', round: 3, optionIds: [] },
      { postId: poll!, kind: 'vote', round: 1, optionIds: ['1', '2'] },
      { postId: otherPoll!, kind: 'vote', round: 1, optionIds: ['1', '2', '3'] },
      { postId: empty!, kind: 'acknowledge', round: 1, optionIds: [] },
    ]);
    const none = { registered: 0, acknowledged: 0, voters: 0, options: {} };
    expect(Object.fromEntries(counts)).toEqual({
      [signUp!]: { ...none, registered: 30 },
      [ack!]: { ...none, acknowledged: 20 },
      [poll!]: { ...none, voters: 300, options: { '1': 100, '2': 300 } },
      [otherPoll!]: { ...none, voters: 7, options: { '1': 5, '2': 0, '3': 2 } },
      [empty!]: none,
    });
    // One count for registrations, acknowledgements and voters, and one per poll option id (at most 10).
    expect([...calls].sort()).toEqual(['responses.aggregate', 'responses.aggregate', 'responses.aggregate', 'responses.aggregate']);
  });

  it("reads a reader's responses to a page of posts in one query", async () => {
    const reader = uuidv7();
    const posts = users(100);
    await connection.db!.collection('responses').insertMany(
      posts.slice(0, 10).map((postId) => ({ _id: `${postId}:${reader}` as unknown as mongo.ObjectId, postId, userId: reader, acknowledgedRound: 2, registered: true, vote: ['1'] })),
    );
    calls.length = 0;
    const mine = await new MongoPeopleReadModel(collections).responsesOf(reader, posts);
    expect([...mine.keys()].sort()).toEqual(posts.slice(0, 10));
    expect(mine.get(posts[0]!)).toEqual({ postId: posts[0], userId: reader, acknowledgedRound: 2, registered: true, vote: ['1'] });
    expect(calls).toEqual(['responses.find']);
  });

  it('counts the members of many groups and the followers of many people in one query each', async () => {
    const groups = users(3);
    const people = users(3);
    await connection.db!.collection('memberships').insertMany([
      ...users(12).map((u, k) => ({ _id: `${groups[0]}:${u}` as unknown as mongo.ObjectId, groupId: groups[0], userId: u, status: k < 10 ? 'member' : 'left', role: 'member' })),
      ...users(2).map((u) => ({ _id: `${groups[1]}:${u}` as unknown as mongo.ObjectId, groupId: groups[1], userId: u, status: 'member', role: 'owner' })),
    ]);
    await connection.db!.collection('follows').insertMany(
      users(9).map((u, k) => ({ _id: `${u}:person:${people[k % 2]}` as unknown as mongo.ObjectId, followerId: u, targetKey: `person:${people[k % 2]}`, active: k !== 8 })),
    );
    calls.length = 0;
    const model = new MongoPeopleReadModel(collections);
    expect(Object.fromEntries(await model.memberCounts(groups))).toEqual({ [groups[0]!]: 10, [groups[1]!]: 2 });
    expect(Object.fromEntries(await model.followerCounts(people))).toEqual({ [people[0]!]: 4, [people[1]!]: 4 });
    expect(calls).toEqual(['memberships.aggregate', 'follows.aggregate']);
  });

  it('tallies jam votes on the server (one aggregation, no ballot loaded), exact under redelivered and late events', async () => {
    const jamId = uuidv7();
    const [popular, other, withdrawn] = users(3);
    const voters = users(60);
    const projection = feedReadModelProjections(new FeedTopics('')).find((p) => p.name === 'jam-votes');
    expect(projection).toBeDefined();
    const ctx = { collection: connection.db!.collection('jam-votes'), db: connection.db! } as unknown as MongoProjectionContext;
    await projection!.setup?.(ctx);
    const audience = { kind: 'organisation' };
    const ballotEvent = (userId: string, sequence: number, type: 'idea-voted' | 'vote-withdrawn', ideaId: string): EventEnvelope => ({
      id: uuidv7(),
      type: `feed.jamballot.${type}`,
      version: 2,
      source: 'plein/feed',
      aggregateType: 'jamballot',
      aggregateId: `${jamId}:${userId}`,
      sequence,
      occurredAt: '2026-12-01T00:00:00.000Z',
      correlationId: 'c',
      causationId: 'c',
      actorId: userId,
      data: { jamId, userId, ideaId, audience },
    });
    // Everyone votes for the popular idea; every third person also for the other idea and every
    // fifth for a third one, which they withdraw again.
    const streams = voters.map((userId, k) => {
      const events = [ballotEvent(userId, 1, 'idea-voted', popular!)];
      if (k % 3 === 0) events.push(ballotEvent(userId, events.length + 1, 'idea-voted', other!));
      if (k % 5 === 0) events.push(ballotEvent(userId, events.length + 1, 'idea-voted', withdrawn!), ballotEvent(userId, events.length + 2, 'vote-withdrawn', withdrawn!));
      return events;
    });
    for (const events of streams) for (const e of events) await projection!.apply(e, ctx);
    // Kafka redelivers, and the HTTP read-your-writes path applies the same events again: some in
    // order, some late (an older event after a newer one of the same stream). Nothing changes.
    for (const events of streams.slice(0, 20)) for (const e of [...events].reverse()) await projection!.apply(e, ctx);
    await Promise.all(streams.slice(20, 40).flatMap((events) => events.map((e) => projection!.apply(e, ctx))));
    calls.length = 0;
    const tallies = await new MongoAgendaReadModel(collections).tallies(jamId);
    expect(Object.fromEntries(tallies)).toEqual({ [popular!]: 60, [other!]: 20 });
    expect(calls).toEqual(['jam-votes.aggregate']);
    expect(Object.fromEntries(await new MongoAgendaReadModel(collections).tallies(uuidv7()))).toEqual({});
  });

  it('looks up who acknowledged among a page of people in one query', async () => {
    const postId = uuidv7();
    const people = users(100);
    await connection.db!.collection('responses').insertMany(
      people.filter((_, k) => k % 2 === 0).map((userId) => ({ _id: `${postId}:${userId}` as unknown as mongo.ObjectId, postId, userId, acknowledgedRound: 1, acknowledgedAt: '2026-12-01T00:00:00Z', registered: false, vote: [] })),
    );
    calls.length = 0;
    const acknowledged = await new MongoPeopleReadModel(collections).acknowledgedAmong(postId, 1, people);
    expect([...acknowledged.keys()].sort()).toEqual(people.filter((_, k) => k % 2 === 0));
    expect(calls).toEqual(['responses.find']);
  });

  it('pages sign-ups in registration order', async () => {
    const postId = uuidv7();
    const people = users(230);
    const at = (k: number) => new Date(Date.parse('2026-12-01T00:00:00Z') + Math.floor(k / 2) * 1000).toISOString();
    await connection.db!.collection('responses').insertMany(
      people.map((userId, k) => ({ _id: `${postId}:${userId}` as unknown as mongo.ObjectId, postId, userId, acknowledgedRound: 0, registered: true, registeredAt: at(k), vote: [] })),
    );
    const model = new MongoPeopleReadModel(collections);
    const seen: string[] = [];
    let after: { registeredAt: string; userId: string } | null = null;
    for (let page = 0; page < 10; page++) {
      calls.length = 0;
      const rows = await model.registrations(postId, after, 100);
      expect(rows.length).toBeLessThanOrEqual(100);
      expect(calls).toEqual(['responses.find']);
      seen.push(...rows.map((r) => r.userId));
      if (rows.length < 100) break;
      after = rows[rows.length - 1]!;
    }
    expect(seen).toEqual(people);
  });

  it("reads a reader's reactions to a page of targets in one query", async () => {
    const reader = uuidv7();
    const targets = users(100);
    await connection.db!.collection('reactions').insertMany(targets.slice(0, 10).map((t) => ({ _id: `${t}:${reader}` as unknown as mongo.ObjectId, targetId: t, userId: reader, kind: 'like' })));
    calls.length = 0;
    const mine = await new MongoPostReadModel(collections).userReactions(reader, targets);
    expect([...mine.keys()].sort()).toEqual(targets.slice(0, 10));
    expect(calls).toEqual(['reactions.find']);
  });

  it('loads a page of posts by id in one query', async () => {
    const ids = users(100);
    calls.length = 0;
    expect((await new MongoPostReadModel(collections).posts(ids)).size).toBe(0);
    expect(calls).toEqual(['posts.find']);
  });

  it('resolves mentioned ids in one query', async () => {
    const ids = users(20);
    await connection.db!.collection('users').insertMany(ids.slice(0, 5).map((id) => ({ _id: id as unknown as mongo.ObjectId, active: true, userName: `u${id.slice(-6)}`, userNameLower: `u${id.slice(-6)}` })));
    calls.length = 0;
    const resolved = await new MongoPeopleReadModel(collections).resolveHandles([], ids);
    expect([...resolved.keys()].sort()).toEqual(ids.slice(0, 5));
    expect(calls).toEqual(['users.find']);
  });
});
