import type { Notification } from '@plein/notifications/domain';
import { InboxStreamHub } from '@plein/notifications/infrastructure';
import { uuidv7 } from '@plein/shared/kernel';
import { notificationsPerSuite, openStream, waitFor, type NotificationsUnderTest, type SseStream } from './testing/notifications-harness';

/** The inbox over HTTP and its live stream, against the real servers. */
describe('notifications inbox', () => {
  const suite = notificationsPerSuite({ NOTIFICATIONS_STREAM_HEARTBEAT_MS: '200', NOTIFICATIONS_STREAM_MAX_PER_PERSON: '2' });
  let n: NotificationsUnderTest;
  beforeAll(() => {
    n = suite.notifications;
  });

  const people = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await n.events.person());
    await waitFor('people known', async () => (await n.infrastructure.sourceDeps.people.activeAmong(ids)).size === ids.length);
    return ids;
  };
  /** `count` posts by `author` mentioning `reader`; answers when the reader has `total` items. */
  const mentions = async (author: string, reader: string, count: number, total: number): Promise<string[]> => {
    const posts: string[] = [];
    for (let i = 0; i < count; i++) posts.push(await n.events.post(author, { mentions: [reader] }));
    await waitFor(`${total} items`, async () => (await n.inbox(reader)).length >= total);
    return posts;
  };
  const notifications = (s: SseStream) => s.events.filter((e) => e.event === 'notification');

  it('pages newest first with a cursor, counts unread, marks read, unread and all read (idempotent)', async () => {
    const [author, reader, other] = (await people(3)) as [string, string, string];
    const posts = await mentions(author, reader, 5, 5);
    const seen: Notification[] = [];
    let cursor: string | undefined;
    do {
      const res = await n.call(reader, 'GET', `/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      expect(res.body.unread).toBe(5);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    // Newest write first (posts on different partitions are written in any order).
    expect(seen.map((i) => i.target.id).sort()).toEqual([...posts].sort());
    expect(seen.map((i) => i.seq)).toEqual([...seen.map((i) => i.seq)].sort((a, b) => b - a));

    const first = seen[0]!;
    expect((await n.call(reader, 'PUT', `/v1/notifications/${first.id}/read`)).body).toMatchObject({ item: { id: first.id, read: true }, unread: 4 });
    expect((await n.call(reader, 'PUT', `/v1/notifications/${first.id}/read`)).body.unread).toBe(4);
    expect((await n.call(reader, 'GET', '/v1/notifications/unread-count')).body).toEqual({ unread: 4 });
    expect((await n.call(reader, 'DELETE', `/v1/notifications/${first.id}/read`)).body.unread).toBe(5);
    expect((await n.call(reader, 'POST', '/v1/notifications/read-all')).body).toEqual({ changed: 5, unread: 0 });
    expect((await n.call(reader, 'POST', '/v1/notifications/read-all')).body).toEqual({ changed: 0, unread: 0 });
    expect((await n.call(reader, 'GET', `/v1/notifications/${first.id}`)).body).toMatchObject({ id: first.id, read: true });

    // Someone else's item is as missing as one that does not exist.
    for (const [method, path] of [['GET', `/v1/notifications/${first.id}`], ['PUT', `/v1/notifications/${first.id}/read`], ['DELETE', `/v1/notifications/${first.id}/read`], ['GET', `/v1/notifications/${uuidv7()}`]] as const) {
      const res = await n.call(other, method, path);
      expect([res.status, res.headers.get('content-type'), res.body.code]).toEqual([404, expect.stringContaining('application/problem+json'), 'NOTIFICATIONS.NOT_FOUND']);
    }
    expect((await n.call(reader, 'GET', `/v1/notifications/${first.id}`)).body.read).toBe(true);
  });

  it('refuses bad input with a problem naming the field, and a missing token', async () => {
    const [reader] = (await people(1)) as [string];
    for (const [path, field] of [
      ['/v1/notifications?limit=0', 'query.limit'],
      ['/v1/notifications?limit=101', 'query.limit'],
      ['/v1/notifications?cursor=bm9wZQ', 'query.cursor'],
      ['/v1/notifications/not-a-uuid', 'path.notificationId'],
    ] as const) {
      const res = await n.call(reader, 'GET', path);
      expect([res.status, res.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const badResume = await fetch(`${n.url}/v1/notifications/stream`, { headers: { authorization: `Bearer ${await n.token(reader)}`, 'last-event-id': 'abc' } });
    expect(badResume.status).toBe(400);
    expect(((await badResume.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['header.Last-Event-ID']);
    expect((await n.call(null, 'GET', '/v1/notifications')).status).toBe(401);
    expect((await fetch(`${n.url}/v1/notifications/stream`)).status).toBe(401);
  });

  it('answers 503 with Retry-After while the live tail is not running, and streams once it runs', async () => {
    const [reader] = (await people(1)) as [string];
    const token = await n.token(reader);
    const hub = n.service.app.get(InboxStreamHub);
    await hub.stop();
    try {
      const starting = await fetch(`${n.url}/v1/notifications/stream`, { headers: { authorization: `Bearer ${token}` } });
      expect([starting.status, starting.headers.get('retry-after'), starting.headers.get('content-type')]).toEqual([503, '5', expect.stringContaining('application/problem+json')]);
      expect(await starting.json()).toMatchObject({ code: 'NOTIFICATIONS.STREAM_UNAVAILABLE' });
    } finally {
      await hub.start();
    }
    const stream = await openStream(n.url, token);
    stream.close();
    expect(stream.status).toBe(200);
  });

  it('bounds the open streams per person (429 beyond)', async () => {
    const [reader] = (await people(1)) as [string];
    const token = await n.token(reader);
    const open = [await openStream(n.url, token), await openStream(n.url, token)];
    expect(open.map((s) => s.status)).toEqual([200, 200]);
    const third = await fetch(`${n.url}/v1/notifications/stream`, { headers: { authorization: `Bearer ${token}` } });
    expect([third.status, third.headers.get('content-type')]).toEqual([429, expect.stringContaining('application/problem+json')]);
    for (const s of open) s.close();
    await waitFor('a free slot', async () => {
      const again = await openStream(n.url, token);
      again.close();
      return again.status === 200;
    });
  });

  it('tells every member of a 10,000-member group about an announcement, in bulk', async () => {
    const [author] = (await people(1)) as [string];
    const groupId = uuidv7();
    const members = Array.from({ length: 10_000 }, () => uuidv7());
    // The context as the people and members sources would have written it, seeded in bulk.
    const c = n.infrastructure.context;
    await c.people.insertMany(members.map((_id) => ({ _id, active: true, managerId: null, lastSequence: 1 })));
    await c.groups.insertOne({ _id: groupId, visibility: 'closed', lastSequence: 1 });
    await c.members.insertMany([author, ...members].map((userId) => ({ _id: `${groupId}:${userId}`, groupId, userId, role: userId === author ? 'owner' : 'member', member: true, lastSequence: 1 })));
    const postId = await n.events.post(author, { kind: 'announcement', audience: { kind: 'group', groupId }, title: 'All hands', callToAction: { kind: 'acknowledge', dueAt: '2027-01-01T12:00:00.000Z' } });
    const items = n.infrastructure.inbox.items;
    // Waits on the consumers' lag, not on counting: a count every 100 ms scans the growing inbox and slows the writes it waits for.
    // 10,000 inbox writes on the local FerretDB: minutes when the machine is shared with other suites (seen past 120 s).
    await waitFor('the sources caught up with the announcement', async () => (await Promise.all(n.infrastructure.sources.map((s) => s.lag()))).every((lag) => lag.total === 0), 270_000);
    expect(await items.countDocuments({ 'target.id': postId })).toBe(10_000);
    expect(await items.countDocuments({ 'target.id': postId, recipientId: author })).toBe(0);
    expect(await items.findOne({ 'target.id': postId, recipientId: members[1234] })).toMatchObject({ type: 'announcement', dueAt: '2027-01-01T12:00:00.000Z', confidential: true, read: false });
  }, 300_000);

  it('purges items past the retention and beyond the per-person cap, oldest first', async () => {
    const [author, reader] = (await people(2)) as [string, string];
    await mentions(author, reader, 4, 4);
    const newest = (await n.inbox(reader)).slice(0, 2).map((i) => i.id);
    await n.infrastructure.inbox.purge(365 * 86_400_000, 2);
    expect((await n.inbox(reader)).map((i) => i.id)).toEqual(newest);
    await n.infrastructure.inbox.purge(0, 1000);
    expect(await n.inbox(reader)).toEqual([]);
  });
  // Last: the second replica joins and leaves the shared consumer groups.
  it('streams new items live with heartbeats, and resumes on another replica from Last-Event-ID with no gap and no duplicate', async () => {
    const [author, reader] = (await people(2)) as [string, string];
    const replica = await n.replica();
    const token = await n.token(reader);

    const onB = await openStream(replica.url, token);
    expect(onB.status).toBe(200);
    await waitFor('the unread event', async () => onB.events.some((e) => e.event === 'unread'));
    await mentions(author, reader, 3, 3);
    await waitFor('three live items on replica B', async () => notifications(onB).length === 3);
    await waitFor('a heartbeat', async () => onB.comments.some((c) => c.startsWith(': heartbeat')));
    onB.close();
    const lastId = notifications(onB).at(-1)!.id!;

    // Two more while disconnected, then resume on replica A.
    await mentions(author, reader, 2, 5);
    const onA = await openStream(n.url, token, lastId);
    await waitFor('the two missed items', async () => notifications(onA).length === 2);
    await mentions(author, reader, 1, 6);
    await waitFor('one more live item', async () => notifications(onA).length === 3);

    const ids = [...notifications(onB), ...notifications(onA)].map((e) => Number(e.id));
    expect(new Set(ids).size).toBe(6);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const streamed = [...notifications(onB), ...notifications(onA)].map((e) => (JSON.parse(e.data!) as { item: Notification }).item.id);
    expect(new Set(streamed)).toEqual(new Set((await n.inbox(reader)).map((i) => i.id)));
    expect(JSON.parse(notifications(onA).at(-1)!.data!)).toMatchObject({ unread: 6, item: { type: 'mention', recipientId: reader } });
    onA.close();
    // The second replica leaves (its consumers leave the shared groups) before the next tests.
    await replica.close();
  });
});
