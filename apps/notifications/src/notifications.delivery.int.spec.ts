import { subscriptionIdOf } from '@plein/notifications/application';
import { InboxDigestSource, SmtpMailer, toNotification, type InboxItemDocument } from '@plein/notifications/infrastructure';
import { randomBytes } from 'node:crypto';
import { browserKeys, decryptPush, deliveryRig, fakePushService, mailHeaders, mailsTo, notification, privateDatabase, verifyVapid, type DeliveryRig } from './testing/delivery-fixtures';

/**
 * Delivery on the real servers: pushes to a push service on 127.0.0.1 (the payload decrypted with
 * the subscription's private key, the VAPID signature verified), mail through Mailpit read back over
 * its HTTP API, side-effect claims in MongoDB.
 */
describe('notifications delivery: exactly once per (event, recipient, channel)', () => {
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  let rig: DeliveryRig;
  let push: Awaited<ReturnType<typeof fakePushService>>;

  beforeAll(async () => {
    db = await privateDatabase();
    rig = await deliveryRig(db.connection);
    push = await fakePushService();
  });
  afterAll(async () => {
    rig?.mailer.close();
    await push?.close();
    await db?.close();
  });

  const person = async (): Promise<{ userId: string; email: string; keys: ReturnType<typeof browserKeys>; endpoint: string }> => {
    const userId = `u-${randomBytes(6).toString('hex')}`;
    const email = `${userId}@plein.example`;
    const keys = browserKeys();
    const endpoint = `${push.url}/push/${userId}`;
    await rig.collections.addresses.insertOne({ _id: userId, email, lastSequence: 1 });
    await rig.subscriptions.save({ id: subscriptionIdOf(endpoint), userId, endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth.toString('base64url') }, createdAt: new Date().toISOString() });
    return { userId, email, keys, endpoint };
  };

  it('two replicas, each handed the event twice, send one push and one mail', async () => {
    const p = await person();
    const item = notification({ recipientId: p.userId });
    const [a, b] = [rig.replica(), rig.replica()];
    const reports = await Promise.allSettled([a.deliver(item), b.deliver(item), a.deliver(item), b.deliver(item)]);
    // A delivery that met another's fresh claim fails retriably (the processor retries it): retry those.
    for (const r of reports) if (r.status === 'rejected') await a.deliver(item);
    await a.deliver(item);

    const pushes = push.received.filter((r) => r.path === `/push/${p.userId}`);
    expect(pushes).toHaveLength(1);
    const mails = await waitForMails(p.email, 1);
    expect(mails).toHaveLength(1);
    // Later passes change nothing either.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailsTo(p.email)).toHaveLength(1);
  });

  it('a push carries the item encrypted for the device and signed with VAPID, with TTL, urgency and topic', async () => {
    const p = await person();
    await rig.replica().deliver(notification({ recipientId: p.userId, type: 'announcement', urgency: 'urgent', excerpt: 'Office closed today' }));
    const got = push.received.find((r) => r.path === `/push/${p.userId}`)!;
    expect(got.headers['content-encoding']).toBe('aes128gcm');
    expect(got.headers['ttl']).toBe('3600');
    expect(got.headers['urgency']).toBe('high');
    expect(got.headers['topic']).toMatch(/^[\w-]{1,32}$/);
    const claims = verifyVapid(got.headers['authorization'], new URL(push.url).origin);
    expect(claims.k).toBe(rig.vapid.publicKey);
    expect(claims.sub).toBe(rig.vapid.subject);
    const payload = JSON.parse(decryptPush(got.body, p.keys)) as Record<string, unknown>;
    expect(payload).toMatchObject({ type: 'announcement', title: 'Announcement', body: 'Office closed today', url: '/posts/post-1' });
  });

  it('a confidential item goes out without its content', async () => {
    const p = await person();
    await rig.replica().deliver(notification({ recipientId: p.userId, confidential: true, excerpt: 'reorganisation plans' }));
    const got = push.received.find((r) => r.path === `/push/${p.userId}`)!;
    const payload = JSON.parse(decryptPush(got.body, p.keys)) as Record<string, unknown>;
    expect(payload).not.toHaveProperty('body');
    expect(JSON.stringify(payload)).not.toContain('reorganisation');
    const [mail] = await waitForMails(p.email, 1);
    expect(mail!.Text + mail!.HTML).not.toContain('reorganisation');
  });

  it('a 410 from the push service removes the subscription', async () => {
    const p = await person();
    push.script.push({ status: 410 });
    await rig.replica().deliver(notification({ recipientId: p.userId }));
    expect(await rig.subscriptions.listFor(p.userId, 10)).toEqual([]);
    const before = push.received.length;
    await rig.replica().deliver(notification({ recipientId: p.userId }));
    expect(push.received.length).toBe(before);
  });

  it('a 429 is retried with backoff (Retry-After honoured) and delivered once', async () => {
    const p = await person();
    push.script.push({ status: 429, retryAfter: '0' }, { status: 503 });
    await rig.replica().deliver(notification({ recipientId: p.userId }));
    const got = push.received.filter((r) => r.path === `/push/${p.userId}`);
    expect(got).toHaveLength(3);
    expect(await rig.subscriptions.listFor(p.userId, 10)).toHaveLength(1);
  });

  it('mails HTML and text with one-click unsubscribe headers; unsubscribing stops that type', async () => {
    const p = await person();
    const replica = rig.replica();
    await replica.deliver(notification({ recipientId: p.userId }));
    const [mail] = await waitForMails(p.email, 1);
    expect(mail!.Subject).toBe('New comment');
    expect(mail!.Text).toContain('Who joins the <b>Friday</b> lunch?');
    expect(mail!.HTML).toContain('Who joins the &lt;b&gt;Friday&lt;/b&gt; lunch?');
    const headers = await mailHeaders(mail!.ID);
    expect(headers['List-Unsubscribe-Post']).toEqual(['List-Unsubscribe=One-Click']);
    const link = /^<(https:\/\/[^>]+)>$/.exec(headers['List-Unsubscribe']![0]!)![1]!;
    const token = new URL(link).searchParams.get('token')!;
    expect(await replica.unsubscribe(token)).toEqual({ userId: p.userId, channel: 'email-immediate', type: 'comment' });
    await replica.deliver(notification({ recipientId: p.userId }));
    await replica.deliver(notification({ recipientId: p.userId, type: 'mention' }));
    const after = await waitForMails(p.email, 2);
    expect(after.map((m) => m.Subject).sort()).toEqual(['New comment', 'You were mentioned']);
    await expect(replica.unsubscribe(`${token}x`)).rejects.toMatchObject({ code: 'NOTIFICATIONS.UNSUBSCRIBE_TOKEN_INVALID' });
  });

  it('a mail the relay refused is sent by the next attempt, once', async () => {
    const p = await person();
    const item = notification({ recipientId: p.userId });
    const down = new SmtpMailer({ url: 'smtp://127.0.0.1:1', from: 'Plein <no-reply@plein.example>' });
    const broken = rig.replica({ mailer: down });
    await expect(broken.deliver(item)).rejects.toThrow();
    expect(await rig.collections.claims.countDocuments({ eventId: { $regex: `^email-immediate:${p.userId}:` } })).toBe(0);
    expect((await rig.replica().deliver(item)).email).toBe('sent');
    expect((await rig.replica().deliver(item)).email).toBe('already-sent');
    expect(await waitForMails(p.email, 1)).toHaveLength(1);
  });

  /** An item written to the rig's inbox (a held push is sent only while its item is there and visible). */
  const inboxItem = async (recipientId: string, postId = `post-${randomBytes(4).toString('hex')}`) => {
    await rig.inbox.add([{ recipientId, type: 'comment', target: { kind: 'post', id: postId, postId }, actorId: 'u-actor', urgency: 'normal', confidential: false, excerpt: 'Lunch?', occurredAt: rig.clock.now().toISOString(), sourceEventId: `e-${randomBytes(6).toString('hex')}` }]);
    const [item] = await rig.inbox.list(recipientId, 1);
    return item!;
  };

  it('holds a push back during quiet hours (in the person\'s time zone) and sends it once when they end; urgent announcements pass', async () => {
    const p = await person();
    rig.preferences.overrides.set(p.userId, { quietHours: { start: '22:00', end: '07:00' }, timeZone: 'Europe/Amsterdam' });
    const replica = rig.replica();
    const sent = () => push.received.filter((r) => r.path === `/push/${p.userId}`).length;
    rig.clock.set(new Date('2026-12-07T22:30:00.000Z')); // 23:30 in Amsterdam
    const item = await inboxItem(p.userId);
    expect((await replica.deliver(item)).push).toBe('deferred');
    expect((await replica.deliver(item)).push).toBe('deferred');
    expect((await replica.deliver(notification({ recipientId: p.userId, type: 'announcement', urgency: 'urgent' }))).push).toBe('sent');
    expect(sent()).toBe(1);
    rig.clock.set(new Date('2026-12-08T05:30:00.000Z')); // 06:30: still quiet
    await replica.sendDeferred();
    expect(sent()).toBe(1);
    rig.clock.set(new Date('2026-12-08T06:00:00.000Z')); // 07:00: over
    await Promise.all([replica.sendDeferred(), rig.replica().sendDeferred()]);
    await replica.sendDeferred();
    expect(sent()).toBe(2);
    rig.preferences.overrides.delete(p.userId);
    rig.clock.set(new Date('2026-12-07T10:00:00.000Z'));
  });

  it('a held push whose content moderation hid before quiet hours ended is not sent; one restored in time is', async () => {
    const p = await person();
    rig.preferences.overrides.set(p.userId, { quietHours: { start: '22:00', end: '07:00' }, timeZone: 'Europe/Amsterdam' });
    const replica = rig.replica();
    const sent = () => push.received.filter((r) => r.path === `/push/${p.userId}`).length;
    rig.clock.set(new Date('2026-12-07T22:30:00.000Z'));
    const hidden = await inboxItem(p.userId);
    expect((await replica.deliver(hidden)).push).toBe('deferred');
    await rig.inbox.setContentState({ scope: { kind: 'post', postId: hidden.target.postId! }, state: 'hidden', authorId: 'u-author', sequence: 2 });
    const restored = await inboxItem(p.userId);
    expect((await replica.deliver(restored)).push).toBe('deferred');
    await rig.inbox.setContentState({ scope: { kind: 'post', postId: restored.target.postId! }, state: 'hidden', authorId: 'u-author', sequence: 2 });
    await rig.inbox.setContentState({ scope: { kind: 'post', postId: restored.target.postId! }, state: 'visible', authorId: 'u-author', sequence: 3 });
    rig.clock.set(new Date('2026-12-08T06:00:00.000Z')); // 07:00 in Amsterdam: over
    await replica.sendDeferred();
    await replica.sendDeferred();
    // Only the restored item's push went out; the hidden one's entry is done, not waiting.
    expect(sent()).toBe(1);
    expect(await rig.collections.deferred.countDocuments({ recipientId: p.userId })).toBe(0);
    rig.preferences.overrides.delete(p.userId);
    rig.clock.set(new Date('2026-12-07T10:00:00.000Z'));
  });

  it('composes the digest from the inbox with an injected clock: due at 08:00 local, once per day, the next day anew', async () => {
    const p = await person();
    const inbox = db.connection.db!.collection<InboxItemDocument>(`inbox_${randomBytes(3).toString('hex')}`);
    const doc = (id: string, type: InboxItemDocument['type'], createdAt: string, over: Partial<InboxItemDocument> = {}): InboxItemDocument => ({
      _id: id,
      recipientId: p.userId,
      type,
      target: { kind: 'post', id: `post-${id}`, postId: `post-${id}` },
      actors: ['u-2'],
      count: 1,
      groupKey: `${type}:${id}`,
      urgency: 'normal',
      confidential: false,
      excerpt: `about ${id}`,
      createdAt,
      updatedAt: createdAt,
      touchedAt: new Date(createdAt),
      sourceEventId: `e-${id}`,
      read: false,
      seq: 1,
      ...over,
    });
    await inbox.insertMany([
      doc('c1', 'comment', '2026-12-07T15:00:00.000Z'),
      doc('q1', 'expert-suggested', '2026-12-07T16:00:00.000Z'),
      doc('a1', 'acknowledgement-reminder', '2026-11-20T09:00:00.000Z', { dueAt: '2026-12-10T00:00:00.000Z' }),
      doc('a2', 'acknowledgement-reminder', '2026-11-21T09:00:00.000Z', { read: true }),
      doc('old', 'comment', '2026-12-01T09:00:00.000Z'),
    ]);
    const source = new InboxDigestSource(inbox, toNotification);
    const replica = rig.replica();
    // Amsterdam: 07:30 local is not yet due, 08:10 is.
    expect(await replica.sendDigest(source, p.userId, new Date('2026-12-08T06:30:00.000Z'))).toBe('nothing');
    expect(await replica.sendDigest(source, p.userId, new Date('2026-12-08T07:10:00.000Z'))).toBe('sent');
    expect(await rig.replica().sendDigest(source, p.userId, new Date('2026-12-08T09:00:00.000Z'))).toBe('already-sent');
    const [mail] = await waitForMails(p.email, 1);
    expect(mail!.Subject).toBe('Your daily Plein digest');
    const text = mail!.Text;
    expect(text.indexOf('Still waiting for your acknowledgement')).toBeLessThan(text.indexOf('Open questions you could answer'));
    expect(text).toContain('about a1');
    expect(text).not.toContain('about a2');
    expect(text).toContain('about q1');
    expect(text).toContain('about c1');
    expect(text).not.toContain('about old');
    expect(mail!.HTML).toContain('<h2');
    // The next day is a new period: the pending acknowledgement is told again.
    expect(await replica.sendDigest(source, p.userId, new Date('2026-12-09T07:10:00.000Z'))).toBe('sent');
    expect(await waitForMails(p.email, 2)).toHaveLength(2);
  });
});

async function waitForMails(address: string, count: number, timeoutMs = 10_000): Promise<Awaited<ReturnType<typeof mailsTo>>> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const mails = await mailsTo(address);
    if (mails.length >= count || Date.now() > deadline) return mails;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
