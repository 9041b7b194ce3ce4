import type {
  Audience,
  CallToAction,
  CommentAddedV1,
  CommentDeletedV1,
  CommentEditedV2,
  GroupCreatedV3,
  GroupDetailsChangedV2,
  GroupVisibility,
  GroupVisibilityChangedV1,
  IdeaStatus,
  PostAnswerAcceptedV1,
  PostDeletedV1,
  PostEditedV3,
  PostKind,
  PostContent,
  PostPublishedV2,
  PostIdeaStatusChangedV2,
  AgendaDetails,
  AgendaItemRevisedV2,
  AgendaItemScheduledV1,
  FollowStartedV1,
  FollowTarget,
  IdeaJamOutcomesPublishedV2,
  IdeaJamScheduledV1,
  JamBallotIdeaVotedV2,
  MemberJoinedV1,
  MemberRole,
  MemberRoleChangedV1,
  ReactionAddedV2,
  ReactionKind,
  Remover,
  ResponseAcknowledgedV2,
  ResponseVotedV2,
  RsvpAnswer,
  RsvpAnsweredV2,
  ScopedAudience,
} from '@plein/feed/contracts';
import { followTargetKey } from '@plein/feed/application';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, type GuardResult, type MongoProjectionContext } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/**
 * Read-model documents that the feed's projections own: each shape is declared here, field by
 * field, and written from the events by an explicit mapping (event → update), never from a
 * decider's state. A change to a domain type therefore leaves them alone; a change to one of them
 * is a new version of its projection (docs/projections.md). Every event sets `updatedAt`, and
 * `createdAt` is the first event's time, both from `occurredAt`, so a rebuild equals the live model
 * (documentUpdate).
 */
interface OwnedDocument {
  _id: string;
  lastSequence: number;
  createdAt: string;
  updatedAt: string;
}

/** The content of a post as its read model keeps it: as the events carry it. */
export type PostDocumentContent = PostContent;

/** `feed_posts_v2`: one document per post. */
export interface PostDocument extends OwnedDocument {
  status: 'published' | 'deleted';
  /** Who deleted it (author, administrator, moderation); only once deleted. */
  deletedBy?: Remover;
  authorId: string;
  audience: Audience;
  kind: PostKind;
  callToAction: CallToAction;
  callToActionClosed: boolean;
  content: PostDocumentContent;
  jamId: string | null;
  moderation: 'visible' | 'hidden';
  edits: number;
  acknowledgementRound: number;
  acceptedAnswer: { commentId: string; answererId: string } | null;
  ideaStatus: IdeaStatus | null;
  // Query fields (indexed): what timelines and shared lists filter on.
  audienceKind: Audience['kind'];
  groupId: string | null;
  hashtags: string[];
  announcement: boolean;
  deleted: boolean;
}

/** `feed_comments_v2`: one document per comment, with the fields of feed.comment.added. */
export interface CommentDocument extends OwnedDocument, CommentAddedV1 {
  status: 'added' | 'deleted';
  deletedBy?: Remover;
  moderation: 'visible' | 'hidden';
  deleted: boolean;
}

/** `feed_groups_v2`: one document per group. */
export interface GroupDocument extends OwnedDocument {
  status: 'active';
  name: string;
  description?: string;
  visibility: GroupVisibility;
  ownerId: string;
}

/** What one event changes in its document (top-level fields; `lastSequence` and the times are added by documentUpdate). */
export interface Update {
  $set: Record<string, unknown>;
  $inc?: Record<string, number>;
  $max?: Record<string, number>;
  $push?: Record<string, string>;
  $pull?: Record<string, string>;
  $unset?: Record<string, ''>;
}

function contentOf(data: PostDocumentContent): PostDocumentContent {
  const { title, body, mentions, hashtags, links, attachments } = data;
  return { ...(title !== undefined ? { title } : {}), body, mentions, hashtags, links, attachments };
}

