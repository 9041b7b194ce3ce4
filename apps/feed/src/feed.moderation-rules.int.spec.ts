import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { moderationRuleTopic, type RuleDefinedV1 } from '@plein/moderation/contracts';
import { prefixedTopicName } from '@plein/shared/contracts';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { decodeEnvelope, encodeEnvelope } from '@plein/shared/messaging';
import { feedScreeningTopic, type ContentScreenedV1 } from '@plein/feed/contracts';
import { moderationApprovalTopic } from '@plein/moderation/contracts';
import { feedPerSuite, newUser, waitFor, withRoles } from './testing/feed-test-kit';

/**
 * Moderation's compose-time rules applied by the feed itself (real servers, consumers on): rule
 * events published to moderation.rule.events.v1 (as moderation's relay does) reach the feed's rule
 * set projection; a blocking rule refuses posts, edits, comments and comment edits with a
 * problem naming the field and carrying the rule's public message; a group's rule applies in that
 * group only; a retired rule stops matching and a redelivered old event does not bring it back.
 */
describe('compose-time rules in the feed (real servers)', () => {
  const suite = feedPerSuite({ FEED_CONSUMERS: 'on' });
  const [author, manager] = [newUser(), newUser()];
  const admin = uuidv7();
  let producer: Producer;
  let consumer: Consumer;
  const screenings: EventEnvelope[] = [];
  const sequences = new Map<string, number>();
  const sent: EventEnvelope[] = [];

  const sendEnvelope = async (envelope: EventEnvelope) => {
    await producer.send({ topic: prefixedTopicName(suite.feed.prefix, moderationRuleTopic.name), acks: -1, messages: [encodeEnvelope(envelope)] });
  };
  const ruleEvent = async (scopeKey: string, type: string, data: unknown) => {
    const sequence = (sequences.get(scopeKey) ?? 0) + 1;
    sequences.set(scopeKey, sequence);
    const envelope = {
      id: uuidv7(), type, version: 1, source: 'plein/moderation', aggregateType: 'rule', aggregateId: scopeKey, sequence,
      occurredAt: new Date().toISOString(), correlationId: 'test', causationId: uuidv7(), actorId: admin, data,
    } as EventEnvelope;
    sent.push(envelope);
    await sendEnvelope(envelope);
    return envelope;
  };
  const defineRule = (rule: Omit<RuleDefinedV1, 'ruleId' | 'definedBy' | 'name'>) => {
    const ruleId = uuidv7();
    const scopeKey = rule.scope.kind === 'organisation' ? 'organisation' : `group:${rule.scope.groupId}`;
    return ruleEvent(scopeKey, 'moderation.rule.defined', { ruleId, name: 'test rule', definedBy: admin, ...rule }).then(() => ruleId);
  };
  const post = (body: string, audience: unknown = { kind: 'organisation' }, title?: string) =>
    suite.feed.call(author, 'POST', '/v1/posts', { audience, kind: title ? 'article' : 'update', ...(title ? { title } : {}), body, callToAction: { kind: 'fyi' } });
  const blockedBy = (response: { status: number; body: { code?: string; errors?: unknown } }, field: string, message: string) => {
    expect([response.status, response.body.code]).toEqual([400, 'FEED.BLOCKED_BY_RULE']);
    expect(response.body.errors).toEqual([{ field, message }]);
  };

  beforeAll(async () => {
    withRoles(suite.feed, manager, ['employee', 'community-manager']);
    producer = new Kafka({ clientId: 'feed-rules-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    consumer = new Kafka({ clientId: 'feed-rules-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING }).consumer({ groupId: `feed-rules-test-${suite.feed.prefix}` });
    await consumer.connect();
    await consumer.subscribe({ topic: prefixedTopicName(suite.feed.prefix, feedScreeningTopic.name), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void screenings.push(decodeEnvelope(message.value)) });
  }, 30_000);
  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
  });

  const typesOf = async (stream: string) => ((await suite.feed.service.infrastructure.store.readStream(stream))?.events ?? []).map((e) => e.type);
  const screeningOf = (contentId: string) => screenings.find((e) => (e.data as ContentScreenedV1).contentId === contentId)?.data as ContentScreenedV1 | undefined;
  const decide = async (type: 'approved' | 'rejected', contentType: 'post' | 'comment', contentId: string, postId: string) => {
    const envelope = {
      id: uuidv7(), type: `moderation.approval.${type}`, version: 1, source: 'plein/moderation', aggregateType: 'approval', aggregateId: `${contentType}:${contentId}`, sequence: 1,
      occurredAt: new Date().toISOString(), correlationId: 'test', causationId: uuidv7(), actorId: admin,
      data: { approvalId: uuidv7(), contentType, contentId, postId, authorId: author, screeningSequence: 1, moderatorId: admin },
    } as EventEnvelope;
    await producer.send({ topic: prefixedTopicName(suite.feed.prefix, moderationApprovalTopic.name), acks: -1, messages: [encodeEnvelope(envelope)] });
    return envelope;
  };

  it('blocks posts, post edits, comments and comment edits that match an organisation rule, naming the field and the public message', async () => {
    const allowed = await post('Quarterly numbers are in.');
    expect(allowed.status).toBe(201);
    await defineRule({ scope: { kind: 'organisation' }, matchType: 'keyword', pattern: 'Klantnummer', action: 'block', publicMessage: 'Klantnummers horen in het CRM.' });
    await waitFor('the rule to reach the feed', async () => (await post('Mijn KLANTNUMMER is 42')).status === 400, 20_000);

    blockedBy(await post('Mijn klantnummer is 42'), 'body.body', 'Klantnummers horen in het CRM.');
    blockedBy(await post('Details inside', { kind: 'organisation' }, 'Het klantnummer'), 'body.title', 'Klantnummers horen in het CRM.');
    // A word that merely contains the keyword passes (whole words only).
    expect((await post('klantnummers-overzicht volgt')).status).toBe(201);

    const postId = allowed.body.id as string;
    blockedBy(await suite.feed.call(author, 'PATCH', `/v1/posts/${postId}`, { body: 'Update: klantnummer 7' }), 'body.body', 'Klantnummers horen in het CRM.');
    blockedBy(await suite.feed.call(author, 'POST', `/v1/posts/${postId}/comments`, { body: 'Klantnummer: 9' }), 'body.body', 'Klantnummers horen in het CRM.');
    const comment = await suite.feed.call(author, 'POST', `/v1/posts/${postId}/comments`, { body: 'Thanks!' });
    expect(comment.status).toBe(201);
    blockedBy(await suite.feed.call(author, 'PATCH', `/v1/comments/${comment.body.id}`, { body: 'klantnummer 9' }), 'body.body', 'Klantnummers horen in het CRM.');
    // Nothing blocked was stored: the post still reads as first published.
    expect((await suite.feed.call(author, 'GET', `/v1/posts/${postId}`)).body.body).toBe('Quarterly numbers are in.');
  }, 60_000);

  it('applies a group rule in that group only', async () => {
    const groupA = (await suite.feed.call(manager, 'POST', '/v1/groups', { name: 'Zeus team', visibility: 'closed' })).body.groupId as string;
    const groupB = (await suite.feed.call(manager, 'POST', '/v1/groups', { name: 'Hera team', visibility: 'closed' })).body.groupId as string;
    for (const g of [groupA, groupB]) expect((await suite.feed.call(manager, 'POST', `/v1/groups/${g}/members/${author}/add`, {})).status).toBeLessThan(300);
    await defineRule({ scope: { kind: 'group', groupId: groupA }, matchType: 'phrase', pattern: 'project zeus', action: 'block', publicMessage: 'Zeus stays in the project room.' });
    const inA = (body: string) => post(body, { kind: 'group', groupId: groupA });
    await waitFor('the group rule to reach the feed', async () => (await inA('About Project Zeus.')).status === 400, 20_000);
    blockedBy(await inA('Over PROJECT-zeus, kort.'), 'body.body', 'Zeus stays in the project room.');
    expect((await post('About Project Zeus.', { kind: 'group', groupId: groupB })).status).toBe(201);
    expect((await post('About Project Zeus.')).status).toBe(201);
  }, 60_000);

  it('blocks with a regular expression (RE2) and stops when the rule is retired; a redelivered definition does not bring it back', async () => {
    const ruleId = await defineRule({ scope: { kind: 'organisation' }, matchType: 'regex', pattern: 'NL\\d{2}[A-Z]{4}\\d{10}', action: 'block', publicMessage: 'No bank account numbers.' });
    const definition = sent[sent.length - 1]!;
    await waitFor('the regex rule', async () => (await post('Pay to nl91abna0417164300')).status === 400, 20_000);
    blockedBy(await post('Pay to NL91ABNA0417164300 please'), 'body.body', 'No bank account numbers.');

    await ruleEvent('organisation', 'moderation.rule.retired', { ruleId, retiredBy: admin });
    await waitFor('the retirement', async () => (await post('Pay to NL91ABNA0417164300')).status === 201, 20_000);
    // Redelivery of the old definition (and of the retirement) changes nothing.
    await sendEnvelope(definition);
    await sendEnvelope(sent[sent.length - 1]!);
    await defineRule({ scope: { kind: 'organisation' }, matchType: 'keyword', pattern: 'markerword', action: 'block', publicMessage: 'marker' });
    await waitFor('events after the redelivery', async () => (await post('markerword')).status === 400, 20_000);
    expect((await post('Pay to NL91ABNA0417164300')).status).toBe(201);
  }, 60_000);

  it('holds content a require-approval rule matches (author only) and asks moderation; approval shows it, rejection removes it, a redelivered approval changes nothing', async () => {
    const reader = newUser();
    await defineRule({ scope: { kind: 'organisation' }, matchType: 'phrase', pattern: 'reorganisatie plan', action: 'require-approval', publicMessage: 'Reorganisation posts are checked first.' });
    let held: Awaited<ReturnType<typeof post>> | undefined;
    await waitFor('the approval rule', async () => {
      held = await post('Het reorganisatie-plan komt eraan.');
      return (await typesOf(`post-${held.body.id}`)).includes('feed.post.hidden');
    }, 20_000);
    const postId = held!.body.id as string;
    await waitFor('the screening on Kafka', async () => screeningOf(postId) !== undefined, 20_000);
    expect(held!.status).toBe(201);
    expect(screeningOf(postId)).toMatchObject({ contentType: 'post', postId, authorId: author, groupId: null, action: 'require-approval', held: true, on: 'published', rules: [expect.objectContaining({ action: 'require-approval', publicMessage: 'Reorganisation posts are checked first.', field: 'body.body' })] });
    // Held: its author reads it, nobody else does.
    expect((await suite.feed.call(author, 'GET', `/v1/posts/${postId}`)).status).toBe(200);
    expect((await suite.feed.call(reader, 'GET', `/v1/posts/${postId}`)).status).toBe(404);
    // A comment that needs approval is held the same way.
    const open = await post('Open question about lunch.');
    const comment = await suite.feed.call(author, 'POST', `/v1/posts/${open.body.id}/comments`, { body: 'Zie het reorganisatie plan.' });
    expect(comment.status).toBe(201);
    await waitFor('the comment screening', async () => screeningOf(comment.body.id as string)?.held === true, 20_000);
    expect((await suite.feed.call(reader, 'GET', `/v1/posts/${open.body.id}/comments`)).body.items).toEqual([]);

    const approval = await decide('approved', 'post', postId, postId);
    await waitFor('approval to show the post', async () => (await suite.feed.call(reader, 'GET', `/v1/posts/${postId}`)).status === 200, 20_000);
    await producer.send({ topic: prefixedTopicName(suite.feed.prefix, moderationApprovalTopic.name), acks: -1, messages: [encodeEnvelope(approval)] });
    await decide('approved', 'comment', comment.body.id as string, open.body.id as string);
    await waitFor('approval to show the comment', async () => (await suite.feed.call(reader, 'GET', `/v1/posts/${open.body.id}/comments`)).body.items.length === 1, 20_000);
    expect((await suite.feed.call(reader, 'GET', `/v1/posts/${postId}`)).status).toBe(200);
    expect(await typesOf(`post-${postId}`)).toEqual(['feed.post.published', 'feed.post.hidden', 'feed.post.restored']);

    const rejected = await post('Nog een reorganisatie plan.');
    await waitFor('its screening', async () => screeningOf(rejected.body.id as string) !== undefined, 20_000);
    await decide('rejected', 'post', rejected.body.id as string, rejected.body.id as string);
    await waitFor('rejection to remove the post', async () => (await suite.feed.call(author, 'GET', `/v1/posts/${rejected.body.id}`)).status === 404, 20_000);
  }, 90_000);

  it('publishes content a flag rule matches and records the flag for moderation', async () => {
    const reader = newUser();
    await defineRule({ scope: { kind: 'organisation' }, matchType: 'keyword', pattern: 'salaris', action: 'flag', publicMessage: 'Salary talk is reviewed.' });
    let flagged: Awaited<ReturnType<typeof post>> | undefined;
    await waitFor('the flag rule', async () => {
      flagged = await post('Wanneer komt het SALARIS?', { kind: 'organisation' }, 'Vraag');
      return (await typesOf(`screening-post:${flagged.body.id}`)).length > 0;
    }, 20_000);
    const postId = flagged!.body.id as string;
    expect(await typesOf(`post-${postId}`)).toEqual(['feed.post.published']);
    await waitFor('the screening on Kafka', async () => screeningOf(postId) !== undefined, 20_000);
    expect(screeningOf(postId)).toMatchObject({ action: 'flag', held: false, rules: [expect.objectContaining({ action: 'flag', field: 'body.body' })] });
    expect((await suite.feed.call(reader, 'GET', `/v1/posts/${postId}`)).status).toBe(200);
    // An edit that still matches is recorded again (on: edited); the post stays visible.
    expect((await suite.feed.call(author, 'PATCH', `/v1/posts/${postId}`, { title: 'Vraag', body: 'Salaris: wanneer?' })).status).toBe(200);
    await waitFor('the edit screening', async () => screenings.some((e) => (e.data as ContentScreenedV1).contentId === postId && (e.data as ContentScreenedV1).on === 'edited'), 20_000);
    expect((await suite.feed.call(reader, 'GET', `/v1/posts/${postId}`)).status).toBe(200);
  }, 60_000);

  it('pre-moderates new members of a group: their first post there is held until approved, later ones publish', async () => {
    const reader = newUser();
    const groupId = (await suite.feed.call(manager, 'POST', '/v1/groups', { name: 'Newcomers', visibility: 'open' })).body.groupId as string;
    expect((await suite.feed.call(manager, 'POST', `/v1/groups/${groupId}/members/${author}/add`, {})).status).toBeLessThan(300);
    await ruleEvent(`group:${groupId}`, 'moderation.rule.premoderation-changed', { newMemberDays: 0, minApprovedPosts: 1, changedBy: admin });
    const inGroup = (body: string) => post(body, { kind: 'group', groupId });
    let first: Awaited<ReturnType<typeof post>> | undefined;
    await waitFor('pre-moderation to reach the feed', async () => {
      first = await inGroup('Hello, I am new here.');
      return (await typesOf(`post-${first.body.id}`)).includes('feed.post.hidden');
    }, 20_000);
    const postId = first!.body.id as string;
    await waitFor('the screening on Kafka', async () => screeningOf(postId) !== undefined, 20_000);
    expect(screeningOf(postId)).toMatchObject({ action: 'require-approval', held: true, newMember: true, groupId, rules: [] });
    expect((await suite.feed.call(reader, 'GET', `/v1/posts/${postId}`)).status).toBe(404);

    await decide('approved', 'post', postId, postId);
    await waitFor('approval', async () => (await suite.feed.call(reader, 'GET', `/v1/posts/${postId}`)).status === 200, 20_000);
    const second = await inGroup('Second post, no longer new.');
    expect(await typesOf(`post-${second.body.id}`)).toEqual(['feed.post.published']);
    // Elsewhere (the organisation) the setting does not apply.
    expect(await typesOf(`post-${(await post('Organisation-wide.')).body.id}`)).toEqual(['feed.post.published']);
  }, 60_000);
});
