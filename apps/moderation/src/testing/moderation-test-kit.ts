import { randomBytes } from 'node:crypto';
import { commentAddedV1, groupCreatedV3, memberJoinedV1, postPublishedV2, type Audience, type MemberRole } from '@plein/feed/contracts';
import { moderationDecisionTopic } from '@plein/moderation/contracts';
import type { ModerationInfrastructure } from '@plein/moderation/infrastructure';
import { exampleEnvelope, prefixedTopicName, type EventContract } from '@plein/shared/contracts';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { decodeEnvelope, encodeEnvelope } from '@plein/shared/messaging';
import type { RunningService } from '@plein/shared/platform';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import mongoose from 'mongoose';
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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON responses of many shapes
  call(user: TestUser, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers; text: string }>;
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
  const suffix = randomBytes(4).toString('hex');
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const keys: JWTVerifyGetKey = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256' }] });
  const database = `plein_test_moderation_${suffix}`;
  const prefix = `t${suffix}.`;
  const service = await bootstrapModeration({
    env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'error', MONGODB_DB: database, SERVICE_NAME: `moderation-t${suffix}`, KAFKA_TOPIC_PREFIX: prefix, ...env },
    handleSignals: false,
    authKeys: keys,
  });
  const tokens = new Map<string, string>();
  const token = async (user: TestUser) => {
    const key = `${user.id}|${user.roles.join()}`;
    if (!tokens.has(key)) {
      const jwt = await new SignJWT({ sid: uuidv7(), roles: user.roles })
        .setProtectedHeader({ alg: 'ES256', kid: 'test', typ: 'at+jwt' })
        .setSubject(user.id)
        .setIssuer('http://127.0.0.1:3001')
        .setAudience('plein')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      tokens.set(key, jwt);
    }
    return tokens.get(key)!;
  };
  const call: ModerationUnderTest['call'] = async (user, method, path, body, headers = {}) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(user)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  };
  const kafka = new Kafka({ clientId: 'moderation-test', brokers, logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer();
  await producer.connect();
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
    await producer.send({ topic, acks: -1, messages: [encodeEnvelope(envelope)] });
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
      await producer.disconnect().catch(() => undefined);
      await service.close();
      const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
  // The platform guard answers 503 until its revocation list has caught up.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = await call(person(), 'GET', '/v1/moderation/reports/mine');
    if (probe.status !== 503) break;
    if (Date.now() > deadline) throw new Error('moderation auth never became ready');
    await new Promise((r) => setTimeout(r, 200));
  }
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

/** Polls `check` every 200 ms until it holds (projections and consumers are eventually consistent). */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