export function postUpdate(envelope: EventEnvelope): Update {
  switch (envelope.type) {
    case 'feed.post.published': {
      const d = envelope.data as PostPublishedV2;
      const content = contentOf(d);
      const set: Omit<PostDocument, keyof OwnedDocument> = {
        status: 'published',
        authorId: d.authorId,
        audience: d.audience,
        kind: d.kind,
        callToAction: d.callToAction,
        callToActionClosed: false,
        content,
        jamId: d.jamId ?? null,
        moderation: 'visible',
        edits: 0,
        acknowledgementRound: 1,
        acceptedAnswer: null,
        ideaStatus: d.kind === 'idea' ? 'proposed' : null,
        audienceKind: d.audience.kind,
        groupId: d.audience.kind === 'group' ? d.audience.groupId : null,
        hashtags: content.hashtags,
        announcement: d.kind === 'announcement' && d.audience.kind === 'organisation',
        deleted: false,
      };
      return { $set: set };
    }
    case 'feed.post.edited': {
      const d = envelope.data as PostEditedV3;
      const content = contentOf(d);
      return { $set: { content, hashtags: content.hashtags }, $inc: { edits: 1, acknowledgementRound: d.material ? 1 : 0 } };
    }
    case 'feed.post.deleted':
      return { $set: { status: 'deleted', deletedBy: (envelope.data as PostDeletedV1).by, deleted: true } };
    case 'feed.post.hidden':
      return { $set: { moderation: 'hidden' } };
    case 'feed.post.restored':
      return { $set: { moderation: 'visible' } };
    case 'feed.post.answer-accepted': {
      const { commentId, answererId } = envelope.data as PostAnswerAcceptedV1;
      return { $set: { acceptedAnswer: { commentId, answererId } } };
    }
    case 'feed.post.idea-status-changed':
      return { $set: { ideaStatus: (envelope.data as PostIdeaStatusChangedV2).status } };
    case 'feed.post.call-to-action-closed':
      return { $set: { callToActionClosed: true } };
    default:
      // Every event of the stream advances lastSequence (and updatedAt), so the next one is no gap.
      return { $set: {} };
  }
}

export function commentUpdate(envelope: EventEnvelope): Update {
  switch (envelope.type) {
    case 'feed.comment.added': {
      const d = envelope.data as CommentAddedV1;
      const set: Omit<CommentDocument, keyof OwnedDocument> = {
        status: 'added',
        postId: d.postId,
        authorId: d.authorId,
        parentCommentId: d.parentCommentId,
        audience: d.audience,
        body: d.body,
        mentions: d.mentions,
        moderation: 'visible',
        deleted: false,
      };
      return { $set: set };
    }
    case 'feed.comment.edited': {
      const { body, mentions } = envelope.data as CommentEditedV2;
      return { $set: { body, mentions } };
    }
    case 'feed.comment.deleted':
      return { $set: { status: 'deleted', deletedBy: (envelope.data as CommentDeletedV1).by, deleted: true } };
    case 'feed.comment.hidden':
      return { $set: { moderation: 'hidden' } };
    case 'feed.comment.restored':
      return { $set: { moderation: 'visible' } };
    default:
      return { $set: {} };
  }
}

export function groupUpdate(envelope: EventEnvelope): Update {
  switch (envelope.type) {
    case 'feed.group.created': {
      const d = envelope.data as GroupCreatedV3;
      const set: Omit<GroupDocument, keyof OwnedDocument> = {
        status: 'active',
        name: d.name,
        ...(d.description ? { description: d.description } : {}),
        visibility: d.visibility,
        ownerId: d.ownerId,
      };
      return { $set: set };
    }
    case 'feed.group.details-changed': {
      // Only what changed; a null description clears it.
      const { name, description } = (envelope.data as GroupDetailsChangedV2).changes;
      return {
        $set: { ...(name !== undefined ? { name } : {}), ...(typeof description === 'string' ? { description } : {}) },
        ...(description === null ? { $unset: { description: '' as const } } : {}),
      };
    }
    case 'feed.group.visibility-changed':
      return { $set: { visibility: (envelope.data as GroupVisibilityChangedV1).visibility } };
    default:
      return { $set: {} };
  }
}

const pairOf = (id: string): [string, string] => {
  const colon = id.lastIndexOf(':');
  return [id.slice(0, colon), id.slice(colon + 1)];
};

/** `feed_reactions_v2`: one per (target, person), `<targetId>:<userId>`; kind null once removed. */
export interface ReactionDocument extends OwnedDocument {
  targetType: 'post' | 'comment';
  targetId: string;
  postId: string;
  userId: string;
  kind: ReactionKind | null;
}

export function reactionUpdate(envelope: EventEnvelope): Update {
  const d = envelope.data as ReactionAddedV2;
  const set: Omit<ReactionDocument, keyof OwnedDocument> = {
    targetType: d.targetType,
    targetId: d.targetId,
    postId: d.postId,
    userId: d.userId,
    kind: envelope.type === 'feed.reaction.added' ? d.kind : null,
  };
  return { $set: set };
}

