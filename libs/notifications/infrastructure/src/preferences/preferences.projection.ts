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

  /** One query per chunk: people who switched the type off in-app (or left it off when the organisation did), or muted the post or group. */
  async excluded(recipientIds: readonly string[], type: NotificationType, target: NotificationTarget): Promise<Set<string>> {
    const out = new Set<string>();
    if (recipientIds.length === 0) return out;
    const collection = await this.collection();
    const field = `channels.${type}.in-app`;
    const offByDefault = (await collection.findOne({ _id: ORGANISATION_PREFERENCES_ID }))?.channels?.[type]?.['in-app'] === false;
    const postId = target.postId ?? (target.kind === 'post' ? target.id : undefined);
    const or: Record<string, unknown>[] = [{ [field]: false }];
    if (postId) or.push({ mutedPosts: postId });
    if (target.groupId) or.push({ mutedGroups: target.groupId });
    const docs = await collection.find({ _id: { $in: [...recipientIds] }, $or: or }, { projection: { _id: 1 } }).toArray();
    for (const doc of docs) out.add(doc._id);
    if (offByDefault) {
      const on = new Set((await collection.find({ _id: { $in: [...recipientIds] }, [field]: true }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
      for (const id of recipientIds) if (!on.has(id)) out.add(id);
    }
    return out;
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
