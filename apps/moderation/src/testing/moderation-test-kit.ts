import { commentAddedV1, groupCreatedV3, memberJoinedV1, postPublishedV2, type Audience, type MemberRole } from '@plein/feed/contracts';
import { moderationDecisionTopic } from '@plein/moderation/contracts';
import type { ModerationInfrastructure } from '@plein/moderation/infrastructure';
import { exampleEnvelope, prefixedTopicName, type EventContract } from '@plein/shared/contracts';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { decodeEnvelope } from '@plein/shared/messaging';
import type { RunningService } from '@plein/shared/platform';
import { callJson, dropTestDatabase, platformTokens, TestEventPublisher, testIsolation, untilAuthReady, type JsonAnswer } from '@plein/shared/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { bootstrapModeration } from '../bootstrap';

/**
 * The real moderation service in-process against the real servers, with its own database,
 * consumer-group namespace and topic prefix; platform tokens signed with a test key. Feed events
 * (posts, comments, groups, memberships) are published to the prefixed feed topics as the feed
 * would, and every event on the prefixed decision topic is collected (what the feed consumes).
 */
export interface ModerationUnderTest {
  readonly service: RunningService & { infrastructure: ModerationInfrastructure };
  readonly database: string;
  readonly prefix: string;
  /** Every event seen on the prefixed decision topic so far. */
  readonly decisions: EventEnvelope[];
  /** The platform access token the kit signs for the user (what `call` sends). */
  token(user: TestUser): Promise<string>;
  call(user: TestUser, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonAnswer>;
  /** Publishes a feed event to its prefixed feed topic (sequence 1 unless given). */
  publish<T>(contract: EventContract<T>, aggregateId: string, data: T, sequence?: number): Promise<EventEnvelope>;
  publishEnvelope(envelope: EventEnvelope): Promise<void>;
  close(): Promise<void>;
}

export interface TestUser {
  readonly id: string;
  readonly roles: readonly string[];
}
export const person = (roles: string[] = ['employee']): TestUser => ({ id: uuidv7(), roles });

const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

export async function startModeration(env: Record<string, string> = {}): Promise<ModerationUnderTest> {
  const { suffix, database, prefix, env: isolated } = testIsolation('moderation');
  const tokens = await platformTokens();
  const service = await bootstrapModeration({ env: { ...process.env, ...isolated, ...env }, handleSignals: false, authKeys: tokens.keys });
  const token = (user: TestUser) => tokens.token(user.id, user.roles);
  const call: ModerationUnderTest['call'] = async (user, method, path, body, headers = {}) => callJson(service.url, method, path, { token: await token(user), body, headers });
  const kafka = new Kafka({ clientId: 'moderation-test', brokers, logLevel: logLevel.NOTHING });
  const feedEvents = new TestEventPublisher('moderation-test');
  const decisions: EventEnvelope[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: `moderation-test-${suffix}` });
  await consumer.connect();
  await consumer.subscribe({ topic: prefixedTopicName(prefix, moderationDecisionTopic.name), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      decisions.push(decodeEnvelope(message.value));
    },
  });
  const publishEnvelope = async (envelope: EventEnvelope) => {
    const topic = prefixedTopicName(prefix, `${envelope.type.split('.').slice(0, 2).join('.')}.events.v1`);
    await feedEvents.send([envelope], topic);
  };
  const publish: ModerationUnderTest['publish'] = async (contract, aggregateId, data, sequence = 1) => {
    const envelope = exampleEnvelope(contract, { id: uuidv7(), aggregateId, sequence, data, occurredAt: new Date().toISOString() }) as EventEnvelope;
    await publishEnvelope(envelope);
    return envelope;
  };
  const moderation: ModerationUnderTest = {
    service,
    database,
    prefix,
    decisions,
    token,
    call,
    publish,
    publishEnvelope,
    close: async () => {
      await consumer.disconnect().catch(() => undefined);
      await feedEvents.close().catch(() => undefined);
      await service.close();
      await dropTestDatabase(database);
    },
  };
  await untilAuthReady('moderation', async () => (await call(person(), 'GET', '/v1/moderation/reports/mine')).status !== 503);
  return moderation;
}

/** A post as the feed publishes it. */
export async function publishPost(m: ModerationUnderTest, authorId: string, audience: Audience): Promise<string> {
  const postId = uuidv7();
  await m.publish(postPublishedV2, postId, { ...postPublishedV2.example, authorId, audience });
  return postId;
}

export async function publishComment(m: ModerationUnderTest, postId: string, authorId: string, audience: Audience): Promise<string> {
  const commentId = uuidv7();
  await m.publish(commentAddedV1, commentId, { postId, authorId, parentCommentId: null, audience, body: 'A comment.', mentions: [] });
  return commentId;
}

export async function publishGroup(m: ModerationUnderTest, ownerId: string, visibility: 'open' | 'closed' | 'secret'): Promise<string> {
  const groupId = uuidv7();
  await m.publish(groupCreatedV3, groupId, { ...groupCreatedV3.example, ownerId, visibility, audience: { kind: 'group', groupId, visibility } } as never);
  return groupId;
}

export async function publishMember(m: ModerationUnderTest, groupId: string, userId: string, role: MemberRole): Promise<void> {
  await m.publish(memberJoinedV1, uuidv7(), { groupId, userId, role, via: 'added' });
}

/** Polls `check` until it holds (projections and consumers are eventually consistent). */
export { waitFor } from '@plein/shared/testing';
