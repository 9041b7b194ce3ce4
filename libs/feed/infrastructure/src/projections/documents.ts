import type {
  Attachment,
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
  PostPublishedV2,
  PostIdeaStatusChangedV2,
  Remover,
} from '@plein/feed/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, type GuardResult, type MongoProjectionContext } from '@plein/shared/projections';

/**
 * Read-model documents that the feed's projections own: each shape is declared here, field by
 * field, and written from the events by an explicit mapping (event → update), never from a
 * decider's state. A change to a domain type therefore leaves them alone; a change to one of them
 * is a new version of its projection (docs/projections.md). Every event sets `updatedAt`, and
 * `createdAt` is the first event's time, both from `occurredAt`, so a rebuild equals the live model.
 */
interface OwnedDocument {
  _id: string;
  lastSequence: number;
  createdAt: string;
  updatedAt: string;
}

/** The content of a post as its read model keeps it. */
export interface PostDocumentContent {
  title?: string;
  body: string;
  mentions: string[];
  hashtags: string[];
  links: string[];
  attachments: Attachment[];
}

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

/** `feed_comments_v2`: one document per comment. */
export interface CommentDocument extends OwnedDocument {
  status: 'added' | 'deleted';
  deletedBy?: Remover;
  postId: string;
  authorId: string;
  parentCommentId: string | null;
  audience: Audience;
  body: string;
  mentions: string[];
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

type Update = { $set: Record<string, unknown>; $inc?: Record<string, number>; $unset?: Record<string, ''> };

function contentOf(data: PostDocumentContent): PostDocumentContent {
  const { title, body, mentions, hashtags, links, attachments } = data;
  return { ...(title !== undefined ? { title } : {}), body, mentions, hashtags, links, attachments };
}

export function postUpdate(envelope: EventEnvelope): Update {
  const at = envelope.occurredAt;
  switch (envelope.type) {
    case 'feed.post.published': {
      const d = envelope.data as PostPublishedV2;
      const content = contentOf(d);
      const set: Omit<PostDocument, '_id' | 'lastSequence'> = {
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
        createdAt: at,
        updatedAt: at,
      };
      return { $set: set };
    }
    case 'feed.post.edited': {
      const d = envelope.data as PostEditedV3;
      const content = contentOf(d);
      return { $set: { content, hashtags: content.hashtags, updatedAt: at }, $inc: { edits: 1, acknowledgementRound: d.material ? 1 : 0 } };
    }
    case 'feed.post.deleted':
      return { $set: { status: 'deleted', deletedBy: (envelope.data as PostDeletedV1).by, deleted: true, updatedAt: at } };
    case 'feed.post.hidden':
      return { $set: { moderation: 'hidden', updatedAt: at } };
    case 'feed.post.restored':
      return { $set: { moderation: 'visible', updatedAt: at } };
    case 'feed.post.answer-accepted': {
      const { commentId, answererId } = envelope.data as PostAnswerAcceptedV1;
      return { $set: { acceptedAnswer: { commentId, answererId }, updatedAt: at } };
    }
    case 'feed.post.idea-status-changed':
      return { $set: { ideaStatus: (envelope.data as PostIdeaStatusChangedV2).status, updatedAt: at } };
    case 'feed.post.call-to-action-closed':
      return { $set: { callToActionClosed: true, updatedAt: at } };
    default:
      // Every event of the stream advances lastSequence, so the next one is no gap.
      return { $set: { updatedAt: at } };
  }
}

export function commentUpdate(envelope: EventEnvelope): Update {
  const at = envelope.occurredAt;
  switch (envelope.type) {
    case 'feed.comment.added': {
      const d = envelope.data as CommentAddedV1;
      const set: Omit<CommentDocument, '_id' | 'lastSequence'> = {
        status: 'added',
        postId: d.postId,
        authorId: d.authorId,
        parentCommentId: d.parentCommentId,
        audience: d.audience,
        body: d.body,
        mentions: d.mentions,
        moderation: 'visible',
        deleted: false,
        createdAt: at,
        updatedAt: at,
      };
      return { $set: set };
    }
    case 'feed.comment.edited': {
      const { body, mentions } = envelope.data as CommentEditedV2;
      return { $set: { body, mentions, updatedAt: at } };
    }
    case 'feed.comment.deleted':
      return { $set: { status: 'deleted', deletedBy: (envelope.data as CommentDeletedV1).by, deleted: true, updatedAt: at } };
    case 'feed.comment.hidden':
      return { $set: { moderation: 'hidden', updatedAt: at } };
    case 'feed.comment.restored':
      return { $set: { moderation: 'visible', updatedAt: at } };
    default:
      return { $set: { updatedAt: at } };
  }
}

export function groupUpdate(envelope: EventEnvelope): Update {
  const at = envelope.occurredAt;
  switch (envelope.type) {
    case 'feed.group.created': {
      const d = envelope.data as GroupCreatedV3;
      const set: Omit<GroupDocument, '_id' | 'lastSequence'> = {
        status: 'active',
        name: d.name,
        ...(d.description ? { description: d.description } : {}),
        visibility: d.visibility,
        ownerId: d.ownerId,
        createdAt: at,
        updatedAt: at,
      };
      return { $set: set };
    }
    case 'feed.group.details-changed': {
      // Only what changed; a null description clears it.
      const { name, description } = (envelope.data as GroupDetailsChangedV2).changes;
      return {
        $set: { ...(name !== undefined ? { name } : {}), ...(typeof description === 'string' ? { description } : {}), updatedAt: at },
        ...(description === null ? { $unset: { description: '' as const } } : {}),
      };
    }
    case 'feed.group.visibility-changed':
      return { $set: { visibility: (envelope.data as GroupVisibilityChangedV1).visibility, updatedAt: at } };
    default:
      return { $set: { updatedAt: at } };
  }
}

/** A single-aggregate read model whose document the projection owns (see above). */
export interface DocumentProjectionInput {
  readonly name: string;
  readonly topic: string;
  readonly aggregateType: string;
  /** The update an event makes to its aggregate's document; must not set `lastSequence`. */
  readonly update: (envelope: EventEnvelope) => Update;
  readonly indexes?: readonly Record<string, 1 | -1>[];
}

/**
 * One conditional write per event, in sequence (applyInSequence): no read of the document, a
 * duplicate is a no-op, a gap is retried by the consumer.
 */
export function applyDocumentUpdate(collection: MongoProjectionContext['collection'], envelope: EventEnvelope, input: Pick<DocumentProjectionInput, 'update'>): Promise<GuardResult> {
  return applyInSequence(collection, envelope.aggregateId, envelope.sequence, input.update(envelope));
}
