import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import type { ManagementLevel, UserAttributesChangedV1, UserProvisionedV1 } from '@plein/identity/contracts';
import { encodeEnvelope } from '@plein/shared/messaging';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { perSuite } from '@plein/shared/testing';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose from 'mongoose';
import { bootstrapProfiles, type RunningProfiles } from '../bootstrap';

/**
 * The profiles service under test: booted in-process against the real servers with its own
 * database (`plein_test_profiles_<hex>`), collection/consumer-group namespace (SERVICE_NAME),
 * Kafka topic prefix and Elasticsearch index prefix; platform tokens signed with a test key that
 * the platform guard verifies exactly as it verifies identity's; identity's user events published
 * to the prefixed identity topic as identity would.
 *
 *   const suite = profilesPerSuite();
 *   const alice = await suite.profiles.identity.provision({ displayName: 'Alice' });
 *   await waitFor('alice', async () => (await suite.profiles.call(alice, 'GET', `/v1/profiles/${alice}`)).status === 200);
 */
export interface ProfilesUnderTest {
  readonly service: RunningProfiles;
  readonly url: string;
  readonly database: string;
  /** SERVICE_NAME: the namespace of its collections and consumer groups. */
  readonly serviceName: string;
  /** KAFKA_TOPIC_PREFIX, e.g. `t1a2b3c4d.` (identity's topic is `<prefix>identity.user.events.v1`). */
  readonly prefix: string;
  /** ELASTICSEARCH_INDEX_PREFIX of this instance. */
  readonly indexPrefix: string;
  readonly identity: IdentityPublisher;
  /** A platform access token for the user (roles default to `employee`, or as `withRoles` set them). */
  token(userId: string, roles?: readonly string[]): Promise<string>;
  /** Gives a user these roles in their tokens from now on (e.g. `['employee', 'admin']`). */
  withRoles(userId: string, roles: readonly string[]): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of many shapes
  call(userId: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/** Attributes of a provisioned person; everything has a default. */
export type PersonInput = Partial<Omit<UserProvisionedV1, 'roles' | 'badges'>> & { readonly userId?: string; readonly roles?: UserProvisionedV1['roles'] };

/**
 * Publishes identity.user.* events for people, as identity's relay would: keyed by user id, each
 * person's stream numbered from 1. `published` keeps every envelope so a test can redeliver one.
 */
export class IdentityPublisher {
  readonly published: EventEnvelope[] = [];
  private readonly sequences = new Map<string, number>();
  private producer: Producer | undefined;
  private readonly kafka = new Kafka({ clientId: 'profiles-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });

  constructor(readonly topic: string) {}

  /** identity.user.provisioned; answers the user id. */
  async provision(input: PersonInput = {}): Promise<string> {
    const userId = input.userId ?? uuidv7();
    const { userId: _ignored, roles, ...attributes } = input;
    const data: UserProvisionedV1 = {
      externalId: `ext-${userId}`,
      userName: `user.${userId.slice(-12)}`,
      displayName: `Person ${userId.slice(-4)}`,
      managementLevel: 'employee' as ManagementLevel,
      badges: [],
      managerId: null,
      ...attributes,
      roles: roles ?? ['employee'],
    };
    await this.publish(userId, 'identity.user.provisioned', data);
    return userId;
  }
  attributesChanged(userId: string, changes: UserAttributesChangedV1['changes']): Promise<EventEnvelope> {
    return this.publish(userId, 'identity.user.attributes-changed', { changes });
  }
  managerChanged(userId: string, managerId: string | null, previousManagerId: string | null = null): Promise<EventEnvelope> {
    return this.publish(userId, 'identity.user.manager-changed', { managerId, previousManagerId });
  }
  deactivated(userId: string): Promise<EventEnvelope> {
    return this.publish(userId, 'identity.user.deactivated', { reason: 'deprovisioned' });
  }
  reactivated(userId: string): Promise<EventEnvelope> {
    return this.publish(userId, 'identity.user.reactivated', {});
  }
  /** identity.user.deleted, preceded by deactivated as identity always does. */
  async deleted(userId: string): Promise<EventEnvelope> {
    await this.deactivated(userId);
    return this.publish(userId, 'identity.user.deleted', {});
  }

  /** The next event of the person's stream. */
  async publish(userId: string, type: string, data: unknown): Promise<EventEnvelope> {
    const sequence = (this.sequences.get(userId) ?? 0) + 1;
    this.sequences.set(userId, sequence);
    const envelope: EventEnvelope = {
      id: uuidv7(), type, version: 1, source: 'plein/identity', aggregateType: 'user', aggregateId: userId, sequence,
      occurredAt: new Date().toISOString(), correlationId: 'profiles-test', causationId: uuidv7(), actorId: 'system:test', data,
    };
    await this.send([envelope]);
    this.published.push(envelope);
    return envelope;
  }

  /** Sends envelopes as they are (a redelivery sends one again), to identity's topic or another one. */
  async send(envelopes: readonly EventEnvelope[], topic: string = this.topic): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer();
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages: envelopes.map((e) => encodeEnvelope(e)) });
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}

export async function startProfiles(env: Record<string, string> = {}): Promise<ProfilesUnderTest> {
  const suffix = randomBytes(4).toString('hex');
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const keys: JWTVerifyGetKey = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256' }] });
  const database = `plein_test_profiles_${suffix}`;
  const serviceName = `profiles-t${suffix}`;
  const prefix = `t${suffix}.`;
  const indexPrefix = `t${suffix}-`;
  const service = await bootstrapProfiles({
    env: {
      ...process.env,
      HTTP_PORT: '0',
      LOG_LEVEL: 'error',
      MONGODB_DB: database,
      SERVICE_NAME: serviceName,
      KAFKA_TOPIC_PREFIX: prefix,
      ELASTICSEARCH_INDEX_PREFIX: indexPrefix,
      ...env,
    },
    handleSignals: false,
    authKeys: keys,
  });
  const roles = new Map<string, readonly string[]>();
  const tokens = new Map<string, string>();
  const token = async (userId: string, given?: readonly string[]) => {
    const claimed = given ?? roles.get(userId) ?? ['employee'];
    const key = `${userId}|${claimed.join()}`;
    if (!tokens.has(key)) {
      const jwt = await new SignJWT({ sid: uuidv7(), roles: [...claimed] })
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
  const call: ProfilesUnderTest['call'] = async (userId, method, path, body, headers = {}) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        ...(userId ? { authorization: `Bearer ${await token(userId)}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  const identity = new IdentityPublisher(`${prefix}identity.user.events.v1`);
  const profiles: ProfilesUnderTest = {
    service,
    url: service.url,
    database,
    serviceName,
    prefix,
    indexPrefix,
    identity,
    token,
    withRoles: (userId, given) => roles.set(userId, given),
    call,
    close: async () => {
      await identity.close();
      await service.close();
      // The private index versions and aliases (the search part) go with the database.
      const elasticsearch = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });
      await elasticsearch.indices.delete({ index: `${indexPrefix}*` }, { ignore: [404] }).catch(() => undefined);
      await elasticsearch.close();
      const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
  // The platform guard answers 503 until its revocation list has caught up.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = await call(uuidv7(), 'GET', '/v1/profiles/taxonomy?limit=1');
    if (probe.status !== 503) break;
    if (Date.now() > deadline) {
      await profiles.close();
      throw new Error('profiles auth never became ready');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return profiles;
}

export interface ProfilesSuite {
  /** The profiles service of the enclosing describe; started before its first test. */
  readonly profiles: ProfilesUnderTest;
}

/** One profiles service for the enclosing describe: started in beforeAll with `env` (within 120 s), closed in afterAll. */
export function profilesPerSuite(env: Record<string, string> = {}): ProfilesSuite {
  const suite = perSuite(() => startProfiles(env), 'profiles', 120_000);
  return {
    get profiles(): ProfilesUnderTest {
      return suite.current;
    },
  };
}

/** Polls `check` every 200 ms until it holds (projections and consumers are eventually consistent). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until the profile core's projections have consumed everything published so far (consumer
 * lag 0 on every topic they read): after it, a redelivered event has been applied or skipped.
 */
export async function projectionsCaughtUp(profiles: ProfilesUnderTest): Promise<void> {
  await waitFor('projections caught up', async () => (await profiles.service.infrastructure.host.lag()).every((lag) => lag.total === 0));
}

/**
 * Sends the stored events of one profiles stream (e.g. `profile-<userId>`) to its topic again, as a
 * redelivery would: all of them, or those up to `upToSequence` (an old event arriving late).
 */
export async function redeliverStream(profiles: ProfilesUnderTest, streamId: string, upToSequence = Number.MAX_SAFE_INTEGER): Promise<number> {
  const stream = await profiles.service.infrastructure.store.readStream(streamId);
  const events = (stream?.events ?? []).filter((e) => e.sequence <= upToSequence);
  if (events.length > 0) await profiles.identity.send(events, profiles.service.infrastructure.topics.topicFor(events[0]!));
  return events.length;
}

/** Waits until the person's profile answers 200 to them (identity's provisioned event projected). */
export async function waitForProfile(profiles: ProfilesUnderTest, userId: string, viewer: string = userId): Promise<void> {
  await waitFor(`profile ${userId}`, async () => (await profiles.call(viewer, 'GET', `/v1/profiles/${userId}`)).status === 200);
}
