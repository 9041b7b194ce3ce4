import {
  feedCommentTopic,
  feedContracts,
  feedGroupTopic,
  feedMemberTopic,
  feedPostTopic,
  feedReactionTopic,
  feedResponseTopic,
  feedRsvpTopic,
  feedUpcasters,
  type ResponseAcknowledgedV2,
  type ResponseRegisteredV2,
  type RsvpAnsweredV2,
  type CommentAddedV1,
  type GroupAudience,
  type GroupCreatedV3,
  type GroupVisibilityChangedV1,
  type MemberJoinedV1,
  type MemberJoinRequestedV2,
  type MemberLeftV1,
  type MemberRoleChangedV1,
  type CommentDeletedV1,
  type CommentHiddenV1,
  type CommentRestoredV1,
  type PostAnswerAcceptedV1,
  type PostIdeaStatusChangedV2,
  type PostPublishedV2,
  type ReactionAddedV2,
} from '@plein/feed/contracts';
import { identityContracts, identityUpcasters, identityUserTopic, type UserManagerChangedV1, type UserProvisionedV1 } from '@plein/identity/contracts';
import { moderationContracts, moderationDecisionTopic, moderationUpcasters, type AppealDecidedV1, type DecisionTakenV1 } from '@plein/moderation/contracts';
import { notify, notifyAll, notifyBatch, FAN_OUT_CHUNK, type Candidate, type CommentInfo, type ContentStateChange, type GroupPostSettings, type PostInfo, type SourceDeps } from '@plein/notifications/application';
import { profilesContracts, profilesExpertTopic, profilesUpcasters, type ExpertSuggestedV1 } from '@plein/profiles/contracts';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { EventProcessor, type BatchEventHandler, type EventHandler, type MessagingLogger } from '@plein/shared/messaging';
import { applyInSequence } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import { isDuplicateOnly } from '../inbox/mongo-inbox';
import type { CommentDocument, ContextCollections, PostDocument } from './directories';

export interface SourceProcessorsOptions {
  readonly kafka: Kafka;
  readonly service: string;
  readonly topicPrefix?: string;
  readonly deps: SourceDeps;
  readonly context: ContextCollections;
  readonly groupPosts?: GroupPostSettings;
  readonly logger?: MessagingLogger;
}

/** A content event whose post (or comment) this service has not seen yet: retried until the post's own consumer caught up. */
export class ContentNotYetKnownError extends Error {
  constructor(what: string) {
    super(`${what} not known yet`);
  }
}

/** The sources, each its own consumer group `<service>.source-<name>.v1`, and the topic each reads. */
export const SOURCE_NAMES = ['people', 'groups', 'members', 'posts', 'comments', 'reactions', 'responses', 'rsvps', 'experts', 'moderation'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];
export const SOURCE_VERSION = 1;
/** Partitions of one source handled at once by a replica. */
export const SOURCE_PARTITIONS_AT_ONCE = 4;

export function sourceTopics(topicPrefix = ''): Record<SourceName, string> {
  const t = (name: string): string => prefixedTopicName(topicPrefix, name);
  return {
    people: t(identityUserTopic.name),
    groups: t(feedGroupTopic.name),
    members: t(feedMemberTopic.name),
    posts: t(feedPostTopic.name),
    comments: t(feedCommentTopic.name),
    reactions: t(feedReactionTopic.name),
    responses: t(feedResponseTopic.name),
    rsvps: t(feedRsvpTopic.name),
    experts: t(profilesExpertTopic.name),
    moderation: t(moderationDecisionTopic.name),
  };
}

const base = (e: EventEnvelope) => ({ sourceEventId: e.id, occurredAt: e.occurredAt });
const plain = (markdown: string): string => markdown.replace(/@\[[0-9a-f-]{36}\]/g, '@…').slice(0, 280);

/** What feed.post.published tells the people it mentions, before the never rules. */
function mentionCandidate(e: EventEnvelope): Candidate {
  const d = e.data as PostPublishedV2;
  const postId = e.aggregateId;
  const target = { kind: 'post' as const, id: postId, postId, ...(d.audience.kind === 'group' ? { groupId: d.audience.groupId } : {}) };
  return { ...base(e), target, actorId: d.authorId, audience: d.audience, ownerId: d.authorId, excerpt: d.title ?? plain(d.body), recipientIds: d.mentions, type: 'mention' };
}

