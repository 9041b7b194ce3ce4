import { userProvisionedV1 } from '@plein/identity/contracts';
// The feed's own test kit: this spec boots the real feed beside moderation (tests may cross service boundaries).
import { startFeed, type FeedUnderTest } from '../../feed/src/testing/feed-test-kit';
import { person, startModeration, waitFor, type ModerationUnderTest } from './testing/moderation-test-kit';

/**
 * End to end over Kafka: the real feed and the real moderation service in-process, sharing one
 * topic prefix. A post published in the feed reaches moderation's audience read model; a hide
 * decided in moderation reaches the feed, whose post-by-id answers 404 within 5 s; a restore
 * brings it back.
 */
describe('moderation with the feed (real servers, shared topic prefix)', () => {
  let moderation: ModerationUnderTest;
  let feed: FeedUnderTest;
  const [author, reader, moderator] = [person(), person(), person(['employee', 'moderator'])];

  beforeAll(async () => {
    moderation = await startModeration();
    feed = await startFeed({ KAFKA_TOPIC_PREFIX: moderation.prefix, FEED_CONSUMERS: 'on' });
    for (const u of [author, reader, moderator]) {
      await moderation.publish(userProvisionedV1, u.id, { ...userProvisionedV1.example, externalId: `x-${u.id}`, userName: `u${u.id.slice(-12)}`, email: `${u.id.slice(-12)}@example.org`, roles: ['employee'] });
    }
    const users = feed.service.infrastructure.deps.readModels.users;
    await waitFor('the feed to know the people', async () => (await Promise.all([author, reader].map((u) => users.user(u.id)))).every((u) => u?.active));
  }, 180_000);
  afterAll(async () => {
    await feed?.close();
    await moderation?.close();
  });

  it('report -> hide: the feed answers 404 on post-by-id within 5 s; restore: 200 again', async () => {
    const published = await feed.call(author.id, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'Buy cheap watches', callToAction: { kind: 'fyi' } });
    expect(published.status).toBe(201);
    const postId = published.body.id as string;
    expect((await feed.call(reader.id, 'GET', `/v1/posts/${postId}`)).status).toBe(200);

    await waitFor('the post to reach moderation', async () => (await moderation.call(reader, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: 'spam' })).status === 201);
    const hide = await moderation.call(moderator, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'hide', reasonCode: 'spam', rule: 'No advertising', statement: 'Advertising is not allowed.' });
    expect(hide.status).toBe(201);
    const hiddenAt = Date.now();
    await waitFor('the feed to hide the post', async () => (await feed.call(reader.id, 'GET', `/v1/posts/${postId}`)).status === 404, 5_000);
    expect(Date.now() - hiddenAt).toBeLessThan(5_000);
    // The author still sees it, with the notice.
    expect((await feed.call(author.id, 'GET', `/v1/posts/${postId}`)).status).toBe(200);

    await moderation.call(moderator, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'restore', reasonCode: 'spam', rule: 'No advertising', statement: 'Not advertising after all.' });
    await waitFor('the feed to restore the post', async () => (await feed.call(reader.id, 'GET', `/v1/posts/${postId}`)).status === 200, 5_000);
  }, 60_000);
});
