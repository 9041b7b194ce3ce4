import type { CommentAddedV1, FollowStartedV1, MemberJoinedV1, MemberRoleChangedV1, PostPublishedV2 } from '@plein/feed/contracts';
import type { UserProvisionedV1, UserRoleGrantedV1 } from '@plein/identity/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { ModerationTopics } from '../moderation-topics';

/**
 * What moderation must know to check what a reporter can see and who moderates a group: feed
 * content with its audience, group visibility, memberships with their role, person follows, and
 * which people exist (identity). One document per feed aggregate, in stream order
 * (applyInSequence: a redelivered event changes nothing, every event of a stream passes).
 */
export const AUDIENCE_READ_MODEL_VERSIONS = { content: 1, groups: 1, memberships: 1, follows: 1, people: 1 } as const;

type Update = Record<string, unknown>;

function contentUpdate(envelope: EventEnvelope): Update {
  const d = envelope.data as Record<string, unknown>;
  switch (envelope.type) {
    case 'feed.post.published': {
      const p = envelope.data as PostPublishedV2;
      return { $set: { contentType: 'post', postId: envelope.aggregateId, authorId: p.authorId, audience: p.audience, deleted: false, hidden: false } };
    }
    case 'feed.comment.added': {
      const c = envelope.data as CommentAddedV1;
      return { $set: { contentType: 'comment', postId: c.postId, authorId: c.authorId, audience: c.audience, deleted: false, hidden: false } };
    }
    case 'feed.post.deleted':
    case 'feed.comment.deleted':
      return { $set: { deleted: true } };
    case 'feed.post.hidden':
    case 'feed.comment.hidden':
      return { $set: { hidden: true, hiddenBy: d['decisionId'] } };
    case 'feed.post.restored':
    case 'feed.comment.restored':
      return { $set: { hidden: false } };
    default:
      return {};
  }
}

function groupUpdate(envelope: EventEnvelope): Update {
  if (envelope.type === 'feed.group.created' || envelope.type === 'feed.group.visibility-changed') {
    return { $set: { visibility: (envelope.data as { visibility: string }).visibility } };
  }
  return {};
}

function membershipUpdate(envelope: EventEnvelope): Update {
  switch (envelope.type) {
    case 'feed.member.joined': {
      const m = envelope.data as MemberJoinedV1;
      return { $set: { groupId: m.groupId, userId: m.userId, role: m.role, active: true } };
    }
    case 'feed.member.role-changed': {
      const m = envelope.data as MemberRoleChangedV1;
      return { $set: { groupId: m.groupId, userId: m.userId, role: m.role } };
    }
    case 'feed.member.left':
      return { $set: { active: false } };
    default:
      return {};
  }
}

function followUpdate(envelope: EventEnvelope): Update {
  const f = envelope.data as FollowStartedV1;
  if (envelope.type !== 'feed.follow.started' && envelope.type !== 'feed.follow.stopped') return {};
  if (f.target.kind !== 'person') return {};
  return { $set: { followerId: f.followerId, userId: f.target.userId, active: envelope.type === 'feed.follow.started' } };
}

/** People identity knows, with their roles (who may be assigned a case) and whether they are active. */
function personUpdate(envelope: EventEnvelope): Update {
  switch (envelope.type) {
    case 'identity.user.provisioned':
      return { $set: { exists: true, active: true, roles: (envelope.data as UserProvisionedV1).roles } };
    case 'identity.user.deleted':
      return { $set: { exists: false, active: false, roles: [] } };
    case 'identity.user.deactivated':
      return { $set: { active: false } };
    case 'identity.user.reactivated':
      return { $set: { active: true } };
    case 'identity.user.role-granted':
      return { $addToSet: { roles: (envelope.data as UserRoleGrantedV1).role } };
    case 'identity.user.role-revoked':
      return { $pull: { roles: (envelope.data as UserRoleGrantedV1).role } };
    default:
      return {};
  }
}

const perAggregate = (name: keyof typeof AUDIENCE_READ_MODEL_VERSIONS, topics: readonly string[], aggregateTypes: readonly string[], update: (e: EventEnvelope) => Update, indexes: Record<string, 1 | -1>[] = []) =>
  defineProjection({
    name,
    version: AUDIENCE_READ_MODEL_VERSIONS[name],
    topics,
    aggregateTypes,
    async setup(ctx: MongoProjectionContext) {
      for (const key of indexes) await ctx.collection.createIndex(key);
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      await applyInSequence(ctx.collection, envelope.aggregateId, envelope.sequence, update(envelope));
    },
  });

export function audienceProjections(topics: ModerationTopics): ProjectionDefinition[] {
  return [
    perAggregate('content', [topics.post, topics.comment], ['post', 'comment'], contentUpdate),
    perAggregate('groups', [topics.group], ['group'], groupUpdate),
    perAggregate('memberships', [topics.member], ['member'], membershipUpdate, [{ userId: 1, active: 1 }]),
    perAggregate('follows', [topics.follow], ['follow'], followUpdate, [{ followerId: 1, userId: 1, active: 1 }]),
    perAggregate('people', [topics.identityUser], ['user'], personUpdate),
  ];
}