/** `feed_responses_v2`: one per (post, person), `<postId>:<userId>`. */
export interface ResponseDocument extends OwnedDocument {
  postId: string;
  userId: string;
  /** The latest acknowledged round; 0 = never. */
  acknowledgedRound: number;
  acknowledgedAt?: string;
  registered: boolean;
  registeredAt?: string;
  /** The current choice; empty = not voted. */
  vote: string[];
}

export function responseUpdate(envelope: EventEnvelope): Update {
  const d = envelope.data as ResponseVotedV2 & ResponseAcknowledgedV2;
  const at = envelope.occurredAt;
  const ref = { postId: d.postId, userId: d.userId };
  switch (envelope.type) {
    case 'feed.response.acknowledged':
      return { $set: { ...ref, acknowledgedAt: at }, $max: { acknowledgedRound: d.round } };
    case 'feed.response.registered':
      return { $set: { ...ref, registered: true, registeredAt: at } };
    case 'feed.response.registration-withdrawn':
      return { $set: { ...ref, registered: false } };
    case 'feed.response.voted':
      return { $set: { ...ref, vote: d.optionIds } };
    default:
      return { $set: ref };
  }
}

/** `feed_memberships_v2`: one per (group, person), `<groupId>:<userId>`. */
export interface MembershipDocument extends OwnedDocument {
  groupId: string;
  userId: string;
  status: 'none' | 'requested' | 'invited' | 'member';
  /** Only while a member. */
  role: MemberRole | null;
}

export function membershipUpdate(envelope: EventEnvelope): Update {
  const [groupId, userId] = pairOf(envelope.aggregateId);
  const member = (role: MemberRole): Update => ({ $set: { groupId, userId, status: 'member', role } });
  switch (envelope.type) {
    case 'feed.member.joined':
      return member((envelope.data as MemberJoinedV1).role);
    case 'feed.member.role-changed':
      return member((envelope.data as MemberRoleChangedV1).role);
    case 'feed.member.join-requested':
      return { $set: { groupId, userId, status: 'requested', role: null } };
    case 'feed.member.invited':
      return { $set: { groupId, userId, status: 'invited', role: null } };
    default:
      // left, request declined or withdrawn, invitation declined
      return { $set: { groupId, userId, status: 'none', role: null } };
  }
}

/** `feed_follows_v2`: one per (follower, target). */
export interface FollowDocument extends OwnedDocument {
  followerId: string;
  target: FollowTarget;
  targetKind: FollowTarget['kind'];
  /** `<kind>:<userId | groupId | tag>` (followTargetKey). */
  targetKey: string;
  active: boolean;
}

export function followUpdate(envelope: EventEnvelope): Update {
  const { followerId, target } = envelope.data as FollowStartedV1;
  const set: Omit<FollowDocument, keyof OwnedDocument> = { followerId, target, targetKind: target.kind, targetKey: followTargetKey(target), active: envelope.type === 'feed.follow.started' };
  return { $set: set };
}

/** `feed_idea_jams_v2`: one per jam, with the fields of feed.ideajam.scheduled. */
export interface IdeaJamDocument extends OwnedDocument, IdeaJamScheduledV1 {
  status: 'scheduled' | 'cancelled';
  closed: boolean;
  /** Set when the outcomes are published. */
  outcomes?: { summary: string; selectedIdeaIds: string[] };
}

/** Exactly the fields of feed.ideajam.scheduled (no others a document or an event may carry). */
export function jamScheduledFields(d: IdeaJamScheduledV1): IdeaJamScheduledV1 {
  return { managerId: d.managerId, audience: d.audience, title: d.title, question: d.question, opensAt: d.opensAt, closesAt: d.closesAt, votesPerPerson: d.votesPerPerson };
}

export function ideaJamUpdate(envelope: EventEnvelope): Update {
  switch (envelope.type) {
    case 'feed.ideajam.scheduled': {
      const d = envelope.data as IdeaJamScheduledV1;
      const set: Omit<IdeaJamDocument, keyof OwnedDocument | 'outcomes'> = { status: 'scheduled', ...jamScheduledFields(d), closed: false };
      return { $set: set };
    }
    case 'feed.ideajam.closed':
      return { $set: { closed: true } };
    case 'feed.ideajam.cancelled':
      return { $set: { status: 'cancelled' } };
    case 'feed.ideajam.outcomes-published': {
      // The event's audience is the jam's, which the document already has.
      const { summary, selectedIdeaIds } = envelope.data as IdeaJamOutcomesPublishedV2;
      return { $set: { outcomes: { summary, selectedIdeaIds } } };
    }
    default:
      return { $set: {} };
  }
}

