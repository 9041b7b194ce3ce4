import type { Audience, CallToAction } from '@plein/feed/contracts';
import type { Viewer, VisibilityFacts } from '@plein/feed/domain';
import { FixedClock } from '@plein/shared/kernel';
import type { FeedDependencies } from '../context';
import type { PostView, ProgressCounts, ProgressQuery, ResponseView } from '../ports';
import { renderPosts } from './post-view';

/**
 * Rendering a page of posts reads the reader's responses in one query and the progress counters in
 * one, with the audiences' sizes one read per kind of audience: the number of read-model calls does
 * not grow with the page. A counting fake records every read-model call.
 */
describe('renderPosts: batched reads per page', () => {
  const reader = '019a0000-0000-7000-8000-00000000a001';
  const author = '019a0000-0000-7000-8000-00000000a002';
  const viewer: Viewer = { userId: reader, active: true, roles: ['employee'], groupMemberships: new Map() };
  const postId = (k: number) => `019a0000-0000-7000-8000-${String(k).padStart(12, '0')}`;
  const groupId = (k: number) => `019a0000-0000-7000-9000-${String(k).padStart(12, '0')}`;

  const ctas: CallToAction[] = [
    { kind: 'sign-up', capacity: 5 },
    { kind: 'acknowledge' },
    { kind: 'vote', options: [{ id: '1', label: 'A' }, { id: '2', label: 'B' }], maxChoices: 1 },
    { kind: 'fyi' },
  ];
  const audiences = (k: number): Audience => (k % 3 === 0 ? { kind: 'organisation' } : k % 3 === 1 ? { kind: 'group', groupId: groupId(k % 4) } : { kind: 'followers' });
  const page = (n: number) =>
    Array.from({ length: n }, (_, k) => {
      const post: PostView = {
        postId: postId(k), authorId: author, audience: audiences(k), kind: 'update', content: { body: 'x', mentions: [], hashtags: [], links: [], attachments: [] } as unknown as PostView['content'],
        callToAction: ctas[k % ctas.length]!, callToActionClosed: false, moderation: 'visible', edits: 0, acknowledgementRound: 1 + (k % 2), acceptedAnswer: null, ideaStatus: null,
        createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z',
      };
      const facts: VisibilityFacts = { audience: post.audience, authorId: author, groupVisibility: 'open', moderationState: 'visible', deleted: false };
      return { post, facts };
    });

  /** Counted read models: every call is `<area>.<method>`; the batched methods answer from `counts` and `mine`. */
  function setup(counts: (q: ProgressQuery) => ProgressCounts, mine: (id: string) => ResponseView | undefined) {
    const calls: string[] = [];
    const area = (name: string, methods: Record<string, (...args: never[]) => unknown>) =>
      new Proxy(methods, {
        get(target, prop: string) {
          return (...args: never[]) => {
            calls.push(`${name}.${prop}`);
            const method = target[prop];
            if (!method) throw new Error(`unexpected read ${name}.${prop}`);
            return Promise.resolve(method(...args));
          };
        },
      });
    const readModels = {
      posts: area('posts', { commentCounts: () => new Map(), reactionCounts: () => new Map(), userReactions: () => new Map() }),
      responses: area('responses', {
        responsesOf: (_userId: string, ids: readonly string[]) => new Map(ids.flatMap((id) => (mine(id) ? [[id, mine(id)!]] : []))),
        progressCounts: (queries: readonly ProgressQuery[]) => new Map(queries.map((q) => [q.postId, counts(q)])),
        // The per-post reads a page must not make:
        response: (id: string) => mine(id) ?? null,
        registeredCount: () => 0,
        acknowledgedCount: () => 0,
        voteCounts: () => ({ options: {}, voters: 0 }),
      }),
      users: area('users', { countActiveUsers: () => 500 }),
      groups: area('groups', { memberCounts: (ids: readonly string[]) => new Map(ids.map((id) => [id, 7])), countMembers: () => 7 }),
      follows: area('follows', { followerCounts: (ids: readonly string[]) => new Map(ids.map((id) => [id, 3])), countFollowers: () => 3 }),
    } as unknown as FeedDependencies['readModels'];
    const deps = { readModels, clock: new FixedClock(new Date('2026-12-02T00:00:00Z')) } as unknown as FeedDependencies;
    return { deps, calls };
  }

  const counts = (q: ProgressQuery): ProgressCounts => ({ registered: 3, acknowledged: q.round * 10, voters: 4, options: { '1': 1, '2': 3 } });
  const mine = (id: string): ResponseView | undefined =>
    id.endsWith('0') || id.endsWith('1') || id.endsWith('2') ? { postId: id, userId: reader, acknowledgedRound: 2, registered: true, vote: ['2'] } : undefined;

  it('reads a page of 40 posts with as many read-model calls as a page of 12', async () => {
    for (const n of [12, 40]) {
      const { deps, calls } = setup(counts, mine);
      const rendered = await renderPosts(deps, viewer, page(n));
      expect(rendered).toHaveLength(n);
      expect([n, [...calls].sort()]).toEqual([
        n,
        [
          'follows.followerCounts',
          'groups.memberCounts',
          'posts.commentCounts',
          'posts.reactionCounts',
          'posts.userReactions',
          'responses.progressCounts',
          'responses.responsesOf',
          'users.countActiveUsers',
        ],
      ]);
    }
  });

  it('renders each post from the batched answers: progress of its own call to action and what the reader did', async () => {
    const { deps, calls } = setup(counts, mine);
    const [signUp, ack, vote, fyi, signUpUnanswered, ackRound2] = await renderPosts(deps, viewer, page(6));
    expect([signUp!.progress, signUp!.you]).toEqual([{ kind: 'sign-up', registered: 3, capacity: 5, placesLeft: 2, waitingList: 0 }, { reaction: null, registered: true }]);
    // Organisation-wide: the active users; a group: its members; followers: the author and theirs.
    expect([ack!.progress, ack!.you]).toEqual([{ kind: 'acknowledge', round: 2, acknowledged: 20, audienceSize: 7, dueAt: null }, { reaction: null, acknowledged: true }]);
    expect([vote!.progress, vote!.you]).toEqual([
      { kind: 'vote', voters: 4, options: [{ id: '1', label: 'A', votes: 1 }, { id: '2', label: 'B', votes: 3 }] },
      { reaction: null, vote: ['2'] },
    ]);
    expect([fyi!.progress, fyi!.you]).toEqual([{ kind: 'fyi' }, { reaction: null }]);
    expect(signUpUnanswered!.you).toEqual({ reaction: null, registered: false });
    expect(ackRound2!.progress).toMatchObject({ round: 2, audienceSize: 4 });
    expect(calls.filter((c) => c === 'responses.progressCounts' || c === 'responses.responsesOf')).toHaveLength(2);
  });

  it('asks the counters only for posts whose call to action has them, with their round and options', async () => {
    const asked: ProgressQuery[][] = [];
    const { deps } = setup(counts, mine);
    const responses = deps.readModels.responses as unknown as { progressCounts: (q: readonly ProgressQuery[]) => Promise<Map<string, ProgressCounts>> };
    const original = responses.progressCounts;
    Object.defineProperty(deps.readModels, 'responses', {
      value: new Proxy(deps.readModels.responses, {
        get: (target, prop) => (prop === 'progressCounts' ? (q: ProgressQuery[]) => (asked.push(q), original(q)) : Reflect.get(target, prop)),
      }),
    });
    await renderPosts(deps, viewer, page(4));
    expect(asked).toEqual([
      [
        { postId: postId(0), kind: 'sign-up', round: 1, optionIds: [] },
        { postId: postId(1), kind: 'acknowledge', round: 2, optionIds: [] },
        { postId: postId(2), kind: 'vote', round: 1, optionIds: ['1', '2'] },
      ],
    ]);
  });

  it('renders posts nobody has seen yet (just published) with zero counters and no responses, reading only the audience sizes', async () => {
    const { deps, calls } = setup(counts, mine);
    const [signUp, ack, vote, fyi] = await renderPosts(deps, viewer, page(4), { unseen: true });
    expect([signUp!.progress, signUp!.you, signUp!.counts]).toEqual([{ kind: 'sign-up', registered: 0, capacity: 5, placesLeft: 5, waitingList: 0 }, { reaction: null, registered: false }, { comments: 0, reactions: {} }]);
    expect([ack!.progress, ack!.you]).toEqual([{ kind: 'acknowledge', round: 2, acknowledged: 0, audienceSize: 7, dueAt: null }, { reaction: null, acknowledged: false }]);
    expect(vote!.progress).toEqual({ kind: 'vote', voters: 0, options: [{ id: '1', label: 'A', votes: 0 }, { id: '2', label: 'B', votes: 0 }] });
    expect(fyi!.you).toEqual({ reaction: null });
    expect(calls).toEqual(['groups.memberCounts']);
  });
});
