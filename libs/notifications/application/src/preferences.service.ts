import { ORGANISATION_PREFERENCES_ID, type ChannelChoices } from '@plein/notifications/contracts';
import {
  builtInTypeChannels,
  NO_CHOICES,
  NOTIFICATION_TYPES,
  overlayChannels,
  preferencesDecider,
  type PreferenceChoices,
  type PreferencesReader,
  type RecipientPreferences,
} from '@plein/notifications/domain';
import { commandMetadata, executeCommand, type EventStore, type ReadYourWrites, type RequestContext } from '@plein/shared/event-sourcing';
import { ForbiddenError, streamId, ValidationError, type FieldViolation } from '@plein/shared/kernel';

/** What the preferences read model answers. */
export interface PreferencesReadModel {
  choices(userId: string): Promise<PreferenceChoices | null>;
  defaults(): Promise<ChannelChoices | null>;
}

export interface PreferencesDeps {
  readonly store: EventStore;
  readonly readModel: PreferencesReadModel;
  readonly readYourWrites?: ReadYourWrites;
}

export type PreferencesContext = RequestContext<{ readonly userId: string; readonly roles?: readonly string[] }>;

const KNOWN_TYPES = new Set<string>(NOTIFICATION_TYPES);

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What the shape cannot say: known types, a real time zone, distinct quiet-hours bounds. Fields are named as in the request body. */
export function checkChoices(choices: PreferenceChoices): void {
  const violations: FieldViolation[] = [];
  for (const type of Object.keys(choices.channels)) if (!KNOWN_TYPES.has(type)) violations.push({ field: `body.channels.${type}`, message: 'not a notification type' });
  if (!validTimeZone(choices.timeZone)) violations.push({ field: 'body.timeZone', message: 'not an IANA time zone' });
  if (choices.quietHours && choices.quietHours.start === choices.quietHours.end) violations.push({ field: 'body.quietHours.end', message: 'must differ from start' });
  if (violations.length > 0) throw new ValidationError('NOTIFICATIONS.BAD_PREFERENCES', violations);
}

/**
 * Notification preferences: each person's own (only their own: there is no route to anyone
 * else's) over the organisation defaults set by administrators. Also the PreferencesReader the
 * delivery channels use.
 */
export class PreferencesService implements PreferencesReader {
  constructor(private readonly deps: PreferencesDeps) {}

  async forRecipient(userId: string): Promise<RecipientPreferences> {
    const [choices, defaults] = await Promise.all([this.deps.readModel.choices(userId), this.deps.readModel.defaults()]);
    const own = choices ?? NO_CHOICES;
    return {
      userId,
      timeZone: own.timeZone,
      channels: overlayChannels(builtInTypeChannels(), defaults ?? {}, own.channels),
      quietHours: own.quietHours,
      mutedPosts: own.mutedPosts,
      mutedGroups: own.mutedGroups,
      groupPosts: own.groupPosts,
    };
  }

  async choices(userId: string): Promise<PreferenceChoices> {
    return (await this.deps.readModel.choices(userId)) ?? NO_CHOICES;
  }

  async set(ctx: PreferencesContext, choices: PreferenceChoices): Promise<PreferenceChoices> {
    checkChoices(choices);
    await this.run(ctx, ctx.caller.userId, { type: 'SetPreferences', userId: ctx.caller.userId, choices });
    return this.choices(ctx.caller.userId);
  }

  /** Mutes or unmutes a post or a group (idempotent). */
  async mute(ctx: PreferencesContext, what: 'post' | 'group', id: string, muted: boolean): Promise<PreferenceChoices> {
    const current = await this.choices(ctx.caller.userId);
    const key = what === 'post' ? 'mutedPosts' : 'mutedGroups';
    const list = current[key].filter((x) => x !== id);
    if (muted) list.push(id);
    if (list.length > 500) throw new ValidationError('NOTIFICATIONS.TOO_MANY_MUTES', [{ field: `path.${what}Id`, message: 'at most 500 mutes of each kind' }]);
    return this.set(ctx, { ...current, [key]: list });
  }

  /** How a person hears about new posts of one group. */
  async groupPosts(ctx: PreferencesContext, groupId: string, setting: 'all' | 'highlights' | 'none'): Promise<PreferenceChoices> {
    const current = await this.choices(ctx.caller.userId);
    return this.set(ctx, { ...current, groupPosts: { ...current.groupPosts, [groupId]: setting } });
  }

  async defaults(): Promise<ChannelChoices> {
    return (await this.deps.readModel.defaults()) ?? {};
  }

  /** Administrators only. */
  async setDefaults(ctx: PreferencesContext, channels: ChannelChoices): Promise<ChannelChoices> {
    if (!ctx.caller.roles?.includes('admin')) throw new ForbiddenError('NOTIFICATIONS.ADMIN_ONLY', 'only administrators set the organisation defaults');
    checkChoices({ ...NO_CHOICES, channels });
    await this.run(ctx, ORGANISATION_PREFERENCES_ID, { type: 'SetDefaults', channels });
    return this.defaults();
  }

  private async run(ctx: PreferencesContext, id: string, command: Parameters<typeof preferencesDecider.decide>[0]): Promise<void> {
    await executeCommand({
      store: this.deps.store,
      ...(this.deps.readYourWrites ? { readYourWrites: this.deps.readYourWrites } : {}),
      streamId: streamId('preferences', id),
      decider: preferencesDecider,
      command,
      metadata: commandMetadata(ctx),
    });
  }
}
