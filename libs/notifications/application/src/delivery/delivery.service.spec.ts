import { builtInTypeChannels, overlayChannels, type Notification, type PushMessage, type RecipientPreferences, type UnsubscribeScope } from '@plein/notifications/domain';
import type { Clock } from '@plein/shared/kernel';
import type { DeferredDeliveries, MailOptOuts, OnceGuard, OutgoingMail, PushResult, StoredPushSubscription } from './delivery.ports';
import { DeliveryService, type DigestSource } from './delivery.service';
import { PushSubscriptionService } from './push-subscriptions.service';

const clock: Clock = { now: () => new Date('2026-12-07T10:00:00.000Z') };

class MemoryOnce implements OnceGuard {
  readonly done = new Set<string>();
  async once(key: string, effect: () => Promise<void>): Promise<'performed' | 'already-done'> {
    if (this.done.has(key)) return 'already-done';
    await effect();
    this.done.add(key);
    return 'performed';
  }
  async isDone(key: string): Promise<boolean> {
    return this.done.has(key);
  }
}

class MemoryOptOuts implements MailOptOuts {
  readonly scopes: UnsubscribeScope[] = [];
  async add(scope: UnsubscribeScope): Promise<void> {
    this.scopes.push(scope);
  }
  async isOptedOut(userId: string, channel: string, type?: string): Promise<boolean> {
    return this.scopes.some((s) => s.userId === userId && s.channel === channel && (s.type === undefined || s.type === type));
  }
}

const item = (over: Partial<Notification> = {}): Notification => ({
  id: 'n1',
  recipientId: 'u1',
  type: 'comment',
  target: { kind: 'post', id: 'p1', postId: 'p1', groupId: 'g1' },
  actorIds: ['u2'],
  actorCount: 1,
  groupKey: 'comment:e1',
  urgency: 'normal',
  confidential: false,
  excerpt: 'hello',
  createdAt: '2026-12-07T09:00:00.000Z',
  updatedAt: '2026-12-07T09:00:00.000Z',
  sourceEventId: 'e1',
  read: false,
  seq: 1,
  ...over,
});

function rig(preferences: Partial<RecipientPreferences> = {}) {
  const pushes: { endpoint: string; message: PushMessage }[] = [];
  const mails: OutgoingMail[] = [];
  const deferred: Parameters<DeferredDeliveries['defer']>[0][] = [];
  const devices: StoredPushSubscription[] = [{ id: 'd1', userId: 'u1', endpoint: 'https://push.example/1', keys: { p256dh: 'k', auth: 'a' }, createdAt: '2026-12-01T00:00:00.000Z' }];
  let pushResult: PushResult = 'sent';
  const removed: string[] = [];
  const optOuts = new MemoryOptOuts();
  const service = new DeliveryService({
    preferences: {
      forRecipient: async (userId) => ({
        userId,
        timeZone: 'UTC',
        channels: overlayChannels(builtInTypeChannels(), { comment: { 'email-immediate': true } }),
        quietHours: null,
        mutedPosts: [],
        mutedGroups: [],
        groupPosts: {},
        ...preferences,
      }),
    },
    subscriptions: {
      save: async () => undefined,
      remove: async () => true,
      listFor: async (userId) => devices.filter((d) => d.userId === userId),
      removeEndpoint: async (endpoint) => void removed.push(endpoint),
    },
    push: { send: async (s, message) => (pushes.push({ endpoint: s.endpoint, message }), pushResult) },
    mailer: { send: async (mail) => void mails.push(mail) },
    once: new MemoryOnce(),
    directory: { addressOf: async (userId) => (userId === 'u1' ? { email: 'u1@example.org', locale: 'nl-NL' } : null) },
    optOuts,
    deferred: { defer: async (e) => void deferred.push(e), due: async () => [], done: async () => undefined },
    inbox: { get: async () => null },
    clock,
    settings: { appUrl: 'https://app.example', publicUrl: 'https://api.example/n/', unsubscribeSecret: 'x'.repeat(32), push: { confidentialContent: false, ttlSeconds: 60 }, maxDevices: 5, digestFrequency: 'daily' },
  });
  return { service, pushes, mails, deferred, removed, optOuts, setPushResult: (r: PushResult) => (pushResult = r) };
}

