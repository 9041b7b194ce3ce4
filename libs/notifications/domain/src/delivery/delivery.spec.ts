import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { composeDigest, dueDigest, renderDigestMail } from '../digest/digest';
import { escapeHtml, mailLanguageOf, renderImmediateMail, signUnsubscribeToken, verifyUnsubscribeToken } from '../mail/mail';
import { pushMessageOf, pushSubscriptionViolations } from '../push/push-subscription';
import { backoffMs, deliveryKey, type DeliveryItem } from './delivery';

const item = (over: Partial<DeliveryItem> = {}): DeliveryItem => ({
  id: 'n1',
  recipientId: 'u1',
  type: 'comment',
  target: { kind: 'post', id: 'p1' },
  actorCount: 1,
  groupKey: 'comment:e1',
  urgency: 'normal',
  confidential: false,
  excerpt: 'Lunch <b>at</b> noon & "later"',
  createdAt: '2026-12-07T06:00:00.000Z',
  sourceEventId: 'e1',
  ...over,
});

const p256dh = (): string => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]).toString('base64url');
};

describe('delivery keys and backoff', () => {
  it('keys a delivery by channel, recipient and source event', () => {
    expect(deliveryKey('e1', 'u1', 'push')).not.toBe(deliveryKey('e1', 'u2', 'push'));
    expect(deliveryKey('e1', 'u1', 'push')).not.toBe(deliveryKey('e1', 'u1', 'email-immediate'));
    expect(deliveryKey('e1', 'u1', 'push')).toBe(deliveryKey('e1', 'u1', 'push'));
  });

  it('backs off exponentially, bounded, and honours a larger Retry-After up to the bound', () => {
    const max = { baseMs: 100, maxMs: 1000 };
    expect(backoffMs(1, max, () => 1)).toBe(100);
    expect(backoffMs(3, max, () => 1)).toBe(400);
    expect(backoffMs(10, max, () => 1)).toBe(1000);
    expect(backoffMs(2, max, () => 0)).toBe(100);
    expect(backoffMs(1, { ...max, retryAfterMs: 700 }, () => 0)).toBe(700);
    expect(backoffMs(1, { ...max, retryAfterMs: 60_000 }, () => 0)).toBe(1000);
  });
});

describe('push subscriptions', () => {
  const keys = { p256dh: p256dh(), auth: randomBytes(16).toString('base64url') };

  it('accepts an https endpoint with a P-256 key and a 16-byte secret', () => {
    expect(pushSubscriptionViolations({ endpoint: 'https://push.example.org/send/abc', keys })).toEqual([]);
  });

  it('names each bad field', () => {
    expect(pushSubscriptionViolations({ endpoint: 'http://push.example.org/x', keys }).map((v) => v.field)).toEqual(['endpoint']);
    expect(pushSubscriptionViolations({ endpoint: 'not a url', keys }).map((v) => v.field)).toEqual(['endpoint']);
    expect(pushSubscriptionViolations({ endpoint: 'http://127.0.0.1:9/x', keys }).map((v) => v.field)).toEqual(['endpoint']);
    expect(pushSubscriptionViolations({ endpoint: 'http://127.0.0.1:9/x', keys }, { allowLoopbackHttp: true })).toEqual([]);
    expect(pushSubscriptionViolations({ endpoint: 'http://push.example.org/x', keys }, { allowLoopbackHttp: true }).map((v) => v.field)).toEqual(['endpoint']);
    expect(pushSubscriptionViolations({ endpoint: 'https://u:p@push.example.org/x', keys }).map((v) => v.field)).toEqual(['endpoint']);
    expect(pushSubscriptionViolations({ endpoint: 'https://push.example.org/x', keys: { p256dh: keys.p256dh.slice(0, 40), auth: 'short' } }).map((v) => v.field)).toEqual(['keys.p256dh', 'keys.auth']);
    expect(pushSubscriptionViolations({ endpoint: 'https://push.example.org/x', keys: { p256dh: 'not base64!', auth: keys.auth } }).map((v) => v.field)).toEqual(['keys.p256dh']);
  });

  it('leaves the excerpt of a confidential item out of the payload unless the organisation allows it', () => {
    const policy = { confidentialContent: false, ttlSeconds: 3600 };
    expect(pushMessageOf(item(), 'en', policy).payload.body).toContain('Lunch');
    expect(pushMessageOf(item({ confidential: true }), 'en', policy).payload).not.toHaveProperty('body');
    expect(pushMessageOf(item({ confidential: true }), 'en', { ...policy, confidentialContent: true }).payload.body).toContain('Lunch');
  });

  it('collapses by group: the same group key gives the same URL-safe topic of at most 32 characters', () => {
    const policy = { confidentialContent: false, ttlSeconds: 60 };
    const a = pushMessageOf(item({ groupKey: 'reaction:p1' }), 'en', policy);
    const b = pushMessageOf(item({ groupKey: 'reaction:p1', sourceEventId: 'e2' }), 'en', policy);
    const c = pushMessageOf(item({ groupKey: 'reaction:p2' }), 'en', policy);
    expect(a.topic).toBe(b.topic);
    expect(a.topic).not.toBe(c.topic);
    expect(a.topic).toMatch(/^[\w-]{1,32}$/);
    expect(pushMessageOf(item({ urgency: 'urgent', type: 'announcement' }), 'nl', policy)).toMatchObject({ urgency: 'high', payload: { title: 'Mededeling' } });
  });

  it('names idea jams opening and closing and links to the jam', () => {
    const policy = { confidentialContent: false, ttlSeconds: 60 };
    const jam = { kind: 'idea-jam' as const, id: 'j1' };
    expect(pushMessageOf(item({ type: 'jam-opened', target: jam }), 'en', policy).payload).toMatchObject({ title: 'An idea jam is open', url: '/jams/j1' });
    expect(pushMessageOf(item({ type: 'jam-closed', target: jam }), 'nl', policy).payload).toMatchObject({ title: 'Een ideeënsessie is gesloten', url: '/jams/j1' });
  });
});

