import { randomBytes } from 'node:crypto';
import { timelineEntry } from '@plein/feed/domain';
import { uuidv7 } from '@plein/shared/kernel';
import mongoose, { type Connection } from 'mongoose';
import { MongoHomeTimelineStore, type HomeEntryDoc } from './mongo-home-timeline.store';

/** The fan-out store against the real MongoDB-compatible server (FerretDB locally, or MONGODB_URI). */
describe('MongoHomeTimelineStore (real server)', () => {
  let connection: Connection;
  let store: MongoHomeTimelineStore;
  const CAP = 5;
  const entries = () => connection.db!.collection<HomeEntryDoc>('home');

  beforeAll(async () => {
    const dbName = `plein_test_timeline_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
    await entries().createIndex({ ownerId: 1, postId: -1 });
    store = new MongoHomeTimelineStore({ entries: async () => entries(), owners: connection.db!.collection('owners'), large: connection.db!.collection('large') }, CAP);
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  const posts = (n: number, from = Date.parse('2026-10-01T00:00:00Z')) => Array.from({ length: n }, (_, k) => uuidv7(from + k * 60_000));

  it('fan-out only inserts (no trim on write), redelivery adds nothing, and trim keeps the newest cap', async () => {
    const ids = posts(CAP + 4);
    for (const postId of ids) await store.add(['ann', 'bob'], { ...timelineEntry(postId), authorId: 'carl' });
    await store.add(['ann'], { ...timelineEntry(ids[2]!), authorId: 'carl' }); // redelivered
    expect(await entries().countDocuments({ ownerId: 'ann' })).toBe(CAP + 4);

    const page = await store.read('ann', null, 100);
    expect(page.map((e) => e.postId)).toEqual([...ids].reverse());

    await store.trim('ann', CAP);
    expect((await store.read('ann', null, 100)).map((e) => e.postId)).toEqual([...ids].reverse().slice(0, CAP));
    expect(await entries().countDocuments({ ownerId: 'bob' })).toBe(CAP + 4); // only the reader who came back
  });

  it('pages newest first strictly before a cursor', async () => {
    const ids = posts(4, Date.parse('2026-10-02T00:00:00Z'));
    for (const postId of ids) await store.add(['dora'], { ...timelineEntry(postId), authorId: 'carl' });
    const first = await store.read('dora', null, 2);
    const second = await store.read('dora', first.at(-1)!.postId, 2);
    expect([...first, ...second].map((e) => e.postId)).toEqual([...ids].reverse());
  });

  it('finds the active readers among many with $in, by their last read', async () => {
    const since = new Date('2026-11-01T00:00:00Z');
    const owners = Array.from({ length: 2_500 }, (_, k) => `reader-${k}`);
    await connection.db!.collection('owners').insertMany(owners.map((_id, k) => ({ _id, lastReadAt: new Date(since.getTime() + (k % 3 === 0 ? -1 : 1) * 3600_000) })) as never[]);
    const active = await store.activeOwners([...owners, 'never-read'], since);
    expect(active.size).toBe(owners.filter((_, k) => k % 3 !== 0).length);
    expect(active.has('reader-1')).toBe(true);
    expect(active.has('reader-0')).toBe(false);
    expect(active.has('never-read')).toBe(false);
  });

  it('removes a deleted post from every timeline', async () => {
    const [postId] = posts(1, Date.parse('2026-10-03T00:00:00Z'));
    await store.add(['erik', 'fay'], { ...timelineEntry(postId!), authorId: 'carl' });
    await store.removePost(postId!);
    expect(await entries().countDocuments({ postId })).toBe(0);
  });
});