describe('DeliveryService', () => {
  it('sends a wanted item once per channel, in the person\'s language, with one-click unsubscribe headers', async () => {
    const r = rig();
    expect(await r.service.deliver(item())).toEqual({ push: 'sent', email: 'sent' });
    expect(await r.service.deliver(item())).toEqual({ push: 'already-sent', email: 'already-sent' });
    expect(r.pushes).toHaveLength(1);
    expect(r.mails).toHaveLength(1);
    expect(r.mails[0]!.subject).toBe('Nieuwe reactie');
    expect(r.mails[0]!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(r.mails[0]!.headers['List-Unsubscribe']).toMatch(/^<https:\/\/api\.example\/n\/v1\/notifications\/mail\/unsubscribe\?token=[\w.-]+>$/);
    expect(await r.service.deliver(item({ sourceEventId: 'e2' }))).toEqual({ push: 'sent', email: 'sent' });
  });

  it('respects mutes and channel choices, and sends no mail without an address', async () => {
    expect(await rig({ mutedGroups: ['g1'] }).service.deliver(item())).toEqual({ push: 'not-wanted', email: 'not-wanted' });
    expect(await rig().service.deliver(item({ type: 'mention' }))).toEqual({ push: 'sent', email: 'not-wanted' });
    expect((await rig().service.deliver(item({ recipientId: 'u9' }))).email).toBe('no-address');
  });

  it('sends nothing for an item moderation hid from its recipient (the write-order feed still carries it)', async () => {
    const r = rig();
    expect(await r.service.deliver(item({ hidden: true }))).toEqual({ push: 'not-wanted', email: 'not-wanted' });
    expect([r.pushes, r.mails, r.deferred]).toEqual([[], [], []]);
  });

  it('defers pushes in quiet hours and forgets a device the push service calls gone', async () => {
    const quiet = rig({ quietHours: { start: '09:00', end: '17:00' } });
    expect((await quiet.service.deliver(item())).push).toBe('deferred');
    expect(quiet.deferred[0]!.dueAt.toISOString()).toBe('2026-12-07T17:00:00.000Z');
    const gone = rig();
    gone.setPushResult('gone');
    await gone.service.deliver(item());
    expect(gone.removed).toEqual(['https://push.example/1']);
  });

  it('unsubscribes with the token of its own links only, and then sends no mail of that type', async () => {
    const r = rig();
    await r.service.deliver(item());
    const token = new URL(r.mails[0]!.headers['List-Unsubscribe']!.slice(1, -1)).searchParams.get('token')!;
    await expect(r.service.unsubscribe('forged.token')).rejects.toMatchObject({ violations: [{ field: 'query.token' }] });
    expect(await r.service.unsubscribe(token)).toEqual({ userId: 'u1', channel: 'email-immediate', type: 'comment' });
    expect((await r.service.deliver(item({ sourceEventId: 'e3' }))).email).toBe('not-wanted');
  });

  it('sends one digest per period, none when there is nothing to tell', async () => {
    const r = rig();
    const items = [item({ createdAt: '2026-12-07T06:00:00.000Z' })];
    const source: DigestSource = {
      itemsSince: async () => items,
      recipientsSince: async function* () {
        yield ['u1'];
      },
    };
    expect(await r.service.sendDigests(source)).toBe(1);
    expect(await r.service.sendDigests(source)).toBe(0);
    expect(r.mails.map((m) => m.subject)).toEqual(['Je dagelijkse Plein-overzicht']);
    items.length = 0;
    expect(await r.service.sendDigest(source, 'u1', new Date('2026-12-08T09:00:00.000Z'))).toBe('nothing');
  });
});

describe('PushSubscriptionService', () => {
  it('names bad fields under body and keeps at most 20 devices, dropping the oldest', async () => {
    const saved: StoredPushSubscription[] = [];
    const service = new PushSubscriptionService(
      {
        save: async (s) => void saved.push(s),
        remove: async (userId, id) => {
          const at = saved.findIndex((s) => s.id === id && s.userId === userId);
          if (at >= 0) saved.splice(at, 1);
          return at >= 0;
        },
        listFor: async (userId, limit) => saved.filter((s) => s.userId === userId).slice(0, limit),
        removeEndpoint: async () => undefined,
      },
      clock,
    );
    await expect(service.subscribe('u1', { endpoint: 'http://x.example', keys: { p256dh: 'x', auth: 'y' } })).rejects.toMatchObject({
      violations: [{ field: 'body.endpoint' }, { field: 'body.keys.p256dh' }, { field: 'body.keys.auth' }],
    });
    const p256dh = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
    const auth = Buffer.alloc(16, 1).toString('base64url');
    for (let i = 0; i < 22; i++) await service.subscribe('u1', { endpoint: `https://push.example/${i}`, keys: { p256dh, auth } });
    const left = await service.list('u1');
    expect(left).toHaveLength(20);
    expect(left[0]!.endpoint).toBe('https://push.example/2');
    await expect(service.unsubscribe('u2', left[0]!.id)).rejects.toMatchObject({ code: 'NOTIFICATIONS.PUSH_SUBSCRIPTION_NOT_FOUND' });
  });
});
