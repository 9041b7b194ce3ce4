import type { Audience, CallToAction, IdeaStatus, PostContent, PostKind, Remover } from '@plein/feed/contracts';
import type { PostEvent } from './post.events';

export type PostModerationState = 'visible' | 'hidden';

export interface PublishedPost {
  readonly authorId: string;
  readonly audience: Audience;
  readonly kind: PostKind;
  readonly callToAction: CallToAction;
  readonly content: PostContent;
  readonly jamId?: string;
  readonly moderation: PostModerationState;
  /** Number of edits so far (the stream keeps every earlier version: see postHistory). */
  readonly edits: number;
  /** 1 + the number of material edits: only acknowledgements of this round count. */
  readonly acknowledgementRound: number;
  readonly acceptedAnswer: { readonly commentId: string; readonly answererId: string } | null;
  /** Ideas only: where the idea is in its loop. */
  readonly ideaStatus: IdeaStatus | null;
  readonly callToActionClosed: boolean;
}

export type PostState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'published' } & PublishedPost)
  | ({ readonly status: 'deleted'; readonly by: Remover } & PublishedPost);

export const initialPostState = (): PostState => ({ status: 'absent' });

export function evolvePost(state: PostState, event: PostEvent): PostState {
  if (event.type === 'feed.post.published') {
    const { authorId, audience, kind, callToAction, jamId, ...content } = event.data;
    return {
      status: 'published',
      authorId,
      audience,
      kind,
      callToAction,
      content: content as PostContent,
      ...(jamId ? { jamId } : {}),
      moderation: 'visible',
      edits: 0,
      acknowledgementRound: 1,
      acceptedAnswer: null,
      ideaStatus: kind === 'idea' ? 'proposed' : null,
      callToActionClosed: false,
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'feed.post.edited': {
      // The audience is the published one (an edit repeats it for consumers; it never changes).
      const { material, audience: _audience, ...content } = event.data;
      return { ...state, content, edits: state.edits + 1, acknowledgementRound: state.acknowledgementRound + (material ? 1 : 0) };
    }
    case 'feed.post.deleted':
      return { ...state, status: 'deleted', by: event.data.by };
    case 'feed.post.hidden':
      return { ...state, moderation: 'hidden' };
    case 'feed.post.restored':
      return { ...state, moderation: 'visible' };
    case 'feed.post.answer-accepted':
      return { ...state, acceptedAnswer: { commentId: event.data.commentId, answererId: event.data.answererId } };
    case 'feed.post.idea-status-changed':
      return { ...state, ideaStatus: event.data.status };
    case 'feed.post.call-to-action-closed':
      return { ...state, callToActionClosed: true };
  }
}

/** Every version of the content, oldest first, with whether the change to it was material. */
export function postHistory(events: readonly PostEvent[]): { content: PostContent; material: boolean }[] {
  const history: { content: PostContent; material: boolean }[] = [];
  for (const event of events) {
    if (event.type === 'feed.post.published') {
      const { authorId: _a, audience: _b, kind: _c, callToAction: _d, jamId: _e, ...content } = event.data;
      history.push({ content, material: true });
    } else if (event.type === 'feed.post.edited') {
      const { material, audience: _audience, ...content } = event.data;
      history.push({ content, material });
    }
  }
  return history;
}