/** What feed.comment.added tells (the mentioned, the post's author, the parent comment's author), before the never rules. */
function commentCandidates(e: EventEnvelope, post: PostInfo, parent: CommentInfo | null): Candidate[] {
  const d = e.data as CommentAddedV1;
  const target = { kind: 'comment' as const, id: e.aggregateId, postId: d.postId, ...(d.audience.kind === 'group' ? { groupId: d.audience.groupId } : {}) };
  const common: Omit<Candidate, 'recipientIds' | 'type'> = { ...base(e), target, actorId: d.authorId, audience: d.audience, ownerId: post.authorId, excerpt: plain(d.body) };
  const mentioned = new Set(d.mentions);
  const out: Candidate[] = [{ ...common, recipientIds: d.mentions, type: 'mention' }];
  if (!mentioned.has(post.authorId)) out.push({ ...common, recipientIds: [post.authorId], type: post.kind === 'question' && !parent ? 'answer' : 'comment' });
  if (parent && !mentioned.has(parent.authorId) && parent.authorId !== post.authorId) out.push({ ...common, recipientIds: [parent.authorId], type: 'reply' });
  return out;
}

/** The handlers of every source: the never rules are applied by notify(); the context read models are written after the notifications, so a redelivery finds the same context. */
export function sourceHandlers(options: Pick<SourceProcessorsOptions, 'deps' | 'context' | 'groupPosts'>): Record<SourceName, Record<string, EventHandler>> {
  const { deps, context: c } = options;
  const guard = <T extends { _id: string; lastSequence: number }>(collection: Parameters<typeof applyInSequence<T>>[0]) => (e: EventEnvelope, update: Parameters<typeof applyInSequence<T>>[3]) =>
    applyInSequence<T>(collection, e.aggregateId, e.sequence, update);
  const people = guard(c.people);
  const groups = guard(c.groups);
  const members = guard(c.members);
  const posts = guard(c.posts);
  const comments = guard(c.comments);
  const noop = (apply: (e: EventEnvelope, u: object) => Promise<unknown>) => async (e: EventEnvelope) => void (await apply(e, {}));

  /**
   * Moderation and deletion reach the inbox: hidden content's items leave every read of everyone but
   * its author, a restore brings them back, a deletion removes them (one bulk write each, and items
   * written later follow the content's state). Ordered and idempotent by the content's sequence.
   */
  const postState = (state: ContentStateChange['state']) => async (e: EventEnvelope) => {
    const postId = e.aggregateId;
    const authorId = (await deps.content.post(postId))?.authorId ?? null;
    await deps.inbox.setContentState({ scope: { kind: 'post', postId }, state, authorId, sequence: e.sequence });
    // A deleted announcement asks nobody to acknowledge it any more.
    if (state === 'deleted') await c.acknowledgements.deleteOne({ _id: postId });
    await posts(e, {});
  };
  const commentState = (state: ContentStateChange['state']) => async (e: EventEnvelope) => {
    const d = e.data as CommentHiddenV1 | CommentRestoredV1 | CommentDeletedV1;
    const commentId = e.aggregateId;
    const authorId = (await deps.content.comment(commentId))?.authorId ?? null;
    await deps.inbox.setContentState({ scope: { kind: 'comment', postId: d.postId, commentId }, state, authorId, sequence: e.sequence });
    await comments(e, {});
  };

  const postOf = async (postId: string) => {
    const post = await deps.content.post(postId);
    if (!post) throw new ContentNotYetKnownError(`post ${postId}`);
    return post;
  };

  return {
    people: {
      'identity.user.provisioned': async (e) => void (await people(e, { $set: { active: true, managerId: (e.data as UserProvisionedV1).managerId } })),
      'identity.user.manager-changed': async (e) => void (await people(e, { $set: { managerId: (e.data as UserManagerChangedV1).managerId } })),
      'identity.user.deactivated': async (e) => void (await people(e, { $set: { active: false } })),
      'identity.user.deleted': async (e) => void (await people(e, { $set: { active: false } })),
      'identity.user.reactivated': async (e) => void (await people(e, { $set: { active: true } })),
      'identity.user.attributes-changed': noop(people),
      'identity.user.role-granted': noop(people),
      'identity.user.role-revoked': noop(people),
      'identity.user.manager-reference-changed': noop(people),
    },
    groups: {
      'feed.group.created': async (e) => void (await groups(e, { $set: { visibility: (e.data as GroupCreatedV3).visibility } })),
      'feed.group.visibility-changed': async (e) => void (await groups(e, { $set: { visibility: (e.data as GroupVisibilityChangedV1).visibility } })),
      'feed.group.details-changed': noop(groups),
    },
    members: {
      'feed.member.joined': async (e) => {
        const d = e.data as MemberJoinedV1;
        await members(e, { $set: { groupId: d.groupId, userId: d.userId, role: d.role, member: true } });
      },
      'feed.member.left': async (e) => {
        const d = e.data as MemberLeftV1;
        await members(e, { $set: { groupId: d.groupId, userId: d.userId, role: null, member: false } });
      },
      'feed.member.role-changed': async (e) => void (await members(e, { $set: { role: (e.data as MemberRoleChangedV1).role } })),
      'feed.member.join-requested': async (e) => {
        const d = e.data as MemberJoinRequestedV2;
        const audience: GroupAudience = d.audience;
        await notify(deps, {
          ...base(e),
          recipientIds: await deps.memberships.managers(d.groupId),
          type: 'join-requested',
          target: { kind: 'group', id: d.groupId, groupId: d.groupId },
          actorId: d.userId,
          audience: { kind: 'group', groupId: audience.groupId },
          ...(d.message ? { excerpt: d.message } : {}),
        });
        await members(e, { $set: { groupId: d.groupId, userId: d.userId, role: null, member: false } });
      },
      'feed.member.request-declined': noop(members),
      'feed.member.request-withdrawn': noop(members),
      'feed.member.invited': noop(members),
      'feed.member.invitation-declined': noop(members),
    },
    posts: {
      'feed.post.published': async (e) => {
        const d = e.data as PostPublishedV2;
        const postId = e.aggregateId;
        const mentions = mentionCandidate(e);
        const { recipientIds: _mentioned, type: _mention, ...common } = mentions;
        await notify(deps, mentions);
        if (d.kind === 'announcement') {
          const dueAt = d.callToAction.kind === 'acknowledge' ? d.callToAction.dueAt : undefined;
          const everyone = d.audience.kind === 'organisation' ? deps.people.allActive(FAN_OUT_CHUNK) : d.audience.kind === 'group' ? deps.memberships.members(d.audience.groupId, FAN_OUT_CHUNK) : null;
          if (everyone) await notifyAll(deps, { ...common, type: 'announcement', ...(dueAt ? { dueAt } : {}) }, everyone);
        } else if (d.audience.kind === 'group' && options.groupPosts) {
          const groupId = d.audience.groupId;
          for await (const chunk of deps.memberships.members(groupId, FAN_OUT_CHUNK)) {
            const settings = await options.groupPosts.settingsFor(groupId, chunk);
            await notify(deps, { ...common, type: 'group-post', recipientIds: chunk.filter((id) => settings.get(id) === 'all') });
          }
        }
        if (d.callToAction.kind === 'acknowledge' && d.callToAction.dueAt) {
          await c.acknowledgements.updateOne(
            { _id: postId },
            { $setOnInsert: { authorId: d.authorId, audience: d.audience, dueAt: d.callToAction.dueAt, ...(d.title ? { title: d.title } : {}) } },
            { upsert: true },
          );
        }
        await posts(e, { $set: { authorId: d.authorId, audience: d.audience, kind: d.kind, ...(d.title ? { title: d.title } : {}) } });
      },
      'feed.post.answer-accepted': async (e) => {
        const d = e.data as PostAnswerAcceptedV1;
        const post = await postOf(e.aggregateId);
        await notify(deps, {
          ...base(e),
          recipientIds: [d.answererId],
          type: 'answer-accepted',
          target: { kind: 'comment', id: d.commentId, postId: post.postId, ...(post.audience.kind === 'group' ? { groupId: post.audience.groupId } : {}) },
          actorId: e.actorId,
          audience: post.audience,
          ownerId: post.authorId,
          ...(post.title ? { excerpt: post.title } : {}),
        });
        await posts(e, {});
      },
      'feed.post.idea-status-changed': async (e) => {
        const d = e.data as PostIdeaStatusChangedV2;
        const post = await postOf(e.aggregateId);
        await notify(deps, {
          ...base(e),
          recipientIds: [post.authorId],
          type: 'idea-status-changed',
          target: { kind: 'post', id: post.postId, postId: post.postId, ...(d.audience.kind === 'group' ? { groupId: d.audience.groupId } : {}) },
          actorId: e.actorId,
          audience: d.audience,
          ownerId: post.authorId,
          excerpt: d.note ?? d.status,
        });
        await posts(e, {});
      },
      'feed.post.edited': noop(posts),
      'feed.post.deleted': postState('deleted'),
      'feed.post.hidden': postState('hidden'),
      'feed.post.restored': postState('visible'),
      'feed.post.call-to-action-closed': noop(posts),
    },
    comments: {
      'feed.comment.added': async (e) => {
        const d = e.data as CommentAddedV1;
        const post = await postOf(d.postId);
        const parent = d.parentCommentId ? await deps.content.comment(d.parentCommentId) : null;
        if (d.parentCommentId && !parent) throw new ContentNotYetKnownError(`comment ${d.parentCommentId}`);
        for (const candidate of commentCandidates(e, post, parent)) await notify(deps, candidate);
        await comments(e, { $set: { postId: d.postId, authorId: d.authorId } });
      },
      'feed.comment.edited': noop(comments),
      'feed.comment.deleted': commentState('deleted'),
      'feed.comment.hidden': commentState('hidden'),
      'feed.comment.restored': commentState('visible'),
    },
    reactions: {
      'feed.reaction.added': async (e) => {
        const d = e.data as ReactionAddedV2;
        const post = await postOf(d.postId);
        let ownerId = post.authorId;
        if (d.targetType === 'comment') {
          const comment = await deps.content.comment(d.targetId);
          if (!comment) throw new ContentNotYetKnownError(`comment ${d.targetId}`);
          ownerId = comment.authorId;
        }
        await notify(deps, {
          ...base(e),
          recipientIds: [ownerId],
          type: 'reaction',
          target: { kind: d.targetType, id: d.targetId, postId: d.postId, ...(d.audience.kind === 'group' ? { groupId: d.audience.groupId } : {}) },
          actorId: d.userId,
          audience: d.audience,
          ownerId: post.authorId,
          ...(post.title ? { excerpt: post.title } : {}),
        });
      },
    },
    responses: {
      'feed.response.acknowledged': async (e) => {
        const d = e.data as ResponseAcknowledgedV2;
        await c.acks.updateOne({ _id: `${d.postId}:${d.userId}` }, { $setOnInsert: { postId: d.postId, userId: d.userId } }, { upsert: true });
      },
      // A confirmation is the platform's (actor null), so the person who signed up hears about it.
      'feed.response.registered': async (e) => {
        const d = e.data as ResponseRegisteredV2;
        const post = await deps.content.post(d.postId);
        await notify(deps, {
          ...base(e),
          recipientIds: [d.userId],
          type: 'signup-confirmed',
          target: { kind: 'post', id: d.postId, postId: d.postId, ...(d.audience.kind === 'group' ? { groupId: d.audience.groupId } : {}) },
          actorId: null,
          audience: d.audience,
          ...(post?.authorId ? { ownerId: post.authorId } : {}),
          ...(post?.title ? { excerpt: post.title } : {}),
        });
      },
    },
    rsvps: {
      'feed.rsvp.answered': async (e) => {
        const d = e.data as RsvpAnsweredV2;
        if (d.answer === 'no') return;
        await notify(deps, {
          ...base(e),
          recipientIds: [d.userId],
          type: 'rsvp-confirmed',
          target: { kind: 'agenda-item', id: d.agendaItemId, ...(d.audience.kind === 'group' ? { groupId: d.audience.groupId } : {}) },
          actorId: null,
          audience: d.audience.kind === 'group' ? { kind: 'group', groupId: d.audience.groupId } : { kind: 'organisation' },
          excerpt: d.answer,
        });
      },
    },
    experts: {
      'profiles.expert.suggested': async (e) => {
        const d = e.data as ExpertSuggestedV1;
        const post = await postOf(d.postId);
        await notify(deps, {
          ...base(e),
          recipientIds: d.experts.map((x) => x.userId),
          type: 'expert-suggested',
          target: { kind: 'post', id: d.postId, postId: d.postId, ...(post.audience.kind === 'group' ? { groupId: post.audience.groupId } : {}) },
          actorId: d.authorId,
          audience: post.audience,
          ownerId: post.authorId,
          excerpt: post.title ?? d.topics.join(', '),
        });
      },
    },
    moderation: {
      'moderation.decision.taken': async (e) => {
        const d = e.data as DecisionTakenV1;
        if (d.kind === 'escalate') return;
        await notify(deps, {
          ...base(e),
          recipientIds: [d.authorId],
          type: 'moderation-outcome',
          target: { kind: 'moderation-case', id: d.decisionId, ...(d.postId ? { postId: d.postId } : {}), ...(d.groupId ? { groupId: d.groupId } : {}) },
          actorId: d.moderatorId,
          audience: null,
          excerpt: `${d.rule}: ${d.statement}`,
        });
      },
      'moderation.decision.appeal-decided': async (e) => {
        const d = e.data as AppealDecidedV1;
        await notify(deps, {
          ...base(e),
          recipientIds: [d.authorId],
          type: 'moderation-outcome',
          target: { kind: 'moderation-case', id: d.decisionId },
          actorId: d.moderatorId,
          audience: null,
          excerpt: `${d.outcome}: ${d.statement}`,
        });
      },
    },
  };
}

