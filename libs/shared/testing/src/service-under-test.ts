/**
 * The pieces every service's int-test harness shares: a private database, namespace, topic prefix
 * and index prefix per instance; platform access tokens signed with a test key (the platform guard
 * verifies them exactly as it verifies identity's); JSON calls with a caller's token; waiting until
 * something eventually consistent holds; other services' events published to the prefixed topics.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { encodeEnvelope } from '@plein/shared/messaging';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import mongoose from 'mongoose';

/** What keeps one instance under test apart from every other run on the same servers. */
export interface TestIsolation {
  /** Random hex shared by every name below. */
  readonly suffix: string;
  /** MONGODB_DB: `plein_test_<service>_<suffix>`. */
  readonly database: string;
  /** SERVICE_NAME: `<service>-t<suffix>`, the namespace of its collections and consumer groups. */
  readonly serviceName: string;
  /** KAFKA_TOPIC_PREFIX: `t<suffix>.` (identity's topic is `<prefix>identity.user.events.v1`). */
  readonly prefix: string;
  /** ELASTICSEARCH_INDEX_PREFIX: `t<suffix>-` (only in `env` when asked for). */
  readonly indexPrefix: string;
  /** The service's environment: HTTP_PORT 0, LOG_LEVEL error and the names above. */
  readonly env: Record<string, string>;
}

export function testIsolation(service: string, options: { elasticsearch?: boolean } = {}): TestIsolation {
  const suffix = randomBytes(4).toString('hex');
  const database = `plein_test_${service}_${suffix}`;
  const serviceName = `${service}-t${suffix}`;
  const prefix = `t${suffix}.`;
  const indexPrefix = `t${suffix}-`;
  const env: Record<string, string> = {
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    MONGODB_DB: database,
    SERVICE_NAME: serviceName,
    KAFKA_TOPIC_PREFIX: prefix,
    ...(options.elasticsearch ? { ELASTICSEARCH_INDEX_PREFIX: indexPrefix } : {}),
  };
  return { suffix, database, serviceName, prefix, indexPrefix, env };
}

/** Drops a test database (MONGODB_URI or the local server); a missing one is no error. */
export async function dropTestDatabase(database: string): Promise<void> {
  const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
}

/** Deletes every index (versions and aliases) under a test index prefix (ELASTICSEARCH_URL or the local server). */
export async function deleteTestIndices(indexPrefix: string): Promise<void> {
  const elasticsearch = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });
  await elasticsearch.indices.delete({ index: `${indexPrefix}*` }, { ignore: [404] }).catch(() => undefined);
  await elasticsearch.close();
}

/**
 * Platform access tokens signed with a fresh test key: pass `keys` to the service's bootstrap
 * (`authKeys`) and it verifies them as it verifies identity's. A person's roles are the ones given,
 * else those `withRoles` set, else `employee`; a token is signed once per person and roles.
 */
export interface PlatformTokens {
  readonly keys: JWTVerifyGetKey;
  token(userId: string, roles?: readonly string[]): Promise<string>;
  /** Gives a user these roles in their tokens from now on (e.g. `['employee', 'admin']`). */
  withRoles(userId: string, roles: readonly string[]): void;
}

export async function platformTokens(): Promise<PlatformTokens> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256' }] });
  const roles = new Map<string, readonly string[]>();
  const tokens = new Map<string, Promise<string>>();
  return {
    keys,
    withRoles: (userId, given) => void roles.set(userId, given),
    token: (userId, given) => {
      const claimed = given ?? roles.get(userId) ?? ['employee'];
      const key = `${userId}|${claimed.join()}`;
      let token = tokens.get(key);
      if (!token) {
        token = new SignJWT({ sid: uuidv7(), roles: [...claimed] })
          .setProtectedHeader({ alg: 'ES256', kid: 'test', typ: 'at+jwt' })
          .setSubject(userId)
          .setIssuer('http://127.0.0.1:3001')
          .setAudience('plein')
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(privateKey);
        tokens.set(key, token);
      }
      return token;
    },
  };
}

/** An HTTP answer: `body` is the parsed JSON, the text when it is not JSON, null when empty. */
export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of many shapes
  readonly body: any;
  readonly text: string;
}

