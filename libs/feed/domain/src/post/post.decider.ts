import type { IdeaStatus, PostContent } from '@plein/feed/contracts';
import { assertActive, isAdmin, isCommunityManager, isGroupStaff } from '../actor';
import { ERROR_CODES, FeedAlreadyExistsError, FeedConflictError, FeedForbiddenError, FeedNotFoundError, invalid } from '../errors';
import { assertMayPublishTo, DEFAULT_ORGANISATION_POLICY } from '../policy';
import { buildCallToAction } from './call-to-action';
import { isMaterialEdit } from './material-edit';
import { buildPostContent } from './post-content';
import type { AcceptAnswer, ChangeIdeaStatus, PostCommand, PublishPost } from './post.commands';
import type { PostEvent } from './post.events';
import { evolvePost, initialPostState, type PostState, type PublishedPost } from './post.state';

/**
 * Decides a post command against the folded state. Pure: time, roles, policy and the state of
 * other aggregates arrive in the command. Repeating what is already true (hide a hidden post,
 * accept the accepted answer) yields no events, so at-least-once delivery of moderation
 * decisions and client retries are harmless.
 */
export function decidePost(command: PostCommand, state: PostState): PostEvent[] {
  switch (command.type) {
    case 'PublishPost':
      return publish(command, state);
    case 'EditPost': {
      const post = live(command.postId, state);
      assertActive(command.actor);
      if (command.actor.userId !== post.authorId) throw new FeedForbiddenError(ERROR_CODES.notAuthor, 'Only the author edits a post');
      const content = buildPostContent(post.kind, command, command.mentions, command.parsedBody);
      const material = isMaterialEdit(post.content, content);
      if (!material && sameContent(content, post.content) && !command.requestReacknowledgement) return [];
      return [{ type: 'feed.post.edited', version: 3, data: { ...content, material: material || command.requestReacknowledgement === true, audience: post.audience } }];
    }
    case 'DeletePost': {
      if (state.status === 'deleted') return [];
      const post = live(command.postId, state);
      assertActive(command.actor);
      if (command.actor.userId === post.authorId) return [{ type: 'feed.post.deleted', version: 1, data: { by: 'author' } }];
      const groupStaff = post.audience.kind === 'group' && isGroupStaff(command.groupRole);
      if (!isAdmin(command.actor) && !groupStaff) throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only the author, group owners and moderators, and admins delete a post');
      return [{ type: 'feed.post.deleted', version: 1, data: { by: 'administrator' } }];
    }
    case 'HidePost':
    case 'RestorePost':
    case 'RemovePost': {
      if (state.status === 'absent') throw new FeedNotFoundError('post', command.postId);
      if (state.status === 'deleted') return [];
      const { decisionId, reasonCode } = command;
      if (command.type === 'RemovePost') return [{ type: 'feed.post.deleted', version: 1, data: { by: 'moderation', decisionId } }];
      if (command.type === 'HidePost') return state.moderation === 'hidden' ? [] : [{ type: 'feed.post.hidden', version: 1, data: { decisionId, reasonCode } }];
      return state.moderation === 'visible' ? [] : [{ type: 'feed.post.restored', version: 1, data: { decisionId } }];
    }
    case 'AcceptAnswer':
      return acceptAnswer(command, state);
    case 'ChangeIdeaStatus':
      return changeIdeaStatus(command, state);
    case 'CloseCallToAction': {
      const post = available(command.postId, state);
      assertActive(command.actor);
      if (command.actor.userId !== post.authorId && !isAdmin(command.actor)) throw new FeedForbiddenError(ERROR_CODES.notAuthor, 'Only the author closes the call to action');
      if (!['sign-up', 'acknowledge', 'vote', 'share-ideas'].includes(post.callToAction.kind)) {
        throw new FeedConflictError(ERROR_CODES.callToActionMismatch, `A ${post.callToAction.kind} call to action cannot be closed`);
      }
      return post.callToActionClosed ? [] : [{ type: 'feed.post.call-to-action-closed', version: 1, data: {} }];
    }
  }
}

function publish(command: PublishPost, state: PostState): PostEvent[] {
  if (state.status !== 'absent') throw new FeedAlreadyExistsError('post', command.postId);
  const { actor, audience, kind, jam } = command;
  assertActive(actor);
  assertMayPublishTo(actor, audience, kind, command.policy ?? DEFAULT_ORGANISATION_POLICY, command.group);
  if (jam) {
    if (kind !== 'idea') throw invalid(ERROR_CODES.invalidContent, 'kind', 'only ideas are submitted to an idea jam');
    if (jam.phase !== 'open') throw new FeedConflictError(ERROR_CODES.jamNotOpen, `Idea jam ${jam.jamId} is not open for ideas`);
    if (JSON.stringify(jam.audience) !== JSON.stringify(audience)) throw invalid(ERROR_CODES.invalidContent, 'audience', "an idea goes to its jam's audience");
  }
  const callToAction = buildCallToAction(kind, command.callToAction, command.now);
  const content = buildPostContent(kind, command, command.mentions, command.parsedBody);
  return [{ type: 'feed.post.published', version: 2, data: { authorId: actor.userId, audience, kind, ...content, callToAction, ...(jam ? { jamId: jam.jamId } : {}) } }];
}

