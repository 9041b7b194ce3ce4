import { randomBytes } from 'node:crypto';
import type { SourceDeps } from '@plein/notifications/application';
import { ORGANISATION_PREFERENCES_ID } from '@plein/notifications/contracts';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import type { BatchHandlerContext } from '@plein/shared/messaging';
import mongoose, { type Connection } from 'mongoose';
import { MongoInbox } from '../inbox/mongo-inbox';
import { MongoPreferencesReadModel, type PreferencesDocument } from '../preferences/preferences.projection';
import { ContextCollections, MongoContentDirectory, MongoMembershipDirectory, MongoPeopleDirectory } from './directories';
import { ContentNotYetKnownError, sourceBatchHandlers, sourceHandlers } from './source-processors';

/**
 * The posts and comments sources' partition-batch path against the real MongoDB-wire server: it ends
 * where the same events handled one at a time end (the same items for the same people, the never
 * rules and in-app preferences applied alike), a redelivered batch changes nothing, and a batch costs
 * a fixed number of round trips (counted with driver command monitoring) however many events it holds.
 */
describe('notifications sources: one partition batch at once (real server)', () => {
  const PEOPLE = 60;
  const BATCH = 12;
  let connection: Connection;
  const commands: string[] = [];
  const ctx = (topic: string): BatchHandlerContext => ({ service: 't', processor: 'p', group: 'g', topic, partition: 0, signal: new AbortController().signal, heartbeat: () => Promise.resolve() });

  beforeAll(async () => {
    const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
    connection = await mongoose.createConnection(`${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, { dbName: `plein_test_${randomBytes(5).toString('hex')}` }).asPromise();
    connection.getClient().on('commandStarted', (e) => commands.push(`${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName]).replace(/^[a-z0-9]+_/, '')}`));
  }, 30_000);
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  const people = Array.from({ length: PEOPLE }, () => uuidv7());
  const [muter, gone, ...others] = people as [string, string, ...string[]];
  const pick = (i: number): string => others[i % others.length]!;
  const seededPosts = Array.from({ length: 10 }, (_, i) => ({ postId: uuidv7(), authorId: pick(i * 7) }));
  const envelope = (aggregateType: string, aggregateId: string, type: string, data: unknown, version = 1): EventEnvelope => ({
    id: uuidv7(), type, version, source: 'plein/feed', aggregateType, aggregateId, sequence: 1, occurredAt: new Date().toISOString(), correlationId: 'c', causationId: 'c', actorId: 'system:test', data,
  });
  const published = (authorId: string, mentions: string[]) =>
    envelope('post', uuidv7(), 'feed.post.published', { authorId, audience: { kind: 'organisation' }, kind: 'update', body: 'Hello', mentions, hashtags: [], links: [], attachments: [], callToAction: { kind: 'fyi' } }, 2);
  const added = (postId: string, authorId: string, mentions: string[], parentCommentId: string | null = null) =>
    envelope('comment', uuidv7(), 'feed.comment.added', { postId, authorId, parentCommentId, audience: { kind: 'organisation' }, body: 'A comment', mentions });

  // Posts that mention people (the muter muted the post of one, a deactivated person is named in some),
  // comments on seeded posts, replies to comments earlier in the same batch.
  const posts: EventEnvelope[] = Array.from({ length: BATCH }, (_, i) => published(pick(i), [pick(i + 1), pick(i + 2), ...(i % 5 === 0 ? [gone, muter] : [])]));
  const comments: EventEnvelope[] = [];
  for (let i = 0; i < BATCH; i++) {
    const post = seededPosts[i % seededPosts.length]!;
    const parent = i % 4 === 3 ? comments[i - 1]! : null;
    comments.push(added(post.postId, pick(i + 3), i % 3 === 0 ? [pick(i + 5)] : [], parent ? parent.aggregateId : null));
  }

  /** A fresh namespace with the people (one deactivated), the seeded posts and the muter's preferences. */
  async function setUp(namespace: string) {
    const db = connection.db!;
    const context = new ContextCollections(db, namespace);
    await context.ensure();
    const inbox = new MongoInbox(db, { namespace });
    await inbox.ensure();
    await context.people.insertMany(people.map((_id) => ({ _id, active: _id !== gone, managerId: null, lastSequence: 1 })));
    await context.posts.insertMany(seededPosts.map((p) => ({ _id: p.postId, authorId: p.authorId, audience: { kind: 'organisation' as const }, kind: 'update', lastSequence: 1 })));
    const preferences = db.collection<PreferencesDocument>(`${namespace}_preferences_v1`);
    await preferences.insertMany([
      { _id: muter, mutedPosts: [posts[5]!.aggregateId], lastSequence: 1 },
      { _id: ORGANISATION_PREFERENCES_ID, channels: { reply: { 'in-app': false } }, lastSequence: 1 },
      { _id: pick(3), channels: { reply: { 'in-app': true } }, lastSequence: 1 },
    ] as PreferencesDocument[]);
    const readModel = new MongoPreferencesReadModel(() => Promise.resolve(preferences));
    const deps: SourceDeps = { inbox, inApp: readModel, people: new MongoPeopleDirectory(context), memberships: new MongoMembershipDirectory(context), content: new MongoContentDirectory(context) };
    return { inbox, context, options: { deps, context } };
  }
  /** Every item as (recipient, type, target, source event, actors), sorted: what the person sees, whatever the write order. */
  const contents = async (inbox: MongoInbox) =>
    (await inbox.items.find({}).toArray()).map((d) => [d.recipientId, d.type, d.target.id, d.sourceEventId, d.actors.join(), d.read].join(' ')).sort();

  it('ends where the per-event handlers end, in a fixed number of round trips per batch, and a redelivered batch changes nothing', async () => {
    const one = await setUp(`one${randomBytes(3).toString('hex')}`);
    const handlers = sourceHandlers(one.options);
    commands.length = 0;
    for (const e of posts) await handlers.posts[e.type]!(e, undefined as never);
    for (const e of comments) await handlers.comments[e.type]!(e, undefined as never);
    const perEvent = commands.length / (posts.length + comments.length);

    const batched = await setUp(`batch${randomBytes(3).toString('hex')}`);
    const batch = sourceBatchHandlers(batched.options);
    commands.length = 0;
    await batch.posts!(posts, ctx('posts'));
    const forPosts = [...commands];
    commands.length = 0;
    await batch.comments!(comments, ctx('comments'));
    const forComments = [...commands];

    const expected = await contents(one.inbox);
    expect(expected.length).toBeGreaterThan(BATCH * 2);
    expect(await contents(batched.inbox)).toEqual(expected);
    // The never rules and preferences held: nothing for the deactivated person, the muted post not for the muter, replies only for who switched them on.
    expect(expected.filter((row) => row.startsWith(gone))).toEqual([]);
    expect(expected.filter((row) => row.startsWith(muter) && row.includes(posts[5]!.aggregateId))).toEqual([]);
    expect(expected.some((row) => row.startsWith(muter))).toBe(true);
    expect(expected.filter((row) => row.includes(' reply ')).every((row) => row.startsWith(pick(3)))).toBe(true);
    // Context rows as the per-event path leaves them.
    const rows = async (ctxs: ContextCollections) => [(await ctxs.posts.countDocuments({})) as number, (await ctxs.comments.countDocuments({})) as number];
    expect(await rows(batched.context)).toEqual(await rows(one.context));

    // Round trips: per batch a fixed handful (people, preferences and defaults, the inbox write, context reads and rows), not per event.
    expect(perEvent).toBeGreaterThan(8);
    expect(forPosts.length).toBeLessThanOrEqual(12);
    expect(forComments.length).toBeLessThanOrEqual(14);
    // One reservation (the counter read and compare-and-set) and its mark dropped, one insert of items.
    expect(forPosts.filter((c) => c.endsWith(' inbox_seq_v1')).sort()).toEqual(['find inbox_seq_v1', 'update inbox_seq_v1', 'update inbox_seq_v1']);
    expect(forPosts.filter((c) => c.startsWith('insert inbox_v1'))).toHaveLength(1);
    expect(forComments.filter((c) => c.startsWith('insert inbox_v1'))).toHaveLength(1);

    // Delivered again: nothing new, nothing changed.
    const head = await batched.inbox.head();
    await batch.posts!(posts, ctx('posts'));
    await batch.comments!(comments, ctx('comments'));
    expect(await batched.inbox.readAfter(head, 1000)).toEqual([]);
    expect(await contents(batched.inbox)).toEqual(expected);
    }, 120_000);

  it('a comment on a post not known yet fails the batch (the processor then handles it event by event, with retries)', async () => {
    const { options } = await setUp(`unknown${randomBytes(3).toString('hex')}`);
    await expect(sourceBatchHandlers(options).comments!([added(uuidv7(), pick(0), [])], ctx('comments'))).rejects.toBeInstanceOf(ContentNotYetKnownError);
  });
});
