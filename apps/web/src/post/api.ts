import type { Comment, Post } from '../api';

/**
 * The feed's post representation as the post views read it (libs/feed/application posts/post-view.ts):
 * the call to action with its settings, the progress toward it, and what the reader did.
 */
export const IDEA_STATUSES = ['proposed', 'under-review', 'planned', 'done', 'declined'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
/** The feed's poll limits (POLL_OPTIONS_MIN/MAX in its contracts). */
export const POLL_OPTIONS_MIN = 2;
export const POLL_OPTIONS_MAX = 10;

export type CallToAction =
  | { readonly kind: 'answer' | 'share-ideas' | 'fyi'; readonly open: boolean }
  | { readonly kind: 'sign-up'; readonly capacity?: number; readonly deadline?: string; readonly open: boolean }
  | { readonly kind: 'acknowledge'; readonly dueAt?: string; readonly open: boolean }
  | { readonly kind: 'vote'; readonly options: readonly { readonly id: string; readonly label: string }[]; readonly maxChoices: number; readonly closesAt?: string; readonly open: boolean };

export type Progress =
  | { readonly kind: 'answer'; readonly answers: number; readonly answered: boolean; readonly acceptedCommentId: string | null }
  | { readonly kind: 'share-ideas'; readonly contributions: number }
  | { readonly kind: 'sign-up'; readonly registered: number; readonly capacity: number | null; readonly placesLeft: number | null; readonly waitingList: number }
  | { readonly kind: 'acknowledge'; readonly round: number; readonly acknowledged: number; readonly audienceSize: number | null; readonly dueAt: string | null }
  | { readonly kind: 'vote'; readonly voters: number; readonly options: readonly { readonly id: string; readonly label: string; readonly votes: number }[] }
  | { readonly kind: 'fyi' };

export interface PostDetail extends Omit<Post, 'callToAction' | 'you'> {
  readonly callToAction: CallToAction;
  readonly progress?: Progress;
  readonly ideaStatus?: IdeaStatus | null;
  readonly jamId?: string | null;
  readonly acceptedAnswer?: { readonly commentId: string; readonly answererId: string } | null;
  readonly edited?: boolean;
  readonly you: { readonly reaction: Post['you']['reaction']; readonly acknowledged?: boolean; readonly registered?: boolean; readonly vote?: readonly string[] };
}

export interface CommentDetail extends Comment {
  readonly accepted?: boolean;
}

export interface AcknowledgementList {
  readonly round: number;
  readonly people: readonly { readonly userId: string; readonly acknowledged: boolean; readonly acknowledgedAt: string | null }[];
  readonly next: string | null;
}

/**
 * The idea loop (the feed's ideaTransitionAllowed): forward along proposed → under-review →
 * planned → done (steps may be skipped), declined from any open status, a declined idea may be
 * reconsidered (→ under-review); done is final.
 */
const IDEA_ORDER: readonly IdeaStatus[] = ['proposed', 'under-review', 'planned', 'done'];
export function nextIdeaStatuses(from: IdeaStatus): IdeaStatus[] {
  if (from === 'done') return [];
  if (from === 'declined') return ['under-review'];
  return [...IDEA_ORDER.slice(IDEA_ORDER.indexOf(from) + 1), 'declined'];
}

/** The roles that triage every idea (community managers and admins); group staff and jam managers triage their own. */
export const mayTriageEverywhere = (roles: readonly string[]): boolean => roles.includes('community-manager') || roles.includes('admin');

/** Share of a whole in whole percent (0 when there is no whole). */
export const percent = (part: number, whole: number | null): number => (whole && whole > 0 ? Math.min(100, Math.round((part / whole) * 100)) : 0);

/** Calls to action the composer offers (the core list plus a poll, which has its options editor here). */
export const COMPOSER_CTA_KINDS = ['fyi', 'share-ideas', 'answer', 'sign-up', 'acknowledge', 'vote'] as const;
export type ComposerCtaKind = (typeof COMPOSER_CTA_KINDS)[number];
