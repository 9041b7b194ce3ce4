import type { PostContent } from '@plein/feed/contracts';
import { DEFAULT_ORGANISATION_POLICY, sanitizeMarkdown } from '@plein/feed/domain';
import { InMemoryEventStore } from '@plein/shared/event-sourcing';
import { FixedClock, type EventEnvelope } from '@plein/shared/kernel';
import type { FeedDependencies, RequestContext } from '../context';
import type { PostView } from '../ports';
import { PostService } from './post.service';

// Every parse of the Markdown parser, recorded by input: the module every sanitisation calls.
const parsed: string[] = [];
jest.mock('@plein/shared/markdown/block.parser', () => {
  const actual = jest.requireActual<typeof import('@plein/shared/markdown')>('@plein/shared/markdown/block.parser');
  return { ...actual, parseBlocks: (input: string, options: Parameters<typeof actual.parseBlocks>[1]) => (parsed.push(input), actual.parseBlocks(input, options)) };
});

/**
 * Publishing parses the body once: the parse that finds the mentions to look up is the one the
 * decider sanitises and extracts from (the stored Markdown is read back once more to check it is
 * canonical, as every sanitisation does). The title is not Markdown and is not parsed.
 */
describe('PostService.publish parses the Markdown once', () => {
  const author = '019a0000-0000-7000-8000-00000000a001';
  const anna = '019a0000-0000-7000-8000-00000000a002';
  const ctx: RequestContext = { caller: { userId: author, roles: ['employee'] }, correlationId: 'corr' };

  function service() {
    const posts = new Map<string, PostView>();
    const lookups: string[][] = [];
    const readModels = {
      users: {
        user: async () => null,
        resolveHandles: async (handles: readonly string[]) => (lookups.push([...handles]), new Map(handles.includes('anna') ? [['anna', anna]] : [])),
      },
      posts: { post: async (id: string) => posts.get(id) ?? null },
    } as unknown as FeedDependencies['readModels'];
    // Read-your-writes: the published event as the post's read model.
    const projector = {
      project: async (events: readonly EventEnvelope[]) => {
        for (const e of events) {
          const data = e.data as PostContent & Pick<PostView, 'authorId' | 'audience' | 'kind' | 'callToAction'>;
          posts.set(e.aggregateId, {
            postId: e.aggregateId, authorId: data.authorId, audience: data.audience, kind: data.kind, callToAction: data.callToAction, callToActionClosed: false,
            content: { body: data.body, mentions: data.mentions, hashtags: data.hashtags, links: data.links, attachments: data.attachments }, moderation: 'visible', edits: 0,
            acknowledgementRound: 1, acceptedAnswer: null, ideaStatus: null, createdAt: e.occurredAt, updatedAt: e.occurredAt,
          });
        }
        return 'applied' as const;
      },
    };
    const deps = { store: new InMemoryEventStore(), readModels, projector, clock: new FixedClock(new Date('2026-12-02T00:00:00Z')), policy: DEFAULT_ORGANISATION_POLICY } as unknown as FeedDependencies;
    return { service: new PostService(deps), lookups };
  }

  it('parses the body once for the mentions and the stored content, and never the title', async () => {
    // Raw input that is not canonical (raw HTML is escaped), so its own parses can be told apart.
    const body = 'Welcome @anna, see **#onboarding** and [the guide](https://example.org/guide) <b>now</b>';
    parsed.length = 0;
    expect(sanitizeMarkdown(body).markdown).not.toBe(body);
    const oneSanitisation = parsed.length;

    const { service: posts, lookups } = service();
    parsed.length = 0;
    const post = await posts.publish(ctx, { audience: { kind: 'organisation' }, kind: 'article', title: 'Hello @anna', body, callToAction: { kind: 'fyi' } });
    expect(post).toMatchObject({ mentions: [anna], hashtags: ['onboarding'], links: ['https://example.org/guide'] });
    expect(lookups).toEqual([['anna']]);
    expect(parsed.filter((input) => input === body)).toHaveLength(1);
    expect(parsed).not.toContain('Hello @anna');
    expect(parsed).toHaveLength(oneSanitisation);
  });
});
