import { FixedClock } from '@plein/shared/kernel';
import { AgendaService } from './agenda/agenda.service';
import type { FeedDependencies, RequestContext } from './context';
import { CommentService } from './conversation/comment.service';
import { ReactionService } from './conversation/reaction.service';
import { FollowService } from './groups/follow.service';
import { GroupService } from './groups/group.service';
import { MAX_PAGE_SIZE } from './paging';
import type { PostView } from './ports';
import { ResponseService } from './posts/response.service';

/**
 * Every listing has a maximum page size (100) checked in the application service, before any
 * read, and reads its page with one batched query per page (never one lookup per item).
 */
describe('feed listings: page sizes and batched lookups', () => {
  const ann = '019a0000-0000-7000-8000-00000000a001';
  const ctx: RequestContext = { caller: { userId: ann, roles: ['employee'] }, correlationId: 'test' };
  const postId = '019a0000-0000-7000-8000-000000000001';
  const groupId = '019a0000-0000-7000-8000-000000000002';
  const people = Array.from({ length: 150 }, (_, k) => `019a0000-0000-7000-8000-${String(k).padStart(12, '0')}`);

  function setup() {
    const reads: string[] = [];
    const post: PostView = {
      postId, authorId: ann, audience: { kind: 'organisation' }, kind: 'announcement', content: { title: null, body: 'x', mentions: [], hashtags: [], links: [], attachments: [] } as unknown as PostView['content'],
      callToAction: { kind: 'acknowledge' } as PostView['callToAction'], callToActionClosed: false, moderation: 'visible', edits: 0, acknowledgementRound: 1, acceptedAnswer: null, ideaStatus: null,
      createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z',
    };
    const track = <T>(name: string, value: T) => async (...args: unknown[]) => {
      reads.push(`${name}${args.length ? ` ${args.map((a) => (Array.isArray(a) ? `[${a.length}]` : String(a))).join(' ')}` : ''}`);
      return value;
    };
    const readModels = {
      users: { user: async () => null, activeUsers: async (_after: string | null, limit: number) => people.slice(0, limit) },
      groups: {
        membershipsOf: async () => new Map(), groups: async () => new Map(), group: async () => ({ groupId, name: 'g', visibility: 'open', ownerId: ann, createdAt: '' }),
        members: track('members', []), listGroups: track('listGroups', []), membership: async () => null, countMembers: async () => 0,
      },
      follows: { followedPeople: async () => new Set(), follows: track('follows', []) },
      posts: { post: async () => post, reactionsOf: track('reactionsOf', []) },
      comments: { commentsOf: track('commentsOf', []) },
      responses: {
        acknowledgedAmong: track('acknowledgedAmong', new Map()),
        registrations: track('registrations', []),
        registeredBefore: async () => 0,
      },
      agenda: { upcoming: track('upcoming', []) },
    } as unknown as FeedDependencies['readModels'];
    const deps = { readModels, clock: new FixedClock(new Date('2026-12-02T00:00:00Z')) } as unknown as FeedDependencies;
    return { deps, reads };
  }

  const listings: [string, (deps: FeedDependencies, limit: number) => Promise<unknown>][] = [
    ['groups', (deps, limit) => new GroupService(deps).list(ctx, null, limit)],
    ['members', (deps, limit) => new GroupService(deps).members(ctx, groupId, null, limit)],
    ['comments', (deps, limit) => new CommentService(deps).list(ctx, postId, null, limit)],
    ['reactions', (deps, limit) => new ReactionService(deps).list(ctx, { targetType: 'post', targetId: postId }, null, limit)],
    ['acknowledgements', (deps, limit) => new ResponseService(deps).acknowledgements(ctx, postId, null, limit)],
    ['sign-ups', (deps, limit) => new ResponseService(deps).registrations(ctx, postId, null, limit)],
    ['follows', (deps, limit) => new FollowService(deps).list(ctx, null, limit)],
    ['agenda', (deps, limit) => new AgendaService(deps).upcoming(ctx, limit)],
  ];

  it.each(listings)('%s: refuses a page size above 100 naming query.limit, before reading anything', async (_name, list) => {
    const { deps, reads } = setup();
    for (const limit of [MAX_PAGE_SIZE + 1, 1_000, 0]) {
      await expect(list(deps, limit)).rejects.toMatchObject({ kind: 'validation', violations: [{ field: 'query.limit', message: expect.any(String) }] });
    }
    expect(reads).toEqual([]);
    await expect(list(deps, MAX_PAGE_SIZE)).resolves.toBeDefined();
  });

  it('acknowledgements: a page of 100 people is looked up in one batched read', async () => {
    const { deps, reads } = setup();
    const list = await new ResponseService(deps).acknowledgements(ctx, postId, null, 100);
    expect(list.people).toHaveLength(100);
    expect(list.next).toBe(people[99]);
    expect(reads).toEqual([`acknowledgedAmong ${postId} 1 [100]`]);
  });

  it('sign-ups: refuses a cursor it did not issue, naming query.after', async () => {
    const { deps } = setup();
    await expect(new ResponseService(deps).registrations(ctx, postId, 'bm90IGEgY3Vyc29y', 20)).rejects.toMatchObject({ kind: 'validation', violations: [{ field: 'query.after', message: expect.any(String) }] });
  });
});
