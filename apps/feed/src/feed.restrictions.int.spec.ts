import { Kafka, logLevel, type Producer } from 'kafkajs';
import { assertNotRestricted } from '@plein/feed/application';
import { MongoPostingRestrictions, POSTING_RESTRICTIONS_PROJECTION } from '@plein/feed/infrastructure';
import { moderationDecisionTopic, type AppealDecidedV1, type DecisionAppealedV1, type DecisionTakenV1 } from '@plein/moderation/contracts';
import { prefixedTopicName } from '@plein/shared/contracts';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { encodeEnvelope } from '@plein/shared/messaging';
import { feedPerSuite, newUser, waitFor } from './testing/feed-test-kit';

/**
 * Moderation's `restrict` decision enforced by the feed (real servers, consumers on): decision
 * events published on the prefixed moderation.decision.events.v1 (as moderation's relay does)
 * reach the feed's posting-restrictions projection; the restricted author's posts and comments
 * answer 403 problem+json with `restrictedUntil` and no reporter; the restriction ends at its end
 * (injected clock) or when an appeal overturns it; redelivered events change nothing.
 */
describe('posting restrictions in the feed (real servers)', () => {
  const suite = feedPerSuite({ FEED_CONSUMERS: 'on' });
  const [author, other] = [newUser(), newUser()];
  const [moderator, reporter, appealModerator] = [uuidv7(), uuidv7(), uuidv7()];
  let producer: Producer;

  const send = async (envelope: EventEnvelope) => {
    await producer.send({ topic: prefixedTopicName(suite.feed.prefix, moderationDecisionTopic.name), acks: -1, messages: [{ ...encodeEnvelope(envelope) }] });
  };
  const caseEvent = (caseKey: string, sequence: number, type: string, actorId: string, data: unknown): EventEnvelope =>
    ({
      id: uuidv7(), type, version: 1, source: 'plein/moderation', aggregateType: 'decision', aggregateId: caseKey, sequence,
      occurredAt: new Date().toISOString(), correlationId: 'test', causationId: uuidv7(), actorId, data,
    }) as EventEnvelope;
  const post = (userId: string, body: string) => suite.feed.call(userId, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body, callToAction: { kind: 'fyi' } });

  beforeAll(async () => {
    producer = new Kafka({ clientId: 'feed-restrictions-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
  }, 30_000);
  afterAll(async () => {
    await producer?.disconnect();
  });

  it('refuses posts and comments of a restricted author until an appeal overturns it; redeliveries change nothing', async () => {
    const first = await post(author, 'Before the decision.');
    expect(first.status).toBe(201);
    const postId = first.body.id as string;
    const caseKey = `post:${postId}`;
    const decisionId = uuidv7();
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const taken: DecisionTakenV1 = {
      decisionId, contentType: 'post', contentId: postId, postId, authorId: author, groupId: null, kind: 'restrict', reasonCode: 'harassment',
      rule: 'Respect', statement: 'Repeated personal attacks.', appealable: true, moderatorId: moderator, restrictedUntil: until,
    };
    const report = caseEvent(caseKey, 1, 'moderation.decision.report-filed', reporter, { contentType: 'post', contentId: postId, postId, authorId: author, groupId: null, reporterId: reporter, reason: 'harassment' });
    const decision = caseEvent(caseKey, 2, 'moderation.decision.taken', moderator, taken);
    await send(report);
    await send(decision);

    await waitFor('the restriction to reach the feed', async () => (await post(author, 'Am I restricted?')).status === 403, 20_000);
    const refused = await post(author, 'Still restricted?');
    expect(refused).toMatchObject({ status: 403, body: { code: 'FEED.POSTING_RESTRICTED', title: 'Posting is restricted', restrictedUntil: until } });
    expect(JSON.stringify(refused.body)).not.toContain(reporter);
    expect(JSON.stringify(refused.body)).not.toContain(moderator);
    const comment = await suite.feed.call(author, 'POST', `/v1/posts/${postId}/comments`, { body: 'A comment' });
    expect(comment).toMatchObject({ status: 403, body: { code: 'FEED.POSTING_RESTRICTED', restrictedUntil: until } });
    // Someone else still posts and comments.
    expect((await post(other, 'Unaffected.')).status).toBe(201);
    expect((await suite.feed.call(other, 'POST', `/v1/posts/${postId}/comments`, { body: 'Unaffected comment' })).status).toBe(201);

    // The restriction ends at its end: the same check on an injected clock, against the real read model.
    const deps = suite.feed.service.infrastructure.deps;
    const at = (iso: string) => ({ restrictions: deps.restrictions!, clock: { now: () => new Date(iso) } });
    await expect(assertNotRestricted(at(new Date(Date.parse(until) - 1).toISOString()), author)).rejects.toMatchObject({ code: 'FEED.POSTING_RESTRICTED', restrictedUntil: until });
    await expect(assertNotRestricted(at(until), author)).resolves.toBeUndefined();
    await expect(assertNotRestricted(at(new Date(Date.parse(until) + 60_000).toISOString()), author)).resolves.toBeUndefined();

    // A redelivered decision stores nothing twice.
    await send(decision);
    const appealed: DecisionAppealedV1 = { decisionId, authorId: author, text: 'I apologised.' };
    const overturned: AppealDecidedV1 = { decisionId, authorId: author, outcome: 'overturned', moderatorId: appealModerator, statement: 'Overturned on appeal.' };
    await send(caseEvent(caseKey, 3, 'moderation.decision.appealed', author, appealed));
    await send(caseEvent(caseKey, 4, 'moderation.decision.appeal-decided', appealModerator, overturned));
    await waitFor('the lift to reach the feed', async () => (await post(author, 'Free again?')).status === 201, 20_000);

    // Redelivering the decision after the lift does not restrict again.
    await send(decision);
    const marker = uuidv7();
    const markerUntil = new Date(Date.now() + 86_400_000).toISOString();
    // A marker on the same partition (same case key), after the redelivery: once it applies, the redelivery has too.
    await send(caseEvent(caseKey, 5, 'moderation.decision.taken', moderator, { ...taken, decisionId: marker, authorId: other, restrictedUntil: markerUntil }));
    await waitFor('events after the redelivery', async () => (await post(other, 'marker')).status === 403, 20_000);
    expect((await post(author, 'Still free.')).status).toBe(201);
    const collection = await suite.feed.service.infrastructure.collections.of(POSTING_RESTRICTIONS_PROJECTION);
    expect(await collection.find({ authorId: author }).toArray()).toEqual([expect.objectContaining({ _id: decisionId, lifted: true, until: new Date(until) })]);
    // Past the snapshot's bound, each check reads its author's own restrictions: the same answers.
    const clock = { now: () => new Date() };
    const perAuthor = new MongoPostingRestrictions(() => suite.feed.service.infrastructure.collections.of(POSTING_RESTRICTIONS_PROJECTION), clock, 0, 0);
    expect(await perAuthor.of(other, clock.now())).toEqual([{ until: markerUntil, lifted: false }]);
    expect(await perAuthor.of(author, clock.now())).toEqual([]);
  }, 90_000);
});
