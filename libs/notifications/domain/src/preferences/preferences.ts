import type { Clock } from '@plein/shared/kernel';
import { CHANNELS, NOTIFICATION_TYPES, type Channel, type Notification, type NotificationType } from '../notification/notification';

/** Quiet hours in the person's own time zone, as local "HH:MM"; the window may cross midnight (22:00 to 07:00). */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
}

export type ChannelSettings = Readonly<Record<Channel, boolean>>;
export type TypeChannelSettings = Readonly<Record<NotificationType, ChannelSettings>>;

/** How a person wants to hear about new posts of a group they belong to. */
export type GroupPostsSetting = 'all' | 'highlights' | 'none';

/** A person's effective preferences: organisation defaults overlaid with their own choices. */
export interface RecipientPreferences {
  readonly userId: string;
  /** IANA time zone ("Europe/Amsterdam"); UTC when unknown. */
  readonly timeZone: string;
  /** BCP 47 locale when known (for rendering). */
  readonly locale?: string;
  readonly channels: TypeChannelSettings;
  readonly quietHours: QuietHours | null;
  readonly mutedPosts: readonly string[];
  readonly mutedGroups: readonly string[];
  /** Per group id; groups not listed use 'highlights'. */
  readonly groupPosts: Readonly<Record<string, GroupPostsSetting>>;
}

/** The port the delivery channels read preferences through (implemented over the preferences read model). */
export interface PreferencesReader {
  /** The effective preferences of one person (organisation defaults when they chose nothing). */
  forRecipient(userId: string): Promise<RecipientPreferences>;
}

/** The built-in defaults, before any organisation default: in-app, push and the e-mail digest on; immediate e-mail off. */
export const BUILT_IN_CHANNELS: ChannelSettings = { 'in-app': true, push: true, 'email-immediate': false, 'email-digest': true };

export const builtInTypeChannels = (): TypeChannelSettings =>
  Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, { ...BUILT_IN_CHANNELS }])) as unknown as TypeChannelSettings;

/** Overlays partial per-type choices (organisation defaults, then the person's) on a full table. */
export function overlayChannels(base: TypeChannelSettings, ...layers: readonly Partial<Record<NotificationType, Partial<Record<Channel, boolean>>>>[]): TypeChannelSettings {
  const out: Record<string, Record<string, boolean>> = {};
  for (const type of NOTIFICATION_TYPES) {
    const row: Record<string, boolean> = { ...base[type] };
    for (const layer of layers) for (const channel of CHANNELS) if (typeof layer[type]?.[channel] === 'boolean') row[channel] = layer[type]![channel]!;
    out[type] = row;
  }
  return out as unknown as TypeChannelSettings;
}

/** True when the person wants this item on this channel: the channel is on for its type and neither its post nor its group is muted. */
export function wants(preferences: RecipientPreferences, item: Pick<Notification, 'type' | 'target'>, channel: Channel): boolean {
  if (!preferences.channels[item.type][channel]) return false;
  const { postId, groupId } = item.target;
  if (postId && preferences.mutedPosts.includes(postId)) return false;
  if (item.target.kind === 'post' && preferences.mutedPosts.includes(item.target.id)) return false;
  if (groupId && preferences.mutedGroups.includes(groupId)) return false;
  return true;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of "HH:MM"; throws on anything else. */
export function minutesOf(hhmm: string): number {
  const match = HH_MM.exec(hhmm);
  if (!match) throw new TypeError(`not a local time HH:MM: ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The local wall-clock minutes after midnight of `instant` in `timeZone`. */
export function localMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

/** True when local `minute` falls in [start, end), crossing midnight when end <= start. */
export function inQuietHours(minute: number, quiet: QuietHours): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export interface DeliverAtInput {
  readonly channel: Channel;
  readonly item: Pick<Notification, 'type' | 'urgency'>;
  readonly preferences: Pick<RecipientPreferences, 'quietHours' | 'timeZone'>;
}

/**
 * When a notification may go out on a channel. Push waits until the end of the person's quiet hours
 * (in their time zone), except urgent announcements; in-app and e-mail go now (the digest has its own
 * schedule). Pure: the clock is injected. A daylight-saving change inside the quiet window can shift the
 * answer by the change (an hour), never into the window.
 */
export function deliverAt(input: DeliverAtInput, clock: Clock): Date {
  const now = clock.now();
  const quiet = input.preferences.quietHours;
  if (input.channel !== 'push' || !quiet) return now;
  if (input.item.urgency === 'urgent' && input.item.type === 'announcement') return now;
  const minute = localMinutes(now, input.preferences.timeZone);
  if (!inQuietHours(minute, quiet)) return now;
  const wait = (minutesOf(quiet.end) - minute + 1440) % 1440;
  const startOfMinute = now.getTime() - (now.getTime() % 60_000);
  return new Date(startOfMinute + wait * 60_000);
}
