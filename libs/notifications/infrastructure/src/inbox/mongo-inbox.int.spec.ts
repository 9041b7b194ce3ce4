import { randomBytes } from 'node:crypto';
import type { NewNotification } from '@plein/notifications/application';
import { uuidv7 } from '@plein/shared/kernel';
import mongoose, { type Connection } from 'mongoose';
import { derivedId, MongoInbox } from './mongo-inbox';

/** The inbox store's write order against the real MongoDB-wire server (FerretDB in development and CI). */
describe('MongoInbox (real server)', () => {
  let connection: Connection;
  /** Commands sent, as `<command> <collection>` (driver command monitoring). */
  const commands: string[] = [];
  beforeAll(async () => {
    const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
    connection = await mongoose.createConnection(`${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, { dbName: `plein_test_${randomBytes(5).toString('hex')}` }).asPromise();
    connection.getClient().on('commandStarted', (e) => commands.push(`${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`));
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
  const counter = (ns: string) => connection.db!.collection<{ _id: string; seq: number; pending?: { id: string; from: number; expiresAt: Date }[] }>(`${ns}_inbox_seq_v1`);

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
    // The redelivery's numbers (taken before it knew) stay unused: readers pass over the gap.
    expect(await inbox.readAfter(2, 10)).toEqual([]);

    // A writer died after recording its sources, before writing the items: the redelivery writes them.
    const late = mention(a);
    await connection.db!.collection('inbox2_inbox_sources_v1').insertOne({ _id: derivedId(late.recipientId, late.sourceEventId, late.type) as never, applied: false, at: new Date() });
    expect(await inbox.add([late, mention(b, first[1]!.sourceEventId)])).toBe(1);
    expect(await inbox.add([late])).toBe(0);
    const items = await inbox.readAfter(0, 10);
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.seq).slice(0, 2)).toEqual([1, 2]);
    expect(items[2]!.seq).toBeGreaterThan(2);
    expect(items[2]!.seq).toBeLessThanOrEqual(await inbox.head());
    expect(items.filter((i) => i.recipientId === a)).toHaveLength(2);
    expect(await inbox.unreadCount(b)).toBe(1);
  });

  describe('moderated content', () => {
    const about = (recipientId: string, postId: string, commentId?: string): NewNotification => ({
      recipientId,
      type: commentId ? 'comment' : 'announcement',
      target: commentId ? { kind: 'comment', id: commentId, postId } : { kind: 'post', id: postId, postId },
      actorId: null,
      urgency: 'normal',
      confidential: false,
      occurredAt: new Date().toISOString(),
      sourceEventId: uuidv7(),
    });
    const seqs = async (inbox: MongoInbox, ids: readonly string[]) => Promise.all(ids.map(async (id) => (await inbox.list(id, 100)).map((i) => [i.id, i.seq, i.read])));

    it('hides 500 readers\' items about a post with one update, keeps its author\'s, restores them as they were (order, read state) with one more', async () => {
      const inbox = await fresh();
      const [postId, author] = [uuidv7(), uuidv7()];
      const readers = Array.from({ length: 500 }, () => uuidv7());
      expect(await inbox.add([...readers, author].map((r) => about(r, postId)))).toBe(501);
      await inbox.setRead(readers[0]!, (await inbox.list(readers[0]!, 1))[0]!.id, true);
      const before = await seqs(inbox, readers.slice(0, 3));

      commands.length = 0;
      await inbox.setContentState({ scope: { kind: 'post', postId }, state: 'hidden', authorId: author, sequence: 2 });
      expect(commands.filter((c) => c.startsWith('update inbox3_inbox_v1') || c.startsWith('delete inbox3_inbox_v1'))).toEqual(['update inbox3_inbox_v1']);
      expect(await inbox.list(readers[1]!, 100)).toEqual([]);
      expect(await inbox.unreadCount(readers[1]!)).toBe(0);
      expect(await inbox.list(author, 100)).toHaveLength(1);
      const feed = await inbox.readAfter(0, 1000);
      expect(feed.filter((i) => i.hidden)).toHaveLength(500);
      expect(feed.filter((i) => !i.hidden).map((i) => i.recipientId)).toEqual([author]);

      // An older change (a redelivery) changes nothing; the restore brings everything back as it was.
      await inbox.setContentState({ scope: { kind: 'post', postId }, state: 'visible', authorId: author, sequence: 1 });
      expect(await inbox.unreadCount(readers[1]!)).toBe(0);
      commands.length = 0;
      await inbox.setContentState({ scope: { kind: 'post', postId }, state: 'visible', authorId: author, sequence: 3 });
      expect(commands.filter((c) => c.startsWith('update inbox3_inbox_v1'))).toHaveLength(1);
      expect(await seqs(inbox, readers.slice(0, 3))).toEqual(before);
      expect(await inbox.unreadCount(readers[0]!)).toBe(0);
      expect(await inbox.unreadCount(readers[1]!)).toBe(1);
    });

    it('items written after a hide are hidden, after a deletion not written; a hide that meets a write in progress catches its items once it is done', async () => {
      const inbox = await fresh();
      const [postId, commentId, author, commenter, reader, late] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
      await inbox.setContentState({ scope: { kind: 'comment', postId, commentId }, state: 'hidden', authorId: commenter, sequence: 2 });
      await inbox.add([about(reader, postId, commentId), about(commenter, postId, commentId), about(reader, postId)]);
      expect((await inbox.list(reader, 10)).map((i) => i.target.kind)).toEqual(['post']);
      expect(await inbox.list(commenter, 10)).toHaveLength(1);

      // A writer that reserved before the hide (its mark pending) writes its item after the hide's first update.
      await counter('inbox4').updateOne({ _id: 'seq' }, { $push: { pending: { id: 'writer', from: 1_000, expiresAt: new Date(Date.now() + 60_000) } } });
      const hiding = inbox.setContentState({ scope: { kind: 'post', postId }, state: 'hidden', authorId: author, sequence: 2 });
      await new Promise((r) => setTimeout(r, 300));
      // It read the state before the hide: its item is written visible.
      const stale = (await inbox.items.findOne({ recipientId: reader, 'target.kind': 'post' }))!;
      delete stale.hiddenByPost;
      await inbox.items.insertOne({ ...stale, _id: uuidv7(), recipientId: late });
      expect(await inbox.list(late, 10)).toHaveLength(1);
      // The writer is done: its mark goes (FerretDB's $pull matches whole elements).
      const marks = (await counter('inbox4').findOne({ _id: 'seq' }))!.pending ?? [];
      for (const mark of marks) await counter('inbox4').updateOne({ _id: 'seq' }, { $pull: { pending: mark } });
      await hiding;
      expect(await inbox.list(late, 10)).toEqual([]);
      expect(await inbox.list(reader, 10)).toEqual([]);

      await inbox.setContentState({ scope: { kind: 'post', postId }, state: 'deleted', authorId: author, sequence: 3 });
      expect(await inbox.add([about(uuidv7(), postId), about(author, postId)])).toBe(2);
      expect(await inbox.items.countDocuments({ 'target.postId': postId })).toBe(0);
    });
  });

  it('writers at once share compare-and-sets on the counter: distinct numbers, no gap, every mark dropped', async () => {
    const inbox = await fresh();
    const ns = `inbox${n}`;
    const reader = uuidv7();
    commands.length = 0;
    expect((await Promise.all(Array.from({ length: 20 }, () => inbox.add([mention(reader), mention(reader)])))).reduce((a, b) => a + b, 0)).toBe(40);
    const seqs = (await inbox.readAfter(0, 100)).map((i) => i.seq);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await inbox.head()).toBe(40);
    expect((await counter(ns).findOne({ _id: 'seq' }))?.pending ?? []).toEqual([]);
    // Fewer compare-and-sets than writers: the ones asked for meanwhile went together.
    expect(commands.filter((c) => c === `update ${ns}_inbox_seq_v1`).length).toBeLessThan(20 + 20);
  });
});
