import { FixedClock } from '@plein/shared/kernel';
import type { Notification } from '../notification/notification';
import { builtInTypeChannels, deliverAt, inQuietHours, overlayChannels, wants, type RecipientPreferences } from './preferences';

const prefs = (over: Partial<RecipientPreferences> = {}): RecipientPreferences => ({
  userId: 'u',
  timeZone: 'Europe/Amsterdam',
  channels: builtInTypeChannels(),
  quietHours: { start: '22:00', end: '07:00' },
  mutedPosts: [],
  mutedGroups: [],
  groupPosts: {},
  ...over,
});
const item = (over: Partial<Pick<Notification, 'type' | 'urgency'>> = {}): Pick<Notification, 'type' | 'urgency'> => ({ type: 'comment', urgency: 'normal', ...over });

describe('deliverAt', () => {
  // 23:30 in Amsterdam in winter (UTC+1).
  const lateEvening = new FixedClock(new Date('2026-01-15T22:30:20Z'));

  it('holds push until the end of quiet hours in the person\'s time zone', () => {
    expect(deliverAt({ channel: 'push', item: item(), preferences: prefs() }, lateEvening).toISOString()).toBe('2026-01-16T06:00:00.000Z');
  });

  it('lets urgent announcements through, and every channel other than push', () => {
    expect(deliverAt({ channel: 'push', item: item({ type: 'announcement', urgency: 'urgent' }), preferences: prefs() }, lateEvening)).toEqual(lateEvening.now());
    expect(deliverAt({ channel: 'push', item: item({ type: 'comment', urgency: 'urgent' }), preferences: prefs() }, lateEvening).toISOString()).toBe('2026-01-16T06:00:00.000Z');
    expect(deliverAt({ channel: 'email-immediate', item: item(), preferences: prefs() }, lateEvening)).toEqual(lateEvening.now());
  });

  it('sends now outside quiet hours, without quiet hours, and reads the time zone', () => {
    const noon = new FixedClock(new Date('2026-01-15T11:00:00Z'));
    expect(deliverAt({ channel: 'push', item: item(), preferences: prefs() }, noon)).toEqual(noon.now());
    expect(deliverAt({ channel: 'push', item: item(), preferences: prefs({ quietHours: null }) }, lateEvening)).toEqual(lateEvening.now());
    // 22:30 UTC is 17:30 in New York: not quiet there.
    expect(deliverAt({ channel: 'push', item: item(), preferences: prefs({ timeZone: 'America/New_York' }) }, lateEvening)).toEqual(lateEvening.now());
  });

  it('handles a window inside one day and the bounds', () => {
    expect(inQuietHours(12 * 60, { start: '12:00', end: '13:00' })).toBe(true);
    expect(inQuietHours(13 * 60, { start: '12:00', end: '13:00' })).toBe(false);
    expect(inQuietHours(6 * 60 + 59, { start: '22:00', end: '07:00' })).toBe(true);
    expect(inQuietHours(7 * 60, { start: '22:00', end: '07:00' })).toBe(false);
  });
});

describe('wants', () => {
  it('follows the type × channel table, organisation defaults under the person\'s choices', () => {
    const channels = overlayChannels(builtInTypeChannels(), { reaction: { push: false, 'email-immediate': true } }, { reaction: { push: true } });
    expect(channels.reaction).toEqual({ 'in-app': true, push: true, 'email-immediate': true, 'email-digest': true });
    expect(wants(prefs({ channels }), { type: 'reaction', target: { kind: 'post', id: 'p' } }, 'email-immediate')).toBe(true);
    expect(wants(prefs(), { type: 'reaction', target: { kind: 'post', id: 'p' } }, 'email-immediate')).toBe(false);
  });

  it('drops muted posts and groups', () => {
    expect(wants(prefs({ mutedPosts: ['p'] }), { type: 'comment', target: { kind: 'comment', id: 'c', postId: 'p' } }, 'push')).toBe(false);
    expect(wants(prefs({ mutedGroups: ['g'] }), { type: 'group-post', target: { kind: 'post', id: 'q', groupId: 'g' } }, 'in-app')).toBe(false);
    expect(wants(prefs({ mutedGroups: ['g'] }), { type: 'group-post', target: { kind: 'post', id: 'q', groupId: 'h' } }, 'in-app')).toBe(true);
  });
});
