import type { Audience, CallToAction, IdeaStatus, PostKind, ReactionKind } from '@plein/feed/contracts';
import { isCallToActionOpen, visibility, type Viewer, type VisibilityFacts } from '@plein/feed/domain';
import type { FeedDependencies } from '../context';
import type { PostView } from '../ports';

/** Progress toward the post's call to action, shown with the post (docs/feed/domain.md). */
export type CallToActionProgress =
  | { readonly kind: 'answer'; readonly answers: number; readonly answered: boolean; readonly acceptedCommentId: string | null }
  | { readonly kind: 'share-ideas'; readonly contributions: number }
  | { readonly kind: 'sign-up'; readonly registered: number; readonly capacity: number | null; readonly placesLeft: number | null; readonly waitingList: number }
  | { readonly kind: 'acknowledge'; readonly round: number; readonly acknowledged: number; readonly audienceSize: number | null; readonly dueAt: string | null }
  | { readonly kind: 'vote'; readonly voters: number; readonly options: { readonly id: string; readonly label: string; readonly votes: number }[] }
  | { readonly kind: 'fyi' };

export interface PostRepresentation {
  readonly id: string;
  readonly authorId: string;
  readonly audience: Audience;
  readonly kind: PostKind;
  readonly title?: string;
  readonly body: string;
  readonly mentions: readonly string[];
  readonly hashtags: readonly string[];
  readonly links: readonly string[];
  readonly attachments: readonly unknown[];
  readonly callToAction: CallToAction & { readonly open: boolean };
  readonly progress: CallToActionProgress;
  readonly ideaStatus: IdeaStatus | null;
  readonly jamId: string | null;
  readonly acceptedAnswer: { readonly commentId: string; readonly answererId: string } | null;
  readonly edited: boolean;
  readonly notice: 'hidden-by-moderation' | null;
  readonly counts: { readonly comments: number; readonly reactions: Partial<Record<ReactionKind, number>> };
  /** What the reader did: their reaction and their response to the call to action. */
  readonly you: { readonly reaction: ReactionKind | null; readonly acknowledged?: boolean; readonly registered?: boolean; readonly vote?: readonly string[] };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Renders visible posts for one reader, with counters and progress (batched where possible). */
export async function renderPosts(deps: FeedDependencies, viewer: Viewer, items: readonly { post: PostView; facts: VisibilityFacts }[]): Promise<PostRepresentation[]> {
  const ids = items.map((i) => i.post.postId);
  const rm = deps.readModels;
  const [comments, reactions, mine] = await Promise.all([
    rm.posts.commentCounts(ids),
    rm.posts.reactionCounts(ids),
    rm.posts.userReactions(viewer.userId, ids),
  ]);
  const now = deps.clock.now();
  return Promise.all(
    items.map(async ({ post, facts }) => {
      const seen = visibility(viewer, facts);
      const notice = seen.visible && seen.notice === 'hidden-by-moderation' ? 'hidden-by-moderation' : null;
      const [progress, you] = await Promise.all([progressOf(deps, post, comments.get(post.postId) ?? 0), responseOf(deps, post, viewer.userId)]);
      const { title, body, mentions, hashtags, links, attachments } = post.content;
      return {
        id: post.postId,
        authorId: post.authorId,
        audience: post.audience,
        kind: post.kind,
        ...(title ? { title } : {}),
        body,
        mentions,
        hashtags,
        links,
        attachments,
        callToAction: { ...post.callToAction, open: isCallToActionOpen(post.callToAction, post.callToActionClosed, now) },
        progress,
        ideaStatus: post.ideaStatus,
        jamId: post.jamId ?? null,
        acceptedAnswer: post.acceptedAnswer,
        edited: post.edits > 0,
        notice,
        counts: { comments: comments.get(post.postId) ?? 0, reactions: reactions.get(post.postId) ?? {} },
        you: { reaction: mine.get(post.postId) ?? null, ...you },
        createdAt: post.createdAt,
        updatedAt: post.updatedAt,
      };
    }),
  );
}

async function responseOf(deps: FeedDependencies, post: PostView, userId: string): Promise<Omit<PostRepresentation['you'], 'reaction'>> {
  const kind = post.callToAction.kind;
  if (kind !== 'acknowledge' && kind !== 'sign-up' && kind !== 'vote') return {};
  const response = await deps.readModels.responses.response(post.postId, userId);
  if (kind === 'acknowledge') return { acknowledged: (response?.acknowledgedRound ?? 0) >= post.acknowledgementRound };
  if (kind === 'sign-up') return { registered: response?.registered ?? false };
  return { vote: response?.vote ?? [] };
}

async function progressOf(deps: FeedDependencies, post: PostView, comments: number): Promise<CallToActionProgress> {
  const cta = post.callToAction;
  const responses = deps.readModels.responses;
  switch (cta.kind) {
    case 'answer':
      return { kind: 'answer', answers: comments, answered: post.acceptedAnswer !== null, acceptedCommentId: post.acceptedAnswer?.commentId ?? null };
    case 'share-ideas':
      return { kind: 'share-ideas', contributions: comments };
    case 'fyi':
      return { kind: 'fyi' };
    case 'sign-up': {
      const registered = await responses.registeredCount(post.postId);
      const capacity = cta.capacity ?? null;
      // The post's roster keeps sign-ups within the capacity, so `waitingList` stays 0 (kept for the API).
      return {
        kind: 'sign-up',
        registered,
        capacity,
        placesLeft: capacity === null ? null : Math.max(0, capacity - registered),
        waitingList: capacity === null ? 0 : Math.max(0, registered - capacity),
      };
    }
    case 'acknowledge': {
      const [acknowledged, audienceSize] = await Promise.all([responses.acknowledgedCount(post.postId, post.acknowledgementRound), audienceSizeOf(deps, post)]);
      return { kind: 'acknowledge', round: post.acknowledgementRound, acknowledged, audienceSize, dueAt: cta.dueAt ?? null };
    }
    case 'vote': {
      const counts = await responses.voteCounts(post.postId, cta.options.map((o) => o.id));
      return { kind: 'vote', voters: counts.voters, options: cta.options.map((o) => ({ id: o.id, label: o.label, votes: counts.options[o.id] ?? 0 })) };
    }
  }
}

/** How many people the post addresses (the denominator of acknowledgement progress). */
export async function audienceSizeOf(deps: FeedDependencies, post: Pick<PostView, 'audience' | 'authorId'>): Promise<number> {
  const rm = deps.readModels;
  switch (post.audience.kind) {
    case 'organisation':
      return rm.users.countActiveUsers();
    case 'group':
      return rm.groups.countMembers(post.audience.groupId);
    case 'followers':
      return 1 + (await rm.follows.countFollowers({ kind: 'person', userId: post.authorId }));
  }
}