describe('mail', () => {
  const links = { appUrl: 'https://intranet.example.org/', unsubscribeUrl: 'https://intranet.example.org/u?t=a&b' };

  it('escapes user content in the HTML part and keeps it as text in the plain part', () => {
    const mail = renderImmediateMail(item(), 'en', links);
    expect(mail.html).toContain('Lunch &lt;b&gt;at&lt;/b&gt; noon &amp; &quot;later&quot;');
    expect(mail.html).not.toContain('<b>at</b>');
    expect(mail.text).toContain('Lunch <b>at</b> noon');
    expect(mail.text).toContain('https://intranet.example.org/posts/p1');
    expect(mail.html).toContain('href="https://intranet.example.org/u?t=a&amp;b"');
  });

  it('never puts a confidential excerpt in mail, and speaks Dutch for nl locales', () => {
    const mail = renderImmediateMail(item({ confidential: true }), mailLanguageOf('nl-NL'), links);
    expect(mail.text).not.toContain('Lunch');
    expect(mail.html).not.toContain('Lunch');
    expect(mail.subject).toBe('Nieuwe reactie');
    expect(mailLanguageOf(undefined)).toBe('en');
  });

  it('signs unsubscribe tokens that verify only with the same secret and unchanged', () => {
    const token = signUnsubscribeToken({ userId: 'u1', channel: 'email-immediate', type: 'comment' }, 'secret-1');
    expect(verifyUnsubscribeToken(token, 'secret-1')).toEqual({ userId: 'u1', channel: 'email-immediate', type: 'comment' });
    expect(verifyUnsubscribeToken(token, 'secret-2')).toBeNull();
    const forged = signUnsubscribeToken({ userId: 'u2', channel: 'email-immediate' }, 'other');
    expect(verifyUnsubscribeToken(`${token.split('.')[0]!.slice(0, -2)}AA.${token.split('.')[1]!}`, 'secret-1')).toBeNull();
    expect(verifyUnsubscribeToken(forged, 'secret-1')).toBeNull();
    expect(verifyUnsubscribeToken('garbage', 'secret-1')).toBeNull();
  });

  it('escapes all five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('digests', () => {
  it('is due from 08:00 local time, daily every day and weekly on Monday', () => {
    // 2026-12-07 is a Monday; Amsterdam is UTC+1 in December.
    expect(dueDigest('daily', new Date('2026-12-07T06:59:00Z'), 'Europe/Amsterdam')).toBeNull();
    expect(dueDigest('daily', new Date('2026-12-07T07:00:00Z'), 'Europe/Amsterdam')?.key).toBe('daily:2026-12-07');
    expect(dueDigest('weekly', new Date('2026-12-07T07:30:00Z'), 'Europe/Amsterdam')?.key).toBe('weekly:2026-12-07');
    expect(dueDigest('weekly', new Date('2026-12-08T07:30:00Z'), 'Europe/Amsterdam')).toBeNull();
    expect(dueDigest('daily', new Date('2026-12-07T07:30:00Z'), 'America/New_York')).toBeNull();
  });

  it('sorts items into activity, open questions and pending acknowledgements, leaving out items outside the period', () => {
    const period = dueDigest('daily', new Date('2026-12-07T08:00:00Z'), 'UTC')!;
    const digest = composeDigest(period, [
      item({ id: 'old', createdAt: '2026-12-05T08:00:00.000Z' }),
      item({ id: 'a1' }),
      item({ id: 'q1', type: 'expert-suggested' }),
      item({ id: 'ack', type: 'acknowledgement-reminder', createdAt: '2026-12-01T08:00:00.000Z', dueAt: '2026-12-09T00:00:00.000Z' }),
    ])!;
    expect(digest.activity.items.map((i) => i.id)).toEqual(['a1']);
    expect(digest.questions.items.map((i) => i.id)).toEqual(['q1']);
    expect(digest.acknowledgements.items.map((i) => i.id)).toEqual(['ack']);
    expect(composeDigest(period, [item({ createdAt: '2026-12-01T00:00:00.000Z' })])).toBeNull();
  });

  it('bounds each section and renders HTML and text in both languages, escaped', () => {
    const period = dueDigest('weekly', new Date('2026-12-07T09:00:00Z'), 'UTC')!;
    const many = Array.from({ length: 13 }, (_, i) => item({ id: `a${i}`, createdAt: `2026-12-0${(i % 5) + 2}T10:00:00.000Z` }));
    const digest = composeDigest(period, [...many, item({ id: 'secret', confidential: true, excerpt: 'salary plans' })])!;
    expect(digest.activity.items).toHaveLength(10);
    expect(digest.activity.total).toBe(14);
    const nl = renderDigestMail(digest, 'weekly', 'nl', { appUrl: 'https://x.example', unsubscribeUrl: 'https://x.example/u' });
    expect(nl.subject).toBe('Je wekelijkse Plein-overzicht');
    expect(nl.text).toContain('en nog 4');
    expect(nl.html).toContain('&lt;b&gt;');
    expect(nl.html + nl.text).not.toContain('salary');
  });
});
