import { randomBytes } from 'node:crypto';
import type { NewNotification } from '@plein/notifications/application';
import { uuidv7 } from '@plein/shared/kernel';
import mongoose, { type Connection } from 'mongoose';
import { derivedId, MongoInbox } from './mongo-inbox';

/** The inbox store's write order against the real MongoDB-wire server (FerretDB in development and CI). */
describe('MongoInbox (real server)', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_test_${randomBytes(5).toString('hex')}` }).asPromise();
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  let n = 0;
  const fresh = async (): Promise<MongoInbox> => {
    const inbox = new MongoInbox(connection.db!, { namespace: `inbox${++n}` });
    await inbox.ensure();
    return inbox;
  };
  const mention = (recipientId: string, sourceEventId = uuidv7()): NewNotification => {
    const postId = uuidv7();
    return { recipientId, type: 'mention', target: { kind: 'post', id: postId, postId }, actorId: uuidv7(), urgency: 'normal', confidential: false, occurredAt: new Date().toISOString(), sourceEventId };
  };
  const counter = (ns: string) => connection.db!.collection<{ _id: string; seq: number; pending?: unknown[] }>(`${ns}_inbox_seq_v1`);

  it('a counter without its pending array (as an upsert may leave it) reads as no marks: head 0, nothing to read, then the first write', async () => {
    const inbox = await fresh();
    // Whatever the server kept of `pending: []`, the state the stream must start from is a counter without it.
    await counter('inbox1').updateOne({ _id: 'seq' }, { $unset: { pending: '' } });
    expect(await counter('inbox1').findOne({ _id: 'seq' })).toEqual({ _id: 'seq', seq: 0 });
    expect(await inbox.head()).toBe(0);
    expect(await inbox.readAfter(0, 10)).toEqual([]);
    expect(await inbox.readRecipientAfter(uuidv7(), 0, 10)).toEqual([]);
    expect(await inbox.purge(60_000, 100)).toBe(0);

    const reader = uuidv7();
    expect(await inbox.add([mention(reader)])).toBe(1);
    expect(await inbox.head()).toBe(1);
    expect((await inbox.readAfter(0, 10)).map((i) => [i.recipientId, i.seq])).toEqual([[reader, 1]]);
  });

  it('a redelivered batch writes nothing twice, and a batch a writer left half-done is finished once', async () => {
    const inbox = await fresh();
    const [a, b] = [uuidv7(), uuidv7()];
    const first = [mention(a), mention(b)];
    expect(await inbox.add(first)).toBe(2);
    expect(await inbox.add(first)).toBe(0);
    expect(await inbox.head()).toBe(2);

    // A writer died after recording its sources, before writing the items: the redelivery writes them.
    const late = mention(a);
    await connection.db!.collection('inbox2_inbox_sources_v1').insertOne({ _id: derivedId(late.recipientId, late.sourceEventId, late.type) as never, applied: false, at: new Date() });
    expect(await inbox.add([late, mention(b, first[1]!.sourceEventId)])).toBe(1);
    expect(await inbox.add([late])).toBe(0);
    expect(await inbox.head()).toBe(3);
    const items = await inbox.readAfter(0, 10);
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3]);
    expect(items.filter((i) => i.recipientId === a)).toHaveLength(2);
    expect(await inbox.unreadCount(b)).toBe(1);
  });
});