function acceptAnswer(command: AcceptAnswer, state: PostState): PostEvent[] {
  const post = available(command.postId, state);
  assertActive(command.actor);
  if (post.kind !== 'question') throw new FeedConflictError(ERROR_CODES.callToActionMismatch, 'Only a question has an accepted answer');
  if (command.actor.userId !== post.authorId) throw new FeedForbiddenError(ERROR_CODES.notAuthor, 'Only the author of the question accepts an answer');
  const { answer } = command;
  if (answer.postId !== command.postId || answer.parentCommentId !== null || !answer.available) {
    throw invalid(ERROR_CODES.answerNotAcceptable, 'commentId', 'an answer is an available top-level comment on this question');
  }
  if (post.acceptedAnswer?.commentId === answer.commentId) return [];
  return [
    {
      type: 'feed.post.answer-accepted',
      version: 1,
      data: { commentId: answer.commentId, answererId: answer.authorId, previousCommentId: post.acceptedAnswer?.commentId ?? null },
    },
  ];
}

/**
 * The idea loop: forward along proposed -> under-review -> planned -> done (steps may be
 * skipped), declined from any open status (with a note for the author), and a declined idea
 * may be reconsidered (-> under-review). Done is final. Triage belongs to community managers,
 * admins, the owners and moderators of the idea's group and the manager of its jam; not to the
 * author, who receives the outcome.
 */
const IDEA_ORDER: readonly IdeaStatus[] = ['proposed', 'under-review', 'planned', 'done'];
export function ideaTransitionAllowed(from: IdeaStatus, to: IdeaStatus): boolean {
  if (from === 'done') return false;
  if (to === 'declined') return from !== 'declined';
  if (from === 'declined') return to === 'under-review';
  return IDEA_ORDER.indexOf(to) > IDEA_ORDER.indexOf(from);
}

function changeIdeaStatus(command: ChangeIdeaStatus, state: PostState): PostEvent[] {
  const post = available(command.postId, state);
  assertActive(command.actor);
  if (post.kind !== 'idea' || post.ideaStatus === null) throw new FeedConflictError(ERROR_CODES.callToActionMismatch, 'Only an idea has a status');
  const { actor, status } = command;
  const mayTriage =
    isCommunityManager(actor) ||
    (post.audience.kind === 'group' && isGroupStaff(command.groupRole)) ||
    (post.jamId !== undefined && command.jamManagerId === actor.userId);
  if (!mayTriage) throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only community managers, group owners and moderators, and the jam manager triage ideas');
  if (status === post.ideaStatus) return [];
  if (!ideaTransitionAllowed(post.ideaStatus, status)) throw new FeedConflictError(ERROR_CODES.ideaStatusTransition, `An idea cannot go from ${post.ideaStatus} to ${status}`);
  const note = command.note?.trim();
  if (status === 'declined' && !note) throw invalid(ERROR_CODES.invalidContent, 'note', 'tell the author why the idea is declined');
  if (note && [...note].length > 2_000) throw invalid(ERROR_CODES.invalidContent, 'note', 'is longer than 2000 characters');
  return [{ type: 'feed.post.idea-status-changed', version: 2, data: { status, previousStatus: post.ideaStatus, ...(note ? { note } : {}), audience: post.audience } }];
}

/** Published (hidden or not): the author may still edit and delete a hidden post. */
function live(postId: string, state: PostState): PublishedPost {
  if (state.status !== 'published') throw new FeedNotFoundError('post', postId);
  return state;
}

/** Published and visible: interactions on hidden content wait for moderation. */
function available(postId: string, state: PostState): PublishedPost {
  const post = live(postId, state);
  if (post.moderation === 'hidden') throw new FeedConflictError(ERROR_CODES.contentUnavailable, `Post ${postId} is hidden pending moderation`);
  return post;
}

function sameContent(a: PostContent, b: PostContent): boolean {
  const key = (c: PostContent) => JSON.stringify([c.title ?? null, c.body, c.mentions, c.hashtags, c.links, c.attachments.map((x) => [x.id, x.name, x.mediaType, x.size])]);
  return key(a) === key(b);
}

export const foldPost = (events: readonly PostEvent[]): PostState => events.reduce(evolvePost, initialPostState());

export const postDecider = { decide: decidePost, evolve: evolvePost, initialState: initialPostState } as const;
