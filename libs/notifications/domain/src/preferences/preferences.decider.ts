import type { PreferenceDefaultsChangedV1, PreferencesChangedV1 } from '@plein/notifications/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import type { NewEvent } from '@plein/shared/kernel';

export type PreferencesEvent = NewEvent<PreferencesChangedV1, 'notifications.preferences.changed'> | NewEvent<PreferenceDefaultsChangedV1, 'notifications.preferences.defaults-changed'>;

/** A person's own choices (what they set; the organisation defaults fill the rest). */
export type PreferenceChoices = Omit<PreferencesChangedV1, 'userId'>;

export interface SetPreferences {
  readonly type: 'SetPreferences';
  readonly userId: string;
  readonly choices: PreferenceChoices;
}
export interface SetDefaults {
  readonly type: 'SetDefaults';
  readonly channels: PreferenceDefaultsChangedV1['channels'];
}
export type PreferencesCommand = SetPreferences | SetDefaults;

export interface PreferencesState {
  readonly choices: PreferenceChoices | null;
  readonly defaults: PreferenceDefaultsChangedV1['channels'] | null;
}

/** The choices nobody set: no channel overrides, no quiet hours, UTC, nothing muted. */
export const NO_CHOICES: PreferenceChoices = { channels: {}, quietHours: null, timeZone: 'UTC', mutedPosts: [], mutedGroups: [], groupPosts: {} };

/** Key-order independent equality of JSON values. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Preferences of one person (stream `preferences-<userId>`), or the organisation defaults (the nil
 * id). Setting the same values again records nothing. Pure.
 */
export const preferencesDecider: Decider<PreferencesCommand, PreferencesEvent, PreferencesState> = {
  initialState: () => ({ choices: null, defaults: null }),
  decide(command, state) {
    if (command.type === 'SetDefaults') {
      if (canonical(state.defaults ?? {}) === canonical(command.channels)) return [];
      return [{ type: 'notifications.preferences.defaults-changed', version: 1, data: { channels: command.channels } }];
    }
    if (canonical(state.choices ?? NO_CHOICES) === canonical(command.choices)) return [];
    return [{ type: 'notifications.preferences.changed', version: 1, data: { userId: command.userId, ...command.choices } }];
  },
  evolve(state, event) {
    if (event.type === 'notifications.preferences.defaults-changed') return { ...state, defaults: event.data.channels };
    const { userId: _userId, ...choices } = event.data;
    return { ...state, choices };
  },
};
