import type { GroupPostSettings, InAppFilter, PreferencesReadModel } from '@plein/notifications/application';
import { notificationsPreferencesTopic, ORGANISATION_PREFERENCES_ID, type ChannelChoices, type PreferenceDefaultsChangedV1, type PreferencesChangedV1 } from '@plein/notifications/contracts';
import type { GroupPostsSetting, NotificationTarget, NotificationType, PreferenceChoices } from '@plein/notifications/domain';
import { prefixedTopicName } from '@plein/shared/contracts';
import type { ReadYourWrites } from '@plein/shared/event-sourcing';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, SequenceGapError, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/** A person's choices (their user id), or the organisation defaults (the nil id, only `channels`). */
export interface PreferencesDocument extends Partial<PreferenceChoices> {
  _id: string;
  lastSequence: number;
}

export const PREFERENCES_READ_MODEL_VERSION = 1;

async function applyPreferences(event: EventEnvelope, collection: mongo.Collection<PreferencesDocument>): Promise<void> {
  let update = {};
  if (event.type === 'notifications.preferences.changed') {
    const { userId: _userId, ...choices } = event.data as PreferencesChangedV1;
    update = { $set: choices };
  } else if (event.type === 'notifications.preferences.defaults-changed') {
    update = { $set: { channels: (event.data as PreferenceDefaultsChangedV1).channels } };
  }
  await applyInSequence<PreferencesDocument>(collection, event.aggregateId, event.sequence, update);
}

/** The preferences read model `<service>_preferences_v<N>`, fed by the consumer group `<service>.preferences.v<N>`. */
export function preferencesProjection(topicPrefix = ''): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: 'preferences',
    version: PREFERENCES_READ_MODEL_VERSION,
    topics: [prefixedTopicName(topicPrefix, notificationsPreferencesTopic.name)],
    aggregateTypes: ['preferences'],
    apply: (event, ctx) => applyPreferences(event, ctx.collection),
  });
}

/** Reads of the preferences read model: a person's choices, the defaults and the per-group setting for new posts. */
export class MongoPreferencesReadModel implements PreferencesReadModel, GroupPostSettings, InAppFilter {
  constructor(private readonly collection: () => Promise<mongo.Collection<PreferencesDocument>>) {}

  async choices(userId: string): Promise<PreferenceChoices | null> {
    const doc = await (await this.collection()).findOne({ _id: userId });
    if (!doc || doc.timeZone === undefined) return null;
    return {
      channels: doc.channels ?? {},
      quietHours: doc.quietHours ?? null,
      timeZone: doc.timeZone,
      mutedPosts: doc.mutedPosts ?? [],
      mutedGroups: doc.mutedGroups ?? [],
      groupPosts: doc.groupPosts ?? {},
    };
  }

  async defaults(): Promise<ChannelChoices | null> {
    return (await (await this.collection()).findOne({ _id: ORGANISATION_PREFERENCES_ID }))?.channels ?? null;
  }

  /** People who switched the type off in-app (or left it off when the organisation did), or muted the post or group. */
  async excluded(recipientIds: readonly string[], type: NotificationType, target: NotificationTarget): Promise<Set<string>> {
    if (recipientIds.length === 0) return new Set();
    return (await this.snapshot(recipientIds, [type])).excluded(recipientIds, type, target);
  }

  /**
   * The in-app rules of these people for these types, read at once (the organisation's defaults and
   * the people's choices and mutes, side by side): its `excluded` answers from them without reading
   * again, for a whole partition batch of candidates.
   */
  async snapshot(recipientIds: readonly string[], types: readonly NotificationType[]): Promise<InAppFilter> {
    const collection = await this.collection();
    const ids = [...new Set(recipientIds)];
    const projection: Record<string, 1> = { mutedPosts: 1, mutedGroups: 1 };
    for (const type of types) projection[`channels.${type}.in-app`] = 1;
    const [defaults, docs] = await Promise.all([
      collection.findOne({ _id: ORGANISATION_PREFERENCES_ID }, { projection }),
      ids.length > 0 ? collection.find({ _id: { $in: ids } }, { projection }).toArray() : Promise.resolve([]),
    ]);
    const byId = new Map(docs.map((d) => [d._id, d]));
    return {
      excluded: (some, type, target) => {
        const offByDefault = defaults?.channels?.[type]?.['in-app'] === false;
        const postId = target.postId ?? (target.kind === 'post' ? target.id : undefined);
        const out = new Set<string>();
        for (const id of some) {
          const doc = byId.get(id);
          const own = doc?.channels?.[type]?.['in-app'];
          const muted = (postId !== undefined && (doc?.mutedPosts ?? []).includes(postId)) || (target.groupId !== undefined && (doc?.mutedGroups ?? []).includes(target.groupId));
          if (own === false || (offByDefault && own !== true) || muted) out.add(id);
        }
        return Promise.resolve(out);
      },
    };
  }

  async settingsFor(groupId: string, userIds: readonly string[]): Promise<Map<string, GroupPostsSetting>> {
    const out = new Map<string, GroupPostsSetting>();
    if (userIds.length === 0) return out;
    const docs = await (await this.collection()).find({ _id: { $in: [...userIds] }, [`groupPosts.${groupId}`]: { $exists: true } }, { projection: { groupPosts: 1 } }).toArray();
    for (const doc of docs) {
      const setting = doc.groupPosts?.[groupId];
      if (setting) out.set(doc._id, setting);
    }
    return out;
  }
}

/** Brings the preferences read model up to a command's events before it answers. */
export function preferencesReadYourWrites(collection: () => Promise<mongo.Collection<PreferencesDocument>>): ReadYourWrites {
  return {
    project: async (events) => {
      const target = await collection();
      try {
        for (const event of events) await applyPreferences(event, target);
        return 'applied';
      } catch (error) {
        if (error instanceof SequenceGapError) return 'gap';
        throw error;
      }
    },
  };
}
