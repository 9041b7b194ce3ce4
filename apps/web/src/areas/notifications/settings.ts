import { CHANNELS, NOTIFICATION_TYPES, type Channel, type ChannelChoices, type NotificationType, type PreferenceChoices, type PreferencesAnswer } from './api';

/** The preferences form: the effective channel table (what applies now) and the fields the person edits. */
export interface SettingsDraft {
  /** Every type × channel, as it applies (organisation defaults under the person's choices), with the person's edits. */
  readonly table: Readonly<Record<NotificationType, Readonly<Record<Channel, boolean>>>>;
  /** Type × channel cells the person set here, over what they had chosen before. */
  readonly edited: ChannelChoices;
  readonly quiet: boolean;
  readonly quietStart: string;
  readonly quietEnd: string;
  readonly timeZone: string;
}

/** The browser's own time zone (a fresh person's default is UTC). */
export const browserTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

export function draftOf(answer: PreferencesAnswer, fallbackTimeZone = 'UTC'): SettingsDraft {
  const table = Object.fromEntries(
    NOTIFICATION_TYPES.map((type) => [type, Object.fromEntries(CHANNELS.map((c) => [c, answer.effective.channels[type]?.[c] ?? false]))]),
  ) as unknown as SettingsDraft['table'];
  const quiet = answer.choices.quietHours;
  // Someone who never chose keeps UTC on the server; the form proposes the browser's zone.
  const timeZone = answer.choices.timeZone === 'UTC' && !quiet ? fallbackTimeZone : answer.choices.timeZone;
  return { table, edited: {}, quiet: quiet !== null, quietStart: quiet?.start ?? '22:00', quietEnd: quiet?.end ?? '07:00', timeZone };
}

export function toggled(draft: SettingsDraft, type: NotificationType, channel: Channel, on: boolean): SettingsDraft {
  return {
    ...draft,
    table: { ...draft.table, [type]: { ...draft.table[type], [channel]: on } },
    edited: { ...draft.edited, [type]: { ...draft.edited[type], [channel]: on } },
  };
}

/** The PUT body: the person's earlier choices (mutes and group settings untouched) with this form's edits. */
export function choicesOf(previous: PreferenceChoices, draft: SettingsDraft): PreferenceChoices {
  const channels: Record<string, Partial<Record<Channel, boolean>>> = {};
  for (const type of NOTIFICATION_TYPES) {
    const row = { ...previous.channels[type], ...draft.edited[type] };
    if (Object.keys(row).length > 0) channels[type] = row;
  }
  return {
    ...previous,
    channels,
    quietHours: draft.quiet ? { start: draft.quietStart.trim(), end: draft.quietEnd.trim() } : null,
    timeZone: draft.timeZone.trim(),
  };
}
