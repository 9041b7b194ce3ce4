import { randomBytes } from 'node:crypto';
import { activityEffects, countEffect, type Effect, type EventEffects } from '@plein/insights/application';
import { onceFactId, ROLE_MODEL_KINDS, type PersonDimensions } from '@plein/insights/domain';
import { uuidv7 } from '@plein/shared/kernel';
import mongoose, { type Connection } from 'mongoose';
import { cellDocumentId, cellsOfDocument, CellWriter, MongoIngestStore, pendingEventsOf, Releases, type CellDocument, type CellIncrements, type CellsCollection } from './mongo-ingest-store';

/**
 * The exactly-once protocol of MongoIngestStore on the real FerretDB/MongoDB: an apply that dies
 * after any of its writes and is retried (a redelivery) leaves the same cells as one that never
 * died; a second person of the same fact counts once.
 */
describe('MongoIngestStore on the real server', () => {
  let connection: Connection;
  let collection: CellsCollection;
  const dims: PersonDimensions = { level: 'manager', orgUnit: 'sales/north', location: 'utrecht' };
  const at = new Date('2026-11-04T10:00:00.000Z');
  /** Every command the driver sent (command monitoring). */
  const commandsSeen: { commandName: string; command: Record<string, unknown> }[] = [];
  /** Commands on `of` that write or read cell documents (`c|…|<period>`): the conditional writes (an update filtered on `n`) and the reads. */
  const cellCommands = (of: CellsCollection, since: number) => {
    const mine = commandsSeen.slice(since).filter((e) => e.command[e.commandName] === of.collectionName);
    const isCellWrite = (e: { command: Record<string, unknown> }) => ((e.command['updates'] as { q: Record<string, unknown> }[] | undefined) ?? []).some((u) => String(u.q['_id']).startsWith('c|') && 'n' in u.q);
    return { writes: mine.filter((e) => e.commandName === 'update' && isCellWrite(e)).length };
  };

  beforeAll(async () => {
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_test_insights_store_${randomBytes(4).toString('hex')}`, monitorCommands: true }).asPromise();
    connection.getClient().on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => commandsSeen.push(e));
  });
  beforeEach(() => {
    collection = connection.db!.collection(`cells_${randomBytes(4).toString('hex')}`);
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  /** Every cell of the collection by `<document id>|<value>`. */
  const cellsIn = async (of: CellsCollection) =>
    new Map(((await of.find({ _id: { $gte: 'c|', $lt: 'c}' } }).toArray()) as CellDocument[]).flatMap((d) => cellsOfDocument(d).map((c) => [`${d._id}|${c.value}`, { m: c.metrics }] as const)));
  /** Event ids not released yet, per cell document. */
  const pending = async () => new Map(((await collection.find({ _id: { $gte: 'c|', $lt: 'c}' } }).toArray()) as CellDocument[]).map((d) => [d._id, pendingEventsOf(d).sort()]));
  const cells = () => cellsIn(collection);
  const reaction = (person: string): EventEffects => {
    const eventId = uuidv7();
    const effects: Effect[] = [...activityEffects(person, dims, 'reacted', at), countEffect(onceFactId('event', eventId), dims, at, { reactions: 1 })];
    return { eventId, effects };
  };

  /** A store whose `method` of the collection fails once after its `after`-th call: a crash in the middle of apply. */
  function crashing(method: 'insertMany' | 'bulkWrite', after: number): MongoIngestStore {
    let calls = 0;
    const proxy = new Proxy(collection, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== method || typeof value !== 'function') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (++calls === after) throw new Error(`crash after ${method} #${after}`);
          return result;
        };
      },
    });
    return new MongoIngestStore(proxy as CellsCollection);
  }

  it('counts a person once per period and an event once, also when the same events come again', async () => {
    const store = new MongoIngestStore(collection);
    const a = reaction('person-a');
    const b = reaction('person-a');
    await store.applyMany([a, b]);
    await store.applyMany([a, b]);
    await store.apply(b.eventId, b.effects);
    const week = (await cells()).get('c|week|orgUnit~|2026-W45|sales')!;
    expect(week.m).toEqual({ active: 1, active_reacted: 1, active_leaders: 1, reactions: 2 });
    // The events' ids stay in the document until the next write of it releases them.
    expect((await pending()).get('c|week|orgUnit~|2026-W45')).toEqual([a.eventId, b.eventId].sort());
    const c = reaction('person-c');
    await store.applyMany([c]);
    expect((await pending()).get('c|week|orgUnit~|2026-W45')).toEqual([c.eventId]);
    expect((await cells()).get('c|week|orgUnit~|2026-W45|sales')!.m).toEqual({ active: 2, active_reacted: 2, active_leaders: 2, reactions: 3 });
  });

  it.each([
    ['after the facts are in', 'bulkWrite', 1],
    ['after the cells are incremented', 'bulkWrite', 2],
    ['after the applied markers (ids left in the cells)', 'insertMany', 1],
  ] as const)('leaves the same cells when apply dies %s and the batch comes again', async (_when, method, after) => {
    const batch = [reaction('person-a'), reaction('person-b'), reaction('person-a')];
    const reference = connection.db!.collection(`ref_${randomBytes(4).toString('hex')}`) as CellsCollection;
    await new MongoIngestStore(reference).applyMany(batch);
    const expected = await cellsIn(reference);

    await expect(crashing(method, after).applyMany(batch)).rejects.toThrow(/crash after/);
    // The redelivery: the same events, also split differently, one of them alone.
    const store = new MongoIngestStore(collection);
    await store.applyMany(batch.slice(0, 2));
    await store.applyMany(batch);
    expect(await cells()).toEqual(expected);
    expect(expected.get('c|week|all|2026-W45|all')!.m).toEqual({ active: 2, active_reacted: 2, active_leaders: 2, reactions: 3 });
  });

  it('purges facts and markers of periods that ended before the horizon, never cells', async () => {
    const store = new MongoIngestStore(collection);
    await store.applyMany([reaction('person-a')]);
    const before = await cells();
    // The person's November facts and the event's marker (its last period is the month) stay until November ended.
    expect(await store.purge(new Date('2026-11-30T00:00:00.000Z'))).toBe(0);
    expect(await collection.countDocuments({ _id: { $gte: 'f|', $lt: 'f}' } })).toBe(1);
    await store.purge(new Date('2026-12-02T00:00:00.000Z'));
    expect(await collection.countDocuments({ _id: { $not: { $gte: 'c|', $lt: 'c}' } } })).toBe(0);
    expect(await cells()).toEqual(before);
  });

  it('stores a person\'s facts of a month in one document, the week under the month of its Thursday', async () => {
    const store = new MongoIngestStore(collection);
    await store.applyMany([reaction('person-a')]);
    // 2026-11-30 is a Monday: its week (2026-W49) has its Thursday in December.
    const eventId = uuidv7();
    await store.apply(eventId, activityEffects('person-a', dims, 'posted', new Date('2026-11-30T09:00:00.000Z')));
    const facts = await collection.find({ _id: { $gte: 'f|', $lt: 'f}' } }).sort({ _id: 1 }).toArray();
    expect(facts.map((f) => f._id)).toEqual(['f|person-a|2026-11', 'f|person-a|2026-12']);
    expect(Object.keys(facts[1]!.k as object).sort()).toEqual(['week:2026-W49|active', 'week:2026-W49|leader', 'week:2026-W49|posted']);
    expect((facts[0]!.k as Record<string, string>)['day:2026-11-30|posted']).toBe(eventId);
  });

  it('counts each person once when batches of the same people are applied at the same time by several writers', async () => {
    const persons = Array.from({ length: 12 }, (_, i) => `person-${i}`);
    // Four consumers, each a batch of every person's reactions (other events): the same facts, raced.
    const batches = Array.from({ length: 4 }, () => persons.map((p) => reaction(p)));
    await Promise.all(batches.map((batch) => new MongoIngestStore(collection).applyMany(batch)));
    const week = (await cells()).get('c|week|orgUnit~|2026-W45|sales')!;
    expect(week.m).toEqual({ active: 12, active_reacted: 12, active_leaders: 12, reactions: 48 });
    // Redelivered, all at once again: nothing changes.
    const before = await cells();
    await Promise.all(batches.map((batch) => new MongoIngestStore(collection).applyMany(batch)));
    expect(await cells()).toEqual(before);
  });

  it('counts a role model once when a leader\'s three kinds arrive in concurrent batches', async () => {
    const kinds = ROLE_MODEL_KINDS;
    const runs = Array.from({ length: 5 }, (_, run) => `leader-${run}`);
    await Promise.all(
      runs.flatMap((leader) =>
        kinds.map((kind) => {
          const eventId = uuidv7();
          return new MongoIngestStore(collection).applyMany([{ eventId, effects: activityEffects(leader, dims, kind, at) }]);
        }),
      ),
    );
    const month = (await cells()).get('c|month|all|2026-11|all')!;
    expect(month.m['role_models']).toBe(runs.length);
    expect(month.m['active']).toBe(runs.length);
  });

  it('merges the cell increments of batches handed over at the same time into one read and one conditional write', async () => {
    const writer = CellWriter.of(collection as unknown as Parameters<typeof CellWriter.of>[0], Releases.of(collection.namespace));
    const day = cellDocumentId('day', 'all', '2026-11-04');
    const level = cellDocumentId('day', 'level', '2026-11-04');
    const batch = (events: string[]): CellIncrements =>
      new Map([
        [day, { fields: { g: 'day', d: 'all', period: '2026-11-04' }, perEvent: new Map(events.map((e) => [e, [['all', 'reactions', 1]] as [string, string, number][]])) }],
        [level, { fields: { g: 'day', d: 'level', period: '2026-11-04' }, perEvent: new Map(events.map((e, i) => [e, [[i % 2 ? 'manager' : 'employee', 'reactions', 1]] as [string, string, number][]])) }],
      ]);
    const batches = Array.from({ length: 6 }, () => [uuidv7(), uuidv7(), uuidv7()]);
    const since = commandsSeen.length;
    // The fifth batch is a redelivery of the first one beside it: its events count once.
    await Promise.all([...batches, batches[0]!].map((events) => writer.write(batch(events))));
    const mine = commandsSeen.slice(since).filter((e) => e.command[e.commandName] === collection.collectionName);
    expect(mine.map((e) => e.commandName)).toEqual(['find', 'update']);
    expect(cellCommands(collection, since).writes).toBe(1);
    const cells = await cellsIn(collection);
    expect(cells.get(`${day}|all`)!.m).toEqual({ reactions: 18 });
    expect(cells.get(`${level}|employee`)!.m).toEqual({ reactions: 12 });
    expect(cells.get(`${level}|manager`)!.m).toEqual({ reactions: 6 });
  });

  it('decides the facts of batches handed over at the same time in one read and one write per person-month, counting each person once', async () => {
    // Six batches, the same four people in each (skewed activity: the same people in many partitions' batches).
    const batches = Array.from({ length: 6 }, () => Array.from({ length: 4 }, (_, i) => reaction(`busy-${i}`)));
    const since = commandsSeen.length;
    await Promise.all(batches.map((batch) => new MongoIngestStore(collection).applyMany(batch)));
    const mine = commandsSeen.slice(since).filter((e) => e.command[e.commandName] === collection.collectionName);
    const factReads = mine.filter((e) => e.commandName === 'find' && JSON.stringify(e.command['filter']).includes('"f|busy-'));
    const factWrites = mine.filter((e) => e.commandName === 'update' && ((e.command['updates'] as { q: { _id: unknown } }[]) ?? []).some((u) => String(u.q._id).startsWith('f|busy-')));
    // Batches reach the fact step a few turns apart (after their marker read): rounds are shared, fewer than batches.
    expect(factReads.length).toBeGreaterThan(0);
    expect(factReads.length).toBeLessThan(batches.length);
    expect(factWrites.length).toBeLessThan(batches.length);
    // Each person-month document is written once per round, not once per batch naming it (6 × 4 without the merge).
    const documentWrites = factWrites.reduce((n, e) => n + ((e.command['updates'] as unknown[]) ?? []).length, 0);
    expect(documentWrites).toBeLessThanOrEqual(4 * factWrites.length);
    expect(documentWrites).toBeLessThan(batches.length * 4);
    const week = (await cells()).get('c|week|orgUnit~|2026-W45|sales')!;
    expect(week.m).toEqual({ active: 4, active_reacted: 4, active_leaders: 4, reactions: 24 });
  });

  it('counts exactly when many partition batches of one process write the same cell documents at once, with fewer writes than batches', async () => {
    const batches = Array.from({ length: 8 }, (_, b) => Array.from({ length: 10 }, (_, i) => reaction(`person-${b}-${i % 5}`)));
    const since = commandsSeen.length;
    await Promise.all(batches.map((batch) => new MongoIngestStore(collection).applyMany(batch)));
    const { writes } = cellCommands(collection, since);
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThan(batches.length);
    const week = (await cells()).get('c|week|orgUnit~|2026-W45|sales')!;
    expect(week.m).toEqual({ active: 40, active_reacted: 40, active_leaders: 40, reactions: 80 });
    // Redelivered, all at once again: nothing changes.
    const before = await cells();
    await Promise.all(batches.map((batch) => new MongoIngestStore(collection).applyMany(batch)));
    expect(await cells()).toEqual(before);
  });

  it('parks a batch\'s activities with one insert (each once when it comes again), reads several posts\' with one find and removes exactly the settled ones with one delete', async () => {
    const store = new MongoIngestStore(collection);
    const [first, between, second] = [uuidv7(), uuidv7(), uuidv7()];
    const entry = (postId: string, hour: number) => ({ postId, answer: { eventId: uuidv7(), person: `person-${hour}`, at: `2026-11-04T${String(hour).padStart(2, '0')}:00:00.000Z`, activity: 'reacted' as const, counters: { reactions: 1 } } });
    const batch = [entry(first, 10), entry(second, 11), entry(between, 12), entry(first, 13)];
    const since = commandsSeen.length;
    await store.park(batch);
    await store.park(batch); // redelivered
    const mine = () => commandsSeen.slice(since).filter((e) => e.command[e.commandName] === collection.collectionName).map((e) => e.commandName);
    expect(mine()).toEqual(['insert', 'insert']);
    expect(await collection.countDocuments({ _id: { $gte: 'w|', $lt: 'w}' } })).toBe(4);
    let mark = mine().length;
    const parked = await store.parked([second, first]);
    expect(mine().slice(mark)).toEqual(['find']);
    // The post between them (not asked for) is left out.
    expect([...parked.keys()].sort()).toEqual([first, second].sort());
    expect(parked.get(first)!.map((a) => a.at).sort()).toEqual(['2026-11-04T10:00:00.000Z', '2026-11-04T13:00:00.000Z']);
    expect(parked.get(second)).toEqual([batch[1]!.answer]);
    // Another activity parked on the first post after the read is not removed with the settled ones.
    const late = entry(first, 14);
    await store.park([late]);
    mark = mine().length;
    await store.unpark([...parked].flatMap(([postId, answers]) => answers.map((answer) => ({ postId, answer }))));
    expect(mine().slice(mark)).toEqual(['delete']);
    const left = await store.parked([first, between, second]);
    expect(new Map([...left].map(([post, answers]) => [post, answers.map((a) => a.eventId)]))).toEqual(new Map([[first, [late.answer.eventId]], [between, [batch[2]!.answer.eventId]]]));
  });

  it('inserts the first records of a batch\'s people with one insert, then moves each person in order, changing nothing when the batch comes again', async () => {
    const store = new MongoIngestStore(collection);
    const version = (at: string, orgUnit: string) => ({ at, level: 'employee' as const, orgUnit, location: 'utrecht', active: true });
    const moves = [
      { person: 'person-a', sequence: 1, version: version('2026-10-01T00:00:00.000Z', 'sales') },
      { person: 'person-b', sequence: 1, version: version('2026-10-01T00:00:00.000Z', 'legal') },
      { person: 'person-a', sequence: 2, version: version('2026-10-02T00:00:00.000Z', 'sales/north') },
      { person: 'person-c', sequence: 1, version: null },
    ];
    const since = commandsSeen.length;
    await store.putPeople(moves);
    const mine = commandsSeen.slice(since).filter((e) => e.command[e.commandName] === collection.collectionName);
    expect(mine.map((e) => e.commandName)).toEqual(['insert', 'update']);
    expect((mine[0]!.command['documents'] as unknown[]).length).toBe(3);
    await store.putPeople(moves);
    await store.putPeople([{ person: 'person-b', sequence: 2, version: null }]);
    const people = await store.people(['person-a', 'person-b', 'person-c']);
    expect(people.get('person-a')).toEqual({ lastSequence: 2, versions: [moves[0]!.version, moves[2]!.version] });
    expect(people.get('person-b')).toEqual({ lastSequence: 2, versions: [moves[1]!.version] });
    expect(people.get('person-c')).toEqual({ lastSequence: 1, versions: [] });
  });

  it('inserts the records of a batch\'s published posts with one insert, then moves each post in order, changing nothing when the batch comes again', async () => {
    const store = new MongoIngestStore(collection);
    const published = (kind: string) => ({ kind, author: 'person-a', authorDims: dims, publishedAt: '2026-11-04T10:00:00.000Z', ideaStatus: kind === 'idea' ? 'proposed' : null, ideaSince: null, callToAction: 'fyi' });
    const moves = [
      { postId: 'post-a', sequence: 1, fields: published('idea') },
      { postId: 'post-b', sequence: 1, fields: published('question') },
      { postId: 'post-a', sequence: 2, fields: { ideaStatus: 'planned', ideaSince: '2026-11-05T10:00:00.000Z' } },
    ];
    const since = commandsSeen.length;
    await store.putPosts(moves);
    const mine = commandsSeen.slice(since).filter((e) => e.command[e.commandName] === collection.collectionName);
    expect(mine.map((e) => e.commandName)).toEqual(['insert', 'update']);
    await store.putPosts(moves);
    await store.putPosts([{ postId: 'post-b', sequence: 2, fields: null }]);
    const posts = await store.posts(['post-a', 'post-b']);
    expect(posts.get('post-a')).toEqual({ ...published('idea'), ideaStatus: 'planned', ideaSince: '2026-11-05T10:00:00.000Z', lastSequence: 2 });
    expect(posts.get('post-b')).toEqual({ ...published('question'), lastSequence: 2 });
  });
});