/**
 * One request to `<url><path>` with the bearer token when given; an object body is sent as JSON, a
 * string body as it is (malformed JSON on purpose).
 */
export async function callJson(url: string, method: string, path: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonAnswer> {
  const { token, body, headers = {} } = options;
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/**
 * The data of identity's `identity.user.provisioned` (v1) for a test person: an employee, names
 * derived from the id, no manager; `overrides` replace fields (typed by the caller's contract type).
 */
export function testPerson(userId: string, overrides: { readonly managerId?: string | null } = {}) {
  return {
    externalId: `ext-${userId}`,
    userName: `user.${userId.slice(-12)}`,
    displayName: `Person ${userId.slice(-4)}`,
    managementLevel: 'employee' as const,
    badges: [] as never[],
    managerId: overrides.managerId ?? null,
    roles: ['employee' as const],
  };
}

/** Polls `check` every `intervalMs` until it holds (projections and consumers are eventually consistent). */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Waits until the service's platform guard lets requests through (it answers 503 until its
 * revocation list has caught up): `passes` makes a request and says whether it got past the guard.
 * When it never does within 30 s, `close` cleans up and the error names the service.
 */
export async function untilAuthReady(service: string, passes: () => Promise<boolean>, close?: () => Promise<void>): Promise<void> {
  try {
    await waitFor(`${service} auth to be ready`, passes, 30_000);
  } catch (error) {
    await close?.();
    throw error;
  }
}

/**
 * Publishes envelopes to Kafka topics as another service's relay would (one producer, connected on
 * first use): `publish` numbers each aggregate's stream from 1; every envelope sent is kept in
 * `published` (with its topic in `sent`) so a test can redeliver one.
 */
export class TestEventPublisher {
  readonly published: EventEnvelope[] = [];
  readonly sent: { readonly topic: string; readonly envelope: EventEnvelope }[] = [];
  private readonly sequences = new Map<string, number>();
  private producer: Producer | undefined;
  private readonly kafka: Kafka;

  constructor(readonly clientId: string) {
    this.kafka = new Kafka({ clientId, brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  }

  admin(): Admin {
    return this.kafka.admin();
  }

  /** The next envelope of an aggregate's stream (numbered per aggregate type and id); source `plein/<first part of type>`. */
  envelope(aggregateType: string, aggregateId: string, type: string, data: unknown, options: { version?: number; actorId?: string; occurredAt?: string } = {}): EventEnvelope {
    const key = `${aggregateType}:${aggregateId}`;
    const sequence = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, sequence);
    return {
      id: uuidv7(),
      type,
      version: options.version ?? 1,
      source: `plein/${type.split('.')[0]!}`,
      aggregateType,
      aggregateId,
      sequence,
      occurredAt: options.occurredAt ?? new Date().toISOString(),
      correlationId: this.clientId,
      causationId: uuidv7(),
      actorId: options.actorId ?? 'system:test',
      data,
    };
  }

  /** The next envelope of the aggregate's stream, sent to `topic`. */
  async publish(topic: string, aggregateType: string, aggregateId: string, type: string, data: unknown, options: { version?: number; actorId?: string; occurredAt?: string } = {}): Promise<EventEnvelope> {
    const envelope = this.envelope(aggregateType, aggregateId, type, data, options);
    await this.resend([envelope], topic);
    this.keep([envelope], topic);
    return envelope;
  }

  /** Sends envelopes as they are (a redelivery sends one again) and keeps them. */
  async send(envelopes: readonly EventEnvelope[], topic: string): Promise<void> {
    await this.resend(envelopes, topic);
    this.keep(envelopes, topic);
  }

  /** Sends envelopes as they are without keeping them (a redelivery of what was kept). */
  async resend(envelopes: readonly EventEnvelope[], topic: string): Promise<void> {
    if (envelopes.length === 0) return;
    if (!this.producer) {
      this.producer = this.kafka.producer();
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages: envelopes.map((e) => encodeEnvelope(e)) });
  }

  private keep(envelopes: readonly EventEnvelope[], topic: string): void {
    for (const envelope of envelopes) {
      this.published.push(envelope);
      this.sent.push({ topic, envelope });
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
