import { Kafka, logLevel, type Producer } from 'kafkajs';
import { encodeEnvelope } from '@plein/shared/messaging';
import { uuidv7 } from '@plein/shared/kernel';
import { newUser, provisionUsers, startFeed, waitFor, type FeedUnderTest } from './testing/feed-test-kit';

/**
 * Input from other services over Kafka (consumers on): moderation decisions hide / remove posts
 * (post-by-id and timelines), and `identity.user.deactivated` refuses the person's writes while
 * their content stays visible.
 */
describe('moderation decisions and deactivation (Kafka, real servers)', () => {
  let feed: FeedUnderTest;
  let producer: Producer;
  const [author, reader, quitter] = [newUser(), newUser(), newUser()];
  const sequences = new Map<string, number>();

  const send = async (topic: string, key: string, type: string, aggregateType: string, data: unknown, source: string) => {
    const sequence = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, sequence);
    const envelope = {
      id: uuidv7(), type, version: 1, source, aggregateType, aggregateId: key, sequence,
      occurredAt: new Date().toISOString(), correlationId: 'test', causationId: uuidv7(), actorId: 'system:test', data,
    };
    await producer.send({ topic: `${feed.prefix}${topic}`, acks: -1, messages: [encodeEnvelope(envelope)] });
  };
  const decide = (type: 'content-hidden' | 'content-removed' | 'content-restored', postId: string) =>
    send('moderation.decision.events.v1', `post:${postId}`, `moderation.decision.${type}`, 'decision',
      { decisionId: uuidv7(), contentType: 'post', contentId: postId, postId, authorId: author, reasonCode: 'spam' }, 'plein/moderation');
  const publish = async (who: string, body: string) => {
    const res = await feed.call(who, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body, callToAction: { kind: 'fyi' } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const home = async (who: string) => ((await feed.call(who, 'GET', '/v1/timelines/home?limit=50')).body.items as { id: string }[]).map((p) => p.id);

  beforeAll(async () => {
    feed = await startFeed({ FEED_CONSUMERS: 'on' });
    producer = new Kafka({ clientId: 'feed-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await provisionUsers(feed, [author, reader, quitter]);
    for (const u of [author, reader, quitter]) sequences.set(u, 1);
    const users = feed.service.infrastructure.deps.readModels.users;
    await waitFor('users projection', async () => (await Promise.all([author, reader, quitter].map((u) => users.user(u)))).every((u) => u?.active));
    await feed.call(reader, 'PUT', `/v1/follows/person/${author}`);
    await feed.call(reader, 'PUT', `/v1/follows/person/${quitter}`);
    expect((await feed.call(reader, 'GET', '/v1/timelines/home')).status).toBe(200);
    const follows = feed.service.infrastructure.deps.readModels.follows;
    await waitFor('follows projection', async () => (await follows.followers({ kind: 'person', userId: quitter }, null, 10)).includes(reader));
  }, 120_000);
  afterAll(async () => {
    await producer?.disconnect();
    await feed?.close();
  });

  it('a hidden post disappears from post-by-id and timelines, a restore brings it back, a removal is final', async () => {
    const [spam, kept] = [await publish(author, 'Buy cheap watches'), await publish(author, 'Team lunch on Friday')];
    await waitFor('fan-out', async () => (await home(reader)).includes(spam) && (await home(reader)).includes(kept));

    await decide('content-hidden', spam);
    await waitFor('hidden post to vanish', async () => (await feed.call(reader, 'GET', `/v1/posts/${spam}`)).status === 404);
    expect((await feed.call(reader, 'GET', `/v1/posts/${spam}`)).body.code).toBe('FEED.POST_NOT_FOUND');
    const timeline = await home(reader);
    expect(timeline).not.toContain(spam);
    expect(timeline).toContain(kept);

    await decide('content-restored', spam);
    await waitFor('restored post', async () => (await feed.call(reader, 'GET', `/v1/posts/${spam}`)).status === 200);
    expect(await home(reader)).toContain(spam);

    await decide('content-removed', spam);
    await waitFor('removed post to vanish', async () => !(await home(reader)).includes(spam));
    expect((await feed.call(reader, 'GET', `/v1/posts/${spam}`)).status).toBe(404);
    expect((await feed.call(author, 'GET', `/v1/posts/${spam}`)).status).toBe(404);
    expect(await home(reader)).toContain(kept);
  });

  it('a deactivated person cannot write (their tokens are refused) while their content stays visible', async () => {
    const before = await publish(quitter, 'Handing over the roadmap to Ana');
    await waitFor('fan-out', async () => (await home(reader)).includes(before));
    await send('identity.user.events.v1', quitter, 'identity.user.deactivated', 'user', { reason: 'deprovisioned' }, 'plein/identity');
    const users = feed.service.infrastructure.deps.readModels.users;
    await waitFor('deactivation', async () => (await users.user(quitter))?.active === false);

    // The platform guard's revocation feed reads the same identity topic: the person's tokens are
    // refused before any command runs (the deciders' own FEED.ACTOR_INACTIVE check, for a token
    // the deny-list has not caught up with, is covered by the decider specs and context.spec.ts).
    await waitFor('revocation', async () => (await feed.call(quitter, 'GET', '/v1/follows')).status === 401);
    const refused = await feed.call(quitter, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'One more thing', callToAction: { kind: 'fyi' } });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ status: 401, code: 'AUTH.TOKEN_REVOKED' });
    const comment = await feed.call(quitter, 'POST', `/v1/posts/${before}/comments`, { body: 'Still here?' });
    expect({ status: comment.status, code: comment.body.code }).toEqual({ status: 401, code: 'AUTH.TOKEN_REVOKED' });
    const edit = await feed.call(quitter, 'PATCH', `/v1/posts/${before}`, { body: 'Edited after leaving' });
    expect(edit.status).toBe(401);

    const seen = await feed.call(reader, 'GET', `/v1/posts/${before}`);
    expect(seen.status).toBe(200);
    expect(seen.body.body ?? seen.body.content?.body).toContain('Handing over the roadmap');
    expect(await home(reader)).toContain(before);
  });
});
