import { NOTIFICATION_TYPES, type NotificationItem } from './api';
import { describeItem, sentenceOf, targetHref } from './describe';
import { allReadUpTo, appendPage, EMPTY_INBOX, mergeLive, withRead } from './inbox-list';
import { backoffMs, parseStreamData } from './live';
import { base64UrlToBytes, pushFailureOf, subscriptionBody } from './push';
import { en, nl } from './messages';
import { choicesOf, draftOf, toggled } from './settings';

const CATALOGUES = { nl, en };

const item = (over: Partial<NotificationItem> = {}): NotificationItem => ({
  id: 'n1',
  type: 'answer',
  target: { kind: 'comment', id: 'c1', postId: 'p1' },
  actorIds: ['camille'],
  actorCount: 1,
  groupKey: 'answer:e1',
  urgency: 'normal',
  confidential: false,
  createdAt: '2026-12-07T01:00:00.000Z',
  updatedAt: '2026-12-07T01:00:00.000Z',
  read: false,
  seq: 10,
  ...over,
});

describe('notification sentences', () => {
  it('names who did what, in both languages', () => {
    const d = describeItem(item());
    const nl = sentenceOf(CATALOGUES.nl[d.key], d, 'Camille Laurent', CATALOGUES.nl.notifAndOthers, CATALOGUES.nl.notifSomeone);
    const en = sentenceOf(CATALOGUES.en[d.key], d, 'Camille Laurent', CATALOGUES.en.notifAndOthers, CATALOGUES.en.notifSomeone);
    expect(nl).toBe('Camille Laurent beantwoordde je vraag');
    expect(en).toBe('Camille Laurent answered your question');
  });

  it('counts the other actors of a grouped item and says "a colleague" while the name is unknown', () => {
    const d = describeItem(item({ type: 'reaction', target: { kind: 'post', id: 'p1', postId: 'p1' }, actorIds: ['a', 'b', 'c'], actorCount: 7 }));
    expect(d.others).toBe(6);
    expect(sentenceOf(CATALOGUES.en[d.key], d, null, CATALOGUES.en.notifAndOthers, CATALOGUES.en.notifSomeone)).toBe('A colleague and 6 others reacted to your contribution');
  });

  it('has a sentence and a settings label for every type, with no placeholder left for items without an actor', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const type of NOTIFICATION_TYPES) {
        const d = describeItem(item({ type, actorIds: [], actorCount: 1 }));
        expect(d.actorId).toBeNull();
        expect(CATALOGUES[lang][`notifType_${type}`]).toBeTruthy();
        const text = sentenceOf(CATALOGUES[lang][d.key], d, null, CATALOGUES[lang].notifAndOthers, CATALOGUES[lang].notifSomeone);
        expect(text).not.toContain('{');
      }
    }
  });

  it('links each target to its page, a comment to its post, and nothing the client has no page for', () => {
    expect(targetHref(item())).toBe('/posts/p1#comment-c1');
    expect(targetHref(item({ target: { kind: 'post', id: 'p 2' } }))).toBe('/posts/p%202');
    expect(targetHref(item({ target: { kind: 'group', id: 'g1', groupId: 'g1' } }))).toBe('/groups/g1');
    expect(targetHref(item({ target: { kind: 'agenda-item', id: 'a1' } }))).toBe('/agenda/a1');
    expect(targetHref(item({ target: { kind: 'idea-jam', id: 'j1' } }))).toBe('/jams/j1');
    expect(targetHref(item({ target: { kind: 'moderation-case', id: 'd1', postId: 'p9' } }))).toBe('/posts/p9');
    expect(targetHref(item({ target: { kind: 'moderation-case', id: 'd1' } }))).toBeNull();
    expect(targetHref(item({ target: { kind: 'comment', id: 'c1' } }))).toBeNull();
  });
});

describe('the inbox list', () => {
  it('puts a live item on top and moves a changed grouped item up, once', () => {
    const list = appendPage(EMPTY_INBOX, { items: [item({ id: 'b', seq: 5 }), item({ id: 'a', seq: 3 })], nextCursor: 'x' });
    expect(list.done).toBe(false);
    const withNew = mergeLive(list, item({ id: 'c', seq: 8 }));
    expect(withNew.items.map((i) => i.id)).toEqual(['c', 'b', 'a']);
    const moved = mergeLive(withNew, item({ id: 'a', seq: 9, actorCount: 2 }));
    expect(moved.items.map((i) => i.id)).toEqual(['a', 'c', 'b']);
    expect(moved.items[0]!.actorCount).toBe(2);
    // A redelivered (older or same) copy changes nothing.
    expect(mergeLive(moved, item({ id: 'a', seq: 3 }))).toBe(moved);
  });

  it('appends older pages without repeating items that moved up meanwhile, and ends on the last page', () => {
    const list = mergeLive(appendPage(EMPTY_INBOX, { items: [item({ id: 'b', seq: 5 })], nextCursor: 'x' }), item({ id: 'a', seq: 9 }));
    const next = appendPage(list, { items: [item({ id: 'a', seq: 3 }), item({ id: 'z', seq: 2 })] });
    expect(next.items.map((i) => `${i.id}:${i.seq}`)).toEqual(['a:9', 'b:5', 'z:2']);
    expect(next.done).toBe(true);
    expect(next.nextCursor).toBeNull();
  });

  it('marks one read, and read-all only up to what was shown when asked', () => {
    const list = appendPage(EMPTY_INBOX, { items: [item({ id: 'c', seq: 8 }), item({ id: 'b', seq: 5 }), item({ id: 'a', seq: 3 })] });
    expect(withRead(list, 'b', true).items.map((i) => i.read)).toEqual([false, true, false]);
    expect(allReadUpTo(list, 5).items.map((i) => i.read)).toEqual([false, true, true]);
  });
});

