import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { uuidv7 } from '@plein/shared/kernel';
import type { RunningService } from '@plein/shared/platform';
import mongoose from 'mongoose';
import { Kafka, logLevel } from 'kafkajs';
import { encodeEnvelope } from '@plein/shared/messaging';
import { perSuite } from '@plein/shared/testing';
import { bootstrapFeed } from '../bootstrap';
import type { FeedInfrastructure } from '@plein/feed/infrastructure';

/**
 * Boots the real feed service in-process against the real servers, with its own database,
 * consumer-group namespace and topic prefix, and signs platform access tokens with a test key
 * (the platform guard verifies them exactly as it verifies identity's).
 */
export interface FeedUnderTest {
  readonly service: RunningService & { infrastructure: FeedInfrastructure };
  readonly database: string;
  readonly prefix: string;
  token(userId: string, roles?: string[]): Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON responses of many shapes
  call(userId: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startFeed(env: Record<string, string> = {}): Promise<FeedUnderTest> {
  const suffix = randomBytes(4).toString('hex');
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256' };
  const keys: JWTVerifyGetKey = createLocalJWKSet({ keys: [jwk] });
  const database = `plein_test_feed_${suffix}`;
  const prefix = `t${suffix}.`;
  const service = await bootstrapFeed({
    env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'error', MONGODB_DB: database, SERVICE_NAME: `feed-t${suffix}`, KAFKA_TOPIC_PREFIX: prefix, ...env },
    handleSignals: false,
    authKeys: keys,
  });
  const tokens = new Map<string, string>();
  const token = async (userId: string, roles: string[] = ['employee']) => {
    const key = `${userId}|${roles.join()}`;
    if (!tokens.has(key)) {
      const jwt = await new SignJWT({ sid: uuidv7(), roles })
        .setProtectedHeader({ alg: 'ES256', kid: 'test', typ: 'at+jwt' })
        .setSubject(userId)
        .setIssuer('http://127.0.0.1:3001')
        .setAudience('plein')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      tokens.set(key, jwt);
    }
    return tokens.get(key)!;
  };
  const roles = new Map<string, string[]>();
  const call = async (userId: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(userId, roles.get(userId))}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const feed: FeedUnderTest & { roles: Map<string, string[]> } = {
    service,
    database,
    prefix,
    token,
    call,
    roles,
    close: async () => {
      await service.close();
      const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
  // The platform guard answers 503 until its revocation list has caught up.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = await call(uuidv7(), 'GET', '/v1/follows');
    if (probe.status !== 503) break;
    if (Date.now() > deadline) throw new Error('feed auth never became ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  return feed;
}

export interface FeedSuite {
  /** The feed of the enclosing describe; started before its first test. */
  readonly feed: FeedUnderTest;
}

/**
 * One feed for the enclosing describe: started in beforeAll with `env` (within 120 s), `roles`
 * given to their users (user id to roles, as withRoles), closed in afterAll.
 */
export function feedPerSuite(env: Record<string, string> = {}, roles: Record<string, string[]> = {}): FeedSuite {
  const suite = perSuite(
    async () => {
      const feed = await startFeed(env);
      for (const [userId, userRoles] of Object.entries(roles)) withRoles(feed, userId, userRoles);
      return feed;
    },
    'feed',
    120_000,
  );
  return {
    get feed(): FeedUnderTest {
      return suite.current;
    },
  };
}

/** Gives a user roles in their tokens (the feed acts on token roles until identity's events arrive). */
export function withRoles(feed: FeedUnderTest, userId: string, roles: string[]): void {
  (feed as unknown as { roles: Map<string, string[]> }).roles.set(userId, roles);
}

export const newUser = (): string => uuidv7();

/** Publishes identity.user.provisioned for these users to the feed's (prefixed) identity topic. */
export async function provisionUsers(feed: FeedUnderTest, userIds: readonly string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'feed-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    const messages = userIds.map((userId, k) =>
      encodeEnvelope({
        id: uuidv7(), type: 'identity.user.provisioned', version: 1, source: 'plein/identity', aggregateType: 'user', aggregateId: userId, sequence: 1,
        occurredAt: new Date().toISOString(), correlationId: 'test', causationId: uuidv7(), actorId: 'system:test',
        data: { externalId: `x-${k}`, userName: `user.${userId.slice(-8)}`, email: `u${k}@example.org`, displayName: `User ${k}`, managementLevel: 'employee', badges: [], managerId: null, roles: ['employee'] },
      }),
    );
    await producer.send({ topic: `${feed.prefix}identity.user.events.v1`, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/** Polls `check` every 250 ms until it holds (projections and consumers are eventually consistent). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
