import type { Audience, CallToAction, IdeaStatus, PostKind, ReactionKind } from '@plein/feed/contracts';
import { isCallToActionOpen, visibility, type Viewer, type VisibilityFacts } from '@plein/feed/domain';
import type { FeedDependencies } from '../context';
import type { PostView, ProgressCounts, ProgressQuery, ResponseView } from '../ports';

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

export interface RenderOptions {
  /**
   * The posts were created by this request, so nobody has commented, reacted or responded yet:
   * counters and responses are zero without asking the read models (the audience sizes are still read).
   */
  readonly unseen?: boolean;
}

/**
 * Renders visible posts for one reader, with counters and progress. A page costs a fixed number of
 * reads whatever its size: comment and reaction counts, the reader's reactions, the reader's
 * responses (one `$in` query), the call-to-action counters (one batched count), and the sizes of
 * the acknowledgement posts' audiences (one read per kind of audience).
 */
export async function renderPosts(
  deps: FeedDependencies,
  viewer: Viewer,
  items: readonly { post: PostView; facts: VisibilityFacts }[],
  options: RenderOptions = {},
): Promise<PostRepresentation[]> {
  const posts = items.map((i) => i.post);
  const ids = posts.map((p) => p.postId);
  const rm = deps.readModels;
  const counted = options.unseen ? [] : posts.flatMap((p) => progressQueryOf(p) ?? []);
  const [comments, reactions, mine, responses, counters, audienceSizes] = await Promise.all([
    options.unseen ? new Map<string, number>() : rm.posts.commentCounts(ids),
    options.unseen ? new Map<string, Partial<Record<ReactionKind, number>>>() : rm.posts.reactionCounts(ids),
    options.unseen ? new Map<string, ReactionKind>() : rm.posts.userReactions(viewer.userId, ids),
    counted.length > 0 ? rm.responses.responsesOf(viewer.userId, counted.map((q) => q.postId)) : new Map<string, ResponseView>(),
    counted.length > 0 ? rm.responses.progressCounts(counted) : new Map<string, ProgressCounts>(),
    audienceSizesOf(deps, posts.filter((p) => p.callToAction.kind === 'acknowledge')),
  ]);
  const now = deps.clock.now();
  return items.map(({ post, facts }) => {
    const seen = visibility(viewer, facts);
    const notice = seen.visible && seen.notice === 'hidden-by-moderation' ? 'hidden-by-moderation' : null;
    const commentCount = comments.get(post.postId) ?? 0;
    const progress = progressOf(post, commentCount, counters.get(post.postId) ?? NO_COUNTS, audienceSizes.get(audienceKey(post)) ?? null);
    const you = responseOf(post, responses.get(post.postId));
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
      counts: { comments: commentCount, reactions: reactions.get(post.postId) ?? {} },
      you: { reaction: mine.get(post.postId) ?? null, ...you },
      createdAt: post.createdAt,
      updatedAt: post.updatedAt,
    };
  });
}

const NO_COUNTS: ProgressCounts = { registered: 0, acknowledged: 0, voters: 0, options: {} };

/** What the counters need to know of a post whose call to action has counters (none for the others). */
function progressQueryOf(post: PostView): ProgressQuery | null {
  const cta = post.callToAction;
  if (cta.kind !== 'acknowledge' && cta.kind !== 'sign-up' && cta.kind !== 'vote') return null;
  return { postId: post.postId, kind: cta.kind, round: post.acknowledgementRound, optionIds: cta.kind === 'vote' ? cta.options.map((o) => o.id) : [] };
}

function responseOf(post: PostView, response: ResponseView | undefined): Omit<PostRepresentation['you'], 'reaction'> {
  const kind = post.callToAction.kind;
  if (kind === 'acknowledge') return { acknowledged: (response?.acknowledgedRound ?? 0) >= post.acknowledgementRound };
  if (kind === 'sign-up') return { registered: response?.registered ?? false };
  if (kind === 'vote') return { vote: response?.vote ?? [] };
  return {};
}

function progressOf(post: PostView, comments: number, counts: ProgressCounts, audienceSize: number | null): CallToActionProgress {
  const cta = post.callToAction;
  switch (cta.kind) {
    case 'answer':
      return { kind: 'answer', answers: comments, answered: post.acceptedAnswer !== null, acceptedCommentId: post.acceptedAnswer?.commentId ?? null };
    case 'share-ideas':
      return { kind: 'share-ideas', contributions: comments };
    case 'fyi':
      return { kind: 'fyi' };
    case 'sign-up': {
      const registered = counts.registered;
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
    case 'acknowledge':
      return { kind: 'acknowledge', round: post.acknowledgementRound, acknowledged: counts.acknowledged, audienceSize, dueAt: cta.dueAt ?? null };
    case 'vote':
      return { kind: 'vote', voters: counts.voters, options: cta.options.map((o) => ({ id: o.id, label: o.label, votes: counts.options[o.id] ?? 0 })) };
  }
}

/** One key per audience size: the organisation, a group, or one author's followers. */
const audienceKey = (post: Pick<PostView, 'audience' | 'authorId'>): string =>
  post.audience.kind === 'organisation' ? 'organisation' : post.audience.kind === 'group' ? `group:${post.audience.groupId}` : `followers:${post.authorId}`;

/**
 * How many people each of these posts addresses (the denominator of acknowledgement progress), by
 * audienceKey: the active users once, the members of all the groups in one count, the followers
 * of all the authors in one count (plus the author).
 */
async function audienceSizesOf(deps: FeedDependencies, posts: readonly Pick<PostView, 'audience' | 'authorId'>[]): Promise<Map<string, number>> {
  const rm = deps.readModels;
  const groupIds = [...new Set(posts.flatMap((p) => (p.audience.kind === 'group' ? [p.audience.groupId] : [])))];
  const authors = [...new Set(posts.flatMap((p) => (p.audience.kind === 'followers' ? [p.authorId] : [])))];
  const [active, members, followers] = await Promise.all([
    posts.some((p) => p.audience.kind === 'organisation') ? rm.users.countActiveUsers() : null,
    groupIds.length > 0 ? rm.groups.memberCounts(groupIds) : new Map<string, number>(),
    authors.length > 0 ? rm.follows.followerCounts(authors) : new Map<string, number>(),
  ]);
  const sizes = new Map<string, number>();
  if (active !== null) sizes.set('organisation', active);
  for (const groupId of groupIds) sizes.set(`group:${groupId}`, members.get(groupId) ?? 0);
  for (const author of authors) sizes.set(`followers:${author}`, 1 + (followers.get(author) ?? 0));
  return sizes;
}