describe('the live stream', () => {
  it('reads unread and notification events and leaves anything malformed out', () => {
    expect(parseStreamData('unread', '{"unread":3}')).toEqual({ kind: 'unread', unread: 3 });
    const n = parseStreamData('notification', JSON.stringify({ item: item(), unread: 4 }));
    expect(n).toMatchObject({ kind: 'notification', unread: 4, item: { id: 'n1', seq: 10 } });
    expect(parseStreamData('unread', 'not json')).toBeNull();
    expect(parseStreamData('unread', '{"unread":-1}')).toBeNull();
    expect(parseStreamData('notification', '{"unread":1,"item":{"id":"x"}}')).toBeNull();
    expect(parseStreamData('other', '{"unread":1}')).toBeNull();
  });

  it('backs off from about a second to at most a minute, with jitter', () => {
    expect(backoffMs(0, 0)).toBe(500);
    expect(backoffMs(0, 0.999)).toBeLessThanOrEqual(1000);
    expect(backoffMs(3, 0)).toBe(4000);
    expect(backoffMs(50, 0.999)).toBeLessThanOrEqual(60_000);
    expect(backoffMs(50, 0)).toBe(30_000);
  });
});

describe('web push helpers', () => {
  it('decodes a base64url VAPID key', () => {
    const key = Buffer.from([4, 250, 251, 255, 0, 62, 63]).toString('base64url');
    expect([...base64UrlToBytes(key)]).toEqual([4, 250, 251, 255, 0, 62, 63]);
  });

  it('tells a refusal from a missing push service', () => {
    expect(pushFailureOf(new Error('x'), 'denied')).toBe('denied');
    expect(pushFailureOf(Object.assign(new Error('no'), { name: 'NotAllowedError' }), 'granted')).toBe('denied');
    expect(pushFailureOf(Object.assign(new Error('Registration failed - push service error'), { name: 'AbortError' }), 'granted')).toBe('no-service');
  });

  it('hands the service only the fields its route accepts', () => {
    expect(subscriptionBody({ endpoint: 'https://push.example/1', expirationTime: null, keys: { p256dh: 'P', auth: 'A' } })).toEqual({ endpoint: 'https://push.example/1', expirationTime: null, keys: { p256dh: 'P', auth: 'A' } });
  });
});

describe('the preferences form', () => {
  const answer = {
    choices: { channels: { mention: { push: false } }, quietHours: null, timeZone: 'UTC', mutedPosts: ['p1'], mutedGroups: [], groupPosts: { g1: 'all' as const } },
    effective: {
      channels: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, { 'in-app': true, push: t !== 'mention', 'email-immediate': false, 'email-digest': true }])),
      quietHours: null,
      timeZone: 'UTC',
      mutedPosts: ['p1'],
      mutedGroups: [],
    },
  };

  it('shows the effective table and proposes the browser zone to someone who never chose one', () => {
    const draft = draftOf(answer, 'Europe/Amsterdam');
    expect(draft.table.mention.push).toBe(false);
    expect(draft.table.answer['email-digest']).toBe(true);
    expect(draft.timeZone).toBe('Europe/Amsterdam');
    expect(draft.quiet).toBe(false);
  });

  it('saves the edits over the earlier choices, keeping mutes and group settings', () => {
    const draft = { ...toggled(draftOf(answer), 'answer', 'email-digest', false), quiet: true, quietStart: '22:00', quietEnd: ' 07:00 ' };
    const body = choicesOf(answer.choices, draft);
    expect(body.channels).toEqual({ mention: { push: false }, answer: { 'email-digest': false } });
    expect(body.quietHours).toEqual({ start: '22:00', end: '07:00' });
    expect(body.mutedPosts).toEqual(['p1']);
    expect(body.groupPosts).toEqual({ g1: 'all' });
    expect(choicesOf(answer.choices, { ...draft, quiet: false }).quietHours).toBeNull();
  });
});
