import type { ManagementLevel, UserProvisionedV1 } from '@plein/identity/contracts';
import { uuidv7 } from '@plein/shared/kernel';
import { ChannelsRuntime } from './channels.runtime';
import { browserKeys, decryptPush, fakePushService, mailHeaders, mailsTo, verifyVapid } from './testing/delivery-fixtures';
import { notificationsPerSuite, sourcesCaughtUp, waitFor, type NotificationsUnderTest } from './testing/notifications-harness';

/**
 * The channels end to end in the real service: a comment on someone's post becomes an inbox item,
 * which goes out as a web push to the device they subscribed over HTTP (decrypted and VAPID-checked
 * by a push service inside the test) and into their digest mail (read back from Mailpit), with
 * one-click unsubscribe; redeliveries send nothing twice.
 */
describe('notifications channels over HTTP', () => {
  const suite = notificationsPerSuite({ NOTIFICATIONS_PUSH_ALLOW_LOOPBACK_HTTP: 'true', NOTIFICATIONS_DELIVERY_POLL_MS: '50', NOTIFICATIONS_DELIVERY_SCHEDULE_MS: '3600000' });
  let push: Awaited<ReturnType<typeof fakePushService>>;
  beforeAll(async () => {
    push = await fakePushService();
  });
  afterAll(async () => {
    await push?.close();
  });

  const personWithMail = async (n: NotificationsUnderTest): Promise<{ userId: string; email: string }> => {
    const userId = uuidv7();
    const email = `p-${userId.slice(-12)}@plein.example`;
    const data: UserProvisionedV1 = { externalId: `ext-${userId}`, userName: `u.${userId.slice(-12)}`, displayName: 'Test Person', managementLevel: 'employee' as ManagementLevel, badges: [], managerId: null, roles: ['employee'], email };
    await n.events.publish(n.events.topics.people, 'user', userId, 'identity.user.provisioned', data);
    return { userId, email };
  };

  const subscribe = async (n: NotificationsUnderTest, userId: string) => {
    const keys = browserKeys();
    const endpoint = `${push.url}/device/${userId}`;
    const res = await n.call(userId, 'POST', '/v1/notifications/push/subscriptions', { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth.toString('base64url') } });
    expect(res.status).toBe(201);
    return { keys, endpoint, id: res.body.id as string };
  };

  it('rejects bad subscriptions naming the field, and hides other people\'s devices', async () => {
    const n = suite.notifications;
    const me = uuidv7();
    const keys = browserKeys();
    const good = { p256dh: keys.p256dh, auth: keys.auth.toString('base64url') };
    const http = await n.call(me, 'POST', '/v1/notifications/push/subscriptions', { endpoint: 'http://push.example.org/x', keys: good });
    expect(http.status).toBe(400);
    expect(JSON.stringify(http.body)).toContain('body.endpoint');
    const badKey = await n.call(me, 'POST', '/v1/notifications/push/subscriptions', { endpoint: 'https://push.example.org/x', keys: { ...good, p256dh: 'AAAA' } });
    expect(badKey.status).toBe(400);
    expect(JSON.stringify(badKey.body)).toContain('body.keys.p256dh');
    const missing = await n.call(me, 'POST', '/v1/notifications/push/subscriptions', { endpoint: 'https://push.example.org/x' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('keys');

    const { id } = await subscribe(n, me);
    const other = uuidv7();
    expect((await n.call(other, 'DELETE', `/v1/notifications/push/subscriptions/${id}`)).status).toBe(404);
    expect((await n.call(other, 'GET', '/v1/notifications/push/subscriptions')).body.items).toEqual([]);
    expect((await n.call(me, 'GET', '/v1/notifications/push/subscriptions')).body.items).toHaveLength(1);
    expect((await n.call(me, 'DELETE', `/v1/notifications/push/subscriptions/${id}`)).status).toBe(204);
    expect((await n.call(me, 'DELETE', `/v1/notifications/push/subscriptions/${id}`)).status).toBe(404);
    expect((await n.call(null, 'GET', '/v1/notifications/push/subscriptions')).status).toBe(401);
    const key = await n.call(me, 'GET', '/v1/notifications/push/public-key');
    expect(key.body.publicKey).toMatch(/^[\w-]{80,90}$/);
  });

  it('a comment on my post reaches my device once, through redeliveries of every event', async () => {
    const n = suite.notifications;
    const owner = await personWithMail(n);
    const commenter = await n.events.person();
    const device = await subscribe(n, owner.userId);
    const { publicKey } = (await n.call(owner.userId, 'GET', '/v1/notifications/push/public-key')).body as { publicKey: string };
    const postId = await n.events.post(owner.userId, { title: 'Friday lunch' });
    const commentId = await n.events.comment(postId, commenter);
    const mine = () => push.received.filter((r) => r.path === `/device/${owner.userId}`);
    await waitFor('the push', async () => mine().length > 0, 60_000);
    const got = mine()[0]!;
    expect(verifyVapid(got.headers['authorization'], new URL(push.url).origin).k).toBe(publicKey);
    expect(JSON.parse(decryptPush(got.body, device.keys))).toMatchObject({ type: 'comment', url: `/posts/${postId}#comment-${commentId}` });

    // Every event again (concurrent replicas are in notifications.delivery.int.spec.ts): no second push.
    const topics = n.events.topics;
    for (const [topic, prefix] of [[topics.people, 'identity.user.'], [topics.posts, 'feed.post.'], [topics.comments, 'feed.comment.']] as const) {
      await n.events.send(n.events.published.filter((e) => e.type.startsWith(prefix)), topic);
    }
    await sourcesCaughtUp(n);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mine()).toHaveLength(1);
  }, 120_000);

  it('sends the digest once per period with one-click unsubscribe that needs no login', async () => {
    const n = suite.notifications;
    const runtime = n.service.app.get(ChannelsRuntime);
    const owner = await personWithMail(n);
    const commenter = await n.events.person();
    const postId = await n.events.post(owner.userId, { title: 'Plans <script>alert(1)</script>' });
    await n.events.comment(postId, commenter);
    await waitFor('the inbox item', async () => (await n.call(owner.userId, 'GET', '/v1/notifications')).body.items?.length > 0);
    await waitFor('the address', async () => (await runtime.collections.addresses.countDocuments({ _id: owner.userId, email: owner.email })) === 1);
    // A digest is due from 08:00 in the person's time zone (UTC by default): pick a time that is.
    const now = new Date();
    const at = now.getUTCHours() >= 8 ? new Date(now.getTime() + 60_000) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8, 30));
    expect(await runtime.delivery.sendDigest(runtime.digests, owner.userId, at)).toBe('sent');
    expect(await runtime.delivery.sendDigest(runtime.digests, owner.userId, at)).toBe('already-sent');
    await waitFor('the digest in Mailpit', async () => (await mailsTo(owner.email)).length > 0);
    const [mail] = await mailsTo(owner.email);
    expect(mail!.Subject).toBe('Your daily Plein digest');
    expect(mail!.Text).toContain('New comment');
    expect(mail!.HTML).toContain(`/posts/${postId}`);
    expect(mail!.HTML).not.toContain('<script>');
    const headers = await mailHeaders(mail!.ID);
    expect(headers['List-Unsubscribe-Post']).toEqual(['List-Unsubscribe=One-Click']);
    const link = new URL(/^<([^>]+)>$/.exec(headers['List-Unsubscribe']![0]!)![1]!);
    const path = `${link.pathname}${link.search}`;

    const page = await fetch(`${n.url}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('method="post"');
    expect(await runtime.collections.optOuts.countDocuments({ userId: owner.userId })).toBe(0);

    const click = await fetch(`${n.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(click.status).toBe(200);
    expect(await click.json()).toEqual({ unsubscribed: 'email-digest' });
    const bad = await fetch(`${n.url}/v1/notifications/mail/unsubscribe?token=${link.searchParams.get('token')!.slice(0, -3)}abc`, { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('query.token');
    const tomorrow = new Date(at.getTime() + 86_400_000);
    expect(await runtime.delivery.sendDigest(runtime.digests, owner.userId, tomorrow)).toBe('nothing');
  });
});
