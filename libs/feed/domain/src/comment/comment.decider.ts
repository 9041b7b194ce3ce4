import type { Audience, CommentAddedV1, CommentDeletedV1, CommentEditedV2, CommentHiddenV1, CommentRestoredV1, MemberRole, Remover } from '@plein/feed/contracts';
import { assertActive, isAdmin, isGroupStaff, type Actor } from '../actor';
import { ERROR_CODES, FeedAlreadyExistsError, FeedConflictError, FeedForbiddenError, FeedNotFoundError, invalid } from '../errors';
import { buildText, type MentionDirectory } from '../post/post-content';

/** Comments are their own aggregate (stream `comment-<commentId>`): a busy post keeps a small stream. */
export const COMMENT_AGGREGATE_TYPE = 'comment';
export const COMMENT_BODY_MAX = 5_000;

export type CommentEvent =
  | { readonly type: 'feed.comment.added'; readonly version: 1; readonly data: CommentAddedV1 }
  | { readonly type: 'feed.comment.edited'; readonly version: 2; readonly data: CommentEditedV2 }
  | { readonly type: 'feed.comment.deleted'; readonly version: 1; readonly data: CommentDeletedV1 }
  | { readonly type: 'feed.comment.hidden'; readonly version: 1; readonly data: CommentHiddenV1 }
  | { readonly type: 'feed.comment.restored'; readonly version: 1; readonly data: CommentRestoredV1 };

/** The post commented on, from its state; the application checks visibility (canAct) first. */
export interface CommentedPost {
  readonly postId: string;
  readonly audience: Audience;
  /** Published and not hidden. */
  readonly available: boolean;
}

/** The comment replied to, from its own state. */
export interface ParentComment {
  readonly commentId: string;
  readonly postId: string;
  readonly parentCommentId: string | null;
  readonly available: boolean;
}

export type CommentCommand =
  | {
      readonly type: 'AddComment';
      readonly commentId: string;
      readonly actor: Actor;
      readonly post: CommentedPost;
      readonly parent?: ParentComment;
      readonly body: string;
      readonly mentions: MentionDirectory;
    }
  | { readonly type: 'EditComment'; readonly commentId: string; readonly actor: Actor; readonly body: string; readonly mentions: MentionDirectory }
  | { readonly type: 'DeleteComment'; readonly commentId: string; readonly actor: Actor; readonly groupRole?: MemberRole }
  | { readonly type: 'HideComment' | 'RestoreComment' | 'RemoveComment'; readonly commentId: string; readonly decisionId: string; readonly reasonCode: string };

export interface CommentData {
  readonly postId: string;
  readonly authorId: string;
  readonly parentCommentId: string | null;
  readonly audience: Audience;
  readonly body: string;
  readonly mentions: readonly string[];
  readonly moderation: 'visible' | 'hidden';
}

export type CommentState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'added' } & CommentData)
  | ({ readonly status: 'deleted'; readonly deletedBy: Remover } & CommentData);

export const initialCommentState = (): CommentState => ({ status: 'absent' });

export function evolveComment(state: CommentState, event: CommentEvent): CommentState {
  if (event.type === 'feed.comment.added') return { status: 'added', ...event.data, moderation: 'visible' };
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'feed.comment.edited':
      return { ...state, body: event.data.body, mentions: event.data.mentions };
    case 'feed.comment.deleted':
      return { ...state, status: 'deleted', deletedBy: event.data.by };
    case 'feed.comment.hidden':
      return { ...state, moderation: 'hidden' };
    case 'feed.comment.restored':
      return { ...state, moderation: 'visible' };
  }
}

/**
 * One level of threading: a reply answers a top-level comment of the same post, never a reply
 * (clients flatten deeper conversations into the thread). On a question, top-level comments are
 * the answers. Comments copy the post's audience so consumers enforce visibility without a post.
 */
export function decideComment(command: CommentCommand, state: CommentState): CommentEvent[] {
  switch (command.type) {
    case 'AddComment': {
      if (state.status !== 'absent') throw new FeedAlreadyExistsError('comment', command.commentId);
      const { actor, post, parent } = command;
      assertActive(actor);
      if (!post.available) throw new FeedConflictError(ERROR_CODES.contentUnavailable, `Post ${post.postId} takes no comments now`);
      if (parent) {
        if (parent.postId !== post.postId || !parent.available) throw invalid(ERROR_CODES.replyDepth, 'parentCommentId', 'reply to an available comment of the same post');
        if (parent.parentCommentId !== null) throw invalid(ERROR_CODES.replyDepth, 'parentCommentId', 'reply to the top-level comment, not to a reply');
      }
      const text = buildText(command.body, COMMENT_BODY_MAX, command.mentions);
      return [
        {
          type: 'feed.comment.added',
          version: 1,
          data: { postId: post.postId, authorId: actor.userId, parentCommentId: parent?.commentId ?? null, audience: post.audience, ...text },
        },
      ];
    }
    case 'EditComment': {
      const comment = existing(command.commentId, state);
      assertActive(command.actor);
      if (command.actor.userId !== comment.authorId) throw new FeedForbiddenError(ERROR_CODES.notAuthor, 'Only the author edits a comment');
      const text = buildText(command.body, COMMENT_BODY_MAX, command.mentions);
      if (text.body === comment.body && text.mentions.join() === comment.mentions.join()) return [];
      return [{ type: 'feed.comment.edited', version: 2, data: { postId: comment.postId, ...text, audience: comment.audience } }];
    }
    case 'DeleteComment': {
      if (state.status === 'deleted') return [];
      const comment = existing(command.commentId, state);
      assertActive(command.actor);
      if (command.actor.userId === comment.authorId) return [{ type: 'feed.comment.deleted', version: 1, data: { postId: comment.postId, by: 'author' } }];
      const groupStaff = comment.audience.kind === 'group' && isGroupStaff(command.groupRole);
      if (!isAdmin(command.actor) && !groupStaff) throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only the author, group owners and moderators, and admins delete a comment');
      return [{ type: 'feed.comment.deleted', version: 1, data: { postId: comment.postId, by: 'administrator' } }];
    }
    case 'HideComment':
    case 'RestoreComment':
    case 'RemoveComment': {
      if (state.status === 'absent') throw new FeedNotFoundError('comment', command.commentId);
      if (state.status === 'deleted') return [];
      const { postId } = state;
      const { decisionId, reasonCode } = command;
      if (command.type === 'RemoveComment') return [{ type: 'feed.comment.deleted', version: 1, data: { postId, by: 'moderation', decisionId } }];
      if (command.type === 'HideComment') return state.moderation === 'hidden' ? [] : [{ type: 'feed.comment.hidden', version: 1, data: { postId, decisionId, reasonCode } }];
      return state.moderation === 'visible' ? [] : [{ type: 'feed.comment.restored', version: 1, data: { postId, decisionId } }];
    }
  }
}

function existing(commentId: string, state: CommentState): CommentData {
  if (state.status !== 'added') throw new FeedNotFoundError('comment', commentId);
  return state;
}

export const commentDecider = { decide: decideComment, evolve: evolveComment, initialState: initialCommentState } as const;