/**
 * The partition-batch path of the posts and comments sources (EventProcessor `batchHandler`): runs
 * of consecutive posts published without a fan-out (their mentions) and comments added are applied
 * together: their context read at once (the commented posts, the parent comments), the never rules
 * for all their candidates at once and all their items in one `inbox.add` (notifyBatch), then their
 * context rows in one insert. Any other event is handled in its place by its own handler, so the
 * partition's order holds. A failure (a post not known yet) sends the batch through the per-event
 * handlers with their retries; every write is idempotent, so what the batch did already counts once.
 */
export function sourceBatchHandlers(options: Pick<SourceProcessorsOptions, 'deps' | 'context' | 'groupPosts'>, handlers = sourceHandlers(options)): Partial<Record<SourceName, BatchEventHandler>> {
  const { deps, context: c } = options;
  /** Handles runs of batchable events together and every other event alone, in the batch's order. */
  const inRuns =
    (batchable: (e: EventEnvelope) => boolean, run: (events: readonly EventEnvelope[]) => Promise<void>, single: Record<string, EventHandler>): BatchEventHandler =>
    async (envelopes, ctx) => {
      let pending: EventEnvelope[] = [];
      const flush = async (): Promise<void> => {
        if (pending.length > 0) await run(pending);
        pending = [];
      };
      for (const e of envelopes) {
        if (batchable(e)) {
          pending.push(e);
          continue;
        }
        await flush();
        ctx.signal.throwIfAborted();
        // The per-event handlers of the sources read nothing from their context argument.
        await single[e.type]?.(e, undefined as never);
      }
      await flush();
    };
  /** Context rows of new posts or comments (their first event), inserted at once; ones there already (a redelivery) stay as they are. */
  const insertNew = async <T extends { _id: string }>(collection: { insertMany(docs: T[], options: { ordered: false }): Promise<unknown> }, docs: T[]): Promise<void> => {
    if (docs.length === 0) return;
    await collection.insertMany(docs, { ordered: false }).catch((error: unknown) => {
      if (!isDuplicateOnly(error)) throw error;
    });
  };

  const plainPublish = (e: EventEnvelope): boolean => {
    if (e.type !== 'feed.post.published' || e.sequence !== 1) return false;
    const d = e.data as PostPublishedV2;
    return d.kind !== 'announcement' && !(d.audience.kind === 'group' && options.groupPosts) && !(d.callToAction.kind === 'acknowledge' && d.callToAction.dueAt);
  };
  const publishRun = async (run: readonly EventEnvelope[]): Promise<void> => {
    await notifyBatch(deps, run.map(mentionCandidate));
    await insertNew(
      c.posts,
      run.map((e): PostDocument => {
        const d = e.data as PostPublishedV2;
        return { _id: e.aggregateId, authorId: d.authorId, audience: d.audience, kind: d.kind, ...(d.title ? { title: d.title } : {}), lastSequence: e.sequence };
      }),
    );
  };

  const commentAdded = (e: EventEnvelope): boolean => e.type === 'feed.comment.added' && e.sequence === 1;
  const commentRun = async (run: readonly EventEnvelope[]): Promise<void> => {
    const added = run.map((e) => ({ e, d: e.data as CommentAddedV1 }));
    const parentIds = [...new Set(added.flatMap(({ d }) => (d.parentCommentId ? [d.parentCommentId] : [])))];
    const [postDocs, parentDocs] = await Promise.all([
      c.posts.find({ _id: { $in: [...new Set(added.map(({ d }) => d.postId))] } }).toArray(),
      parentIds.length > 0 ? c.comments.find({ _id: { $in: parentIds } }).toArray() : Promise.resolve([] as CommentDocument[]),
    ]);
    const posts = new Map(postDocs.map((p): [string, PostInfo] => [p._id, { postId: p._id, authorId: p.authorId, audience: p.audience, kind: p.kind, ...(p.title ? { title: p.title } : {}) }]));
    const comments = new Map(parentDocs.map((p): [string, CommentInfo] => [p._id, { commentId: p._id, postId: p.postId, authorId: p.authorId }]));
    const candidates: Candidate[] = [];
    for (const { e, d } of added) {
      const post = posts.get(d.postId);
      if (!post) throw new ContentNotYetKnownError(`post ${d.postId}`);
      const parent = d.parentCommentId ? comments.get(d.parentCommentId) : null;
      if (parent === undefined) throw new ContentNotYetKnownError(`comment ${d.parentCommentId}`);
      candidates.push(...commentCandidates(e, post, parent));
      // A reply later in the same batch finds this comment as its parent.
      comments.set(e.aggregateId, { commentId: e.aggregateId, postId: d.postId, authorId: d.authorId });
    }
    await notifyBatch(deps, candidates);
    await insertNew(c.comments, added.map(({ e, d }): CommentDocument => ({ _id: e.aggregateId, postId: d.postId, authorId: d.authorId, lastSequence: e.sequence })));
  };

  return {
    posts: inRuns(plainPublish, publishRun, handlers.posts),
    comments: inRuns(commentAdded, commentRun, handlers.comments),
  };
}

