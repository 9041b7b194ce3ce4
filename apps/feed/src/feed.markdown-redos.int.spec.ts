import { feedPerSuite, newUser } from './testing/feed-test-kit';

/**
 * Hostile Markdown over HTTP (real servers): bodies shaped to make a backtracking parser take
 * minutes (a fence opener with thousands of spaces, a heading or paragraph line with a long run of
 * spaces) are answered promptly on every path that parses text: posts, comments, comment edits,
 * agenda descriptions. Before the parser was made linear, the post below blocked the event loop
 * for hours. Raw text over the cap is a 400 naming the field.
 */
describe('hostile Markdown (HTTP, real servers)', () => {
  const author = newUser();
  const manager = newUser();
  const suite = feedPerSuite({ FEED_CONSUMERS: 'off' }, { [manager]: ['employee', 'community-manager'] });
  const fence = (spaces: number) => '```' + ' '.repeat(spaces) + '`';

  const timed = async <T>(request: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const response = await request();
    expect(Date.now() - started).toBeLessThan(5_000);
    return response;
  };

  it('answers posts, comments, comment edits and agenda descriptions of hostile Markdown promptly', async () => {
    const post = await timed(() => suite.feed.call(author, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'article', title: 'Fences', body: `Hello\n\n${fence(20_000)}`, callToAction: { kind: 'fyi' } }));
    expect(post.status).toBe(201);
    const postId = post.body.id as string;

    const comment = await timed(() => suite.feed.call(author, 'POST', `/v1/posts/${postId}/comments`, { body: '# a' + ' '.repeat(4_990) + 'b' }));
    expect(comment.status).toBe(201);
    const edit = await timed(() => suite.feed.call(author, 'PATCH', `/v1/comments/${comment.body.id}`, { body: 'a' + ' '.repeat(4_990) + 'b\nc' }));
    expect(edit.status).toBe(200);

    const details = { kind: 'static', title: 'Hostile description', description: fence(4_990) };
    const item = await timed(() => suite.feed.call(manager, 'POST', '/v1/agenda', { audience: { kind: 'organisation' }, details }));
    expect(item.status).toBe(201);
  }, 60_000);

  it('refuses a raw body over the cap with a problem naming the field (body.body: the body of the request body)', async () => {
    const response = await timed(() => suite.feed.call(author, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'article', title: 'Too long', body: '['.repeat(100_001), callToAction: { kind: 'fyi' } }));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body.body' })]);
  }, 60_000);
});