/** `feed_jam_ballots_v2`: one per (jam, person), `<jamId>:<userId>`: the ideas the person votes for. */
export interface JamBallotDocument extends OwnedDocument {
  jamId: string;
  userId: string;
  ideaIds: string[];
}

export function jamBallotUpdate(envelope: EventEnvelope): Update {
  const [jamId, userId] = pairOf(envelope.aggregateId);
  const { ideaId } = envelope.data as JamBallotIdeaVotedV2;
  return envelope.type === 'feed.jamballot.idea-voted' ? { $set: { jamId, userId }, $push: { ideaIds: ideaId } } : { $set: { jamId, userId }, $pull: { ideaIds: ideaId } };
}

/** `feed_agenda_items_v2`: one per agenda item. */
export interface AgendaItemDocument extends OwnedDocument {
  status: 'scheduled' | 'cancelled';
  organiserId: string;
  audience: ScopedAudience;
  details: AgendaDetails;
  /** Events only: when it starts (query field). */
  startsAt: string | null;
}

export function agendaItemUpdate(envelope: EventEnvelope): Update {
  const startsAt = (details: AgendaDetails) => (details.kind === 'event' ? details.startsAt : null);
  switch (envelope.type) {
    case 'feed.agendaitem.scheduled': {
      const d = envelope.data as AgendaItemScheduledV1;
      const set: Omit<AgendaItemDocument, keyof OwnedDocument> = { status: 'scheduled', organiserId: d.organiserId, audience: d.audience, details: d.details, startsAt: startsAt(d.details) };
      return { $set: set };
    }
    case 'feed.agendaitem.revised': {
      const { details } = envelope.data as AgendaItemRevisedV2;
      return { $set: { details, startsAt: startsAt(details) } };
    }
    case 'feed.agendaitem.cancelled':
      return { $set: { status: 'cancelled' } };
    default:
      return { $set: {} };
  }
}

/** `feed_rsvps_v2`: one per (agenda item, person), `<agendaItemId>:<userId>`. */
export interface RsvpDocument extends OwnedDocument {
  agendaItemId: string;
  userId: string;
  answer: RsvpAnswer | null;
}

export function rsvpUpdate(envelope: EventEnvelope): Update {
  const [agendaItemId, userId] = pairOf(envelope.aggregateId);
  return { $set: { agendaItemId, userId, answer: (envelope.data as RsvpAnsweredV2).answer } };
}

/** A single-aggregate read model whose document the projection owns (see above). */
export interface DocumentProjectionInput {
  readonly name: string;
  readonly topic: string;
  readonly aggregateType: string;
  /** What an event changes in its aggregate's document; must not set `lastSequence` or the times. */
  readonly update: (envelope: EventEnvelope) => Update;
  /** Fields a new document starts with (the first event's update may override them). */
  readonly initial?: Record<string, unknown>;
  readonly indexes?: readonly Record<string, 1 | -1>[];
}

/**
 * The whole update of one event: its changes, `updatedAt`, and on a stream's first event
 * `createdAt` and the initial fields the event does not touch.
 */
export function documentUpdate(input: Pick<DocumentProjectionInput, 'update' | 'initial'>, envelope: EventEnvelope): Update {
  const change = input.update(envelope);
  const at = envelope.occurredAt;
  if (envelope.sequence !== 1) return { ...change, $set: { ...change.$set, updatedAt: at } };
  const touched = new Set(Object.values(change).flatMap((fields: Record<string, unknown> | undefined) => Object.keys(fields ?? {})));
  const initial = Object.fromEntries(Object.entries(input.initial ?? {}).filter(([field]) => !touched.has(field)));
  return { ...change, $set: { ...initial, ...change.$set, createdAt: at, updatedAt: at } };
}

/**
 * One conditional write per event, in sequence (applyInSequence): no read of the document, a
 * duplicate is a no-op, a gap is retried by the consumer.
 */
export function applyDocumentUpdate(collection: MongoProjectionContext['collection'], envelope: EventEnvelope, input: Pick<DocumentProjectionInput, 'update' | 'initial'>): Promise<GuardResult> {
  return applyInSequence(collection, envelope.aggregateId, envelope.sequence, documentUpdate(input, envelope) as mongo.UpdateFilter<mongo.Document>);
}