/** Every upstream contract the sources read (validated and upcast on consume). */
export const sourceRegistry = (): ContractRegistry =>
  new ContractRegistry([...identityContracts, ...feedContracts, ...profilesContracts, ...moderationContracts], [...identityUpcasters, ...feedUpcasters, ...profilesUpcasters, ...moderationUpcasters]);

/** One EventProcessor per source, each in its own consumer group, reading its topic from the beginning. */
export function sourceProcessors(options: SourceProcessorsOptions): EventProcessor[] {
  const handlers = sourceHandlers(options);
  const batchHandlers = sourceBatchHandlers(options, handlers);
  const topics = sourceTopics(options.topicPrefix);
  const registry = sourceRegistry();
  return SOURCE_NAMES.map(
    (name) =>
      new EventProcessor({
        kafka: options.kafka,
        service: options.service,
        processor: `source-${name}.v${SOURCE_VERSION}`,
        topics: [topics[name]],
        handlers: handlers[name],
        // Posts and comments: a partition's batch at once (the per-event handlers are the fallback).
        ...(batchHandlers[name] ? { batchHandler: batchHandlers[name] } : {}),
        registry,
        fromBeginning: true,
        // Each event waits on a dozen round trips to the database: partitions in parallel (order is kept within each).
        partitionsConsumedConcurrently: SOURCE_PARTITIONS_AT_ONCE,
        retry: { attempts: 10, initialBackoffMs: 200, maxBackoffMs: 5_000 },
        ...(options.logger ? { logger: options.logger } : {}),
      }),
  );
}
