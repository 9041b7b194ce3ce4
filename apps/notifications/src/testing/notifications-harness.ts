import { randomBytes } from 'node:crypto';
import type { ManagementLevel, UserProvisionedV1 } from '@plein/identity/contracts';
import { NotificationsInfrastructure, sourceTopics } from '@plein/notifications/infrastructure';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { encodeEnvelope } from '@plein/shared/messaging';
import type { RunningService } from '@plein/shared/platform';
import { perSuite } from '@plein/shared/testing';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose from 'mongoose';
import { bootstrapNotifications } from '../bootstrap';

/**
 * The notifications service under test: booted in-process against the real servers with its own
 * database, namespace (SERVICE_NAME) and Kafka topic prefix; platform tokens signed with a test
 * key; the other services' events (identity, feed, profiles, moderation) published to the prefixed
 * topics as their relays would. `replica()` boots a second instance on the same database, namespace
 * and prefix (another replica of the same installation).
 */
export interface NotificationsUnderTest {
  readonly service: RunningService;
  readonly infrastructure: NotificationsInfrastructure;
  readonly url: string;
  readonly database: string;
  readonly serviceName: string;
  readonly prefix: string;
  readonly events: UpstreamPublisher;
  token(userId: string): Promise<string>;
  /** Gives a user these roles in their tokens from now on (e.g. `['employee', 'admin']`). */
  withRoles(userId: string, roles: readonly string[]): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of many shapes
  call(userId: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>, base?: string): Promise<{ status: number; headers: Headers; body: any }>;
  /** Another replica of the same installation (same database, namespace and topics). */
  replica(env?: Record<string, string>): Promise<RunningService>;
  close(): Promise<void>;
}

/** Publishes other services' events to the prefixed topics: each aggregate's stream numbered from 1; `published` keeps them for redeliveries. */
export class UpstreamPublisher {
  readonly published: EventEnvelope[] = [];
  private readonly sequences = new Map<string, number>();
  private producer: Producer | undefined;
  private readonly kafka = new Kafka({ clientId: 'notifications-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  readonly topics: ReturnType<typeof sourceTopics>;

  constructor(prefix: string) {
    this.topics = sourceTopics(prefix);
  }

  async publish(topic: string, aggregateType: string, aggregateId: string, type: string, data: unknown, options: { version?: number; actorId?: string } = {}): Promise<EventEnvelope> {
    const key = `${aggregateType}:${aggregateId}`;
    const sequence = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, sequence);
    const envelope: EventEnvelope = {
      id: uuidv7(),
      type,
      version: options.version ?? 1,
      source: `plein/${type.split('.')[0]}`,
      aggregateType,
      aggregateId,
      sequence,
      occurredAt: new Date().toISOString(),
      correlationId: 'notifications-test',
      causationId: uuidv7(),
      actorId: options.actorId ?? 'system:test',
      data,
    };
    await this.send([envelope], topic);
    this.published.push(envelope);
    return envelope;
  }

  /** Sends envelopes as they are (a redelivery sends one again). */
  async send(envelopes: readonly EventEnvelope[], topic: string): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer();
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages: envelopes.map((e) => encodeEnvelope(e)) });
  }

  /** identity.user.provisioned; answers the user id. */
  async person(input: { managerId?: string | null } = {}): Promise<string> {
    const userId = uuidv7();
    const data: UserProvisionedV1 = {
      externalId: `ext-${userId}`,
      userName: `user.${userId.slice(-12)}`,
      displayName: `Person ${userId.slice(-4)}`,
      managementLevel: 'employee' as ManagementLevel,
      badges: [],
      managerId: input.managerId ?? null,
      roles: ['employee'],
    };
    await this.publish(this.topics.people, 'user', userId, 'identity.user.provisioned', data);
    return userId;
  }

  deactivate(userId: string): Promise<EventEnvelope> {
    return this.publish(this.topics.people, 'user', userId, 'identity.user.deactivated', { reason: 'deprovisioned' });
  }

  /** feed.group.created (v3) with its owner, then feed.member.joined for the owner and each member. */
  async group(visibility: 'open' | 'closed' | 'secret', ownerId: string, memberIds: readonly string[] = []): Promise<string> {
    const groupId = uuidv7();
    const audience = { kind: 'group', groupId, visibility };
    await this.publish(this.topics.groups, 'group', groupId, 'feed.group.created', { name: `Group ${groupId.slice(-4)}`, visibility, ownerId, audience }, { version: 3, actorId: ownerId });
    await this.join(groupId, ownerId, 'owner');
    for (const userId of memberIds) await this.join(groupId, userId, 'member');
    return groupId;
  }

  join(groupId: string, userId: string, role: 'member' | 'moderator' | 'owner' = 'member'): Promise<EventEnvelope> {
    return this.publish(this.topics.members, 'member', `${groupId}:${userId}`, 'feed.member.joined', { groupId, userId, role, via: 'joined' }, { actorId: userId });
  }

  /** feed.post.published (v2); answers the post id. */
  async post(authorId: string, input: { audience?: unknown; kind?: string; mentions?: string[]; title?: string; callToAction?: unknown } = {}): Promise<string> {
    const postId = uuidv7();
    await this.publish(
      this.topics.posts,
      'post',
      postId,
      'feed.post.published',
      {
        authorId,
        audience: input.audience ?? { kind: 'organisation' },
        kind: input.kind ?? 'update',
        ...(input.title ? { title: input.title } : {}),
        body: 'Hello there',
        mentions: input.mentions ?? [],
        hashtags: [],
        links: [],
        attachments: [],
        callToAction: input.callToAction ?? { kind: 'fyi' },
      },
      { version: 2, actorId: authorId },
    );
    return postId;
  }

  /** feed.comment.added; answers the comment id. */
  async comment(postId: string, authorId: string, input: { audience?: unknown; parentCommentId?: string; mentions?: string[] } = {}): Promise<string> {
    const commentId = uuidv7();
    await this.publish(
      this.topics.comments,
      'comment',
      commentId,
      'feed.comment.added',
      { postId, authorId, parentCommentId: input.parentCommentId ?? null, audience: input.audience ?? { kind: 'organisation' }, body: 'A comment', mentions: input.mentions ?? [] },
      { actorId: authorId },
    );
    return commentId;
  }

  react(postId: string, userId: string, target: { type: 'post' | 'comment'; id: string } = { type: 'post', id: postId }, audience: unknown = { kind: 'organisation' }): Promise<EventEnvelope> {
    return this.publish(
      this.topics.reactions,
      'reaction',
      `${target.id}:${userId}`,
      'feed.reaction.added',
      { targetType: target.type, targetId: target.id, postId, userId, kind: 'like', audience },
      { version: 2, actorId: userId },
    );
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}

const dropDatabase = async (database: string): Promise<void> => {
  const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
};

export async function startNotifications(env: Record<string, string> = {}): Promise<NotificationsUnderTest> {
  const suffix = randomBytes(4).toString('hex');
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const keys: JWTVerifyGetKey = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256' }] });
  const database = `plein_test_notifications_${suffix}`;
  const serviceName = `notifications-t${suffix}`;
  const prefix = `t${suffix}.`;
  const fullEnv = { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'error', MONGODB_DB: database, SERVICE_NAME: serviceName, KAFKA_TOPIC_PREFIX: prefix, NOTIFICATIONS_STREAM_POLL_MS: '50', ...env };
  const service = await bootstrapNotifications({ env: fullEnv, handleSignals: false, authKeys: keys });
  const replicas: RunningService[] = [];
  const tokens = new Map<string, string>();
  const roles = new Map<string, readonly string[]>();
  const token = async (userId: string): Promise<string> => {
    const claimed = roles.get(userId) ?? ['employee'];
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
  const call: NotificationsUnderTest['call'] = async (userId, method, path, body, headers = {}, base = service.url) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(userId ? { authorization: `Bearer ${await token(userId)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
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
  const events = new UpstreamPublisher(prefix);
  const under: NotificationsUnderTest = {
    service,
    infrastructure: service.app.get(NotificationsInfrastructure),
    url: service.url,
    database,
    serviceName,
    prefix,
    events,
    token,
    withRoles: (userId, given) => void roles.set(userId, given),
    call,
    replica: async (extra = {}) => {
      const replica = await bootstrapNotifications({ env: { ...fullEnv, ...extra }, handleSignals: false, authKeys: keys });
      replicas.push(replica);
      await replica.processors.started;
      return replica;
    },
    close: async () => {
      await events.close();
      // A replica a test closed already closes again without effect.
      for (const replica of replicas) await replica.close().catch(() => undefined);
      await service.close();
      await dropDatabase(database);
    },
  };
  await service.processors.started;
  // Every processor running (a first start can fail while fresh topics get their leaders; it is retried).
  await waitFor('every processor running', async () => service.processors.running, 60_000);
  // The platform guard answers 503 until its revocation list has caught up.
  const deadline = Date.now() + 30_000;
  while ((await call(uuidv7(), 'GET', '/v1/notifications/unread-count')).status === 503) {
    if (Date.now() > deadline) {
      await under.close();
      throw new Error('notifications auth never became ready');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return under;
}

/** One notifications service for the enclosing describe: started in beforeAll, closed in afterAll. */
export function notificationsPerSuite(env: Record<string, string> = {}): { readonly notifications: NotificationsUnderTest } {
  const suite = perSuite(() => startNotifications(env), 'notifications', 120_000);
  return {
    get notifications(): NotificationsUnderTest {
      return suite.current;
    },
  };
}

/** Polls `check` every 100 ms until it holds (the sources are eventually consistent). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until every source consumer has handled everything published so far (lag 0 on each). */
export async function sourcesCaughtUp(n: NotificationsUnderTest): Promise<void> {
  await waitFor('sources caught up', async () => (await Promise.all(n.infrastructure.sources.map((s) => s.lag()))).every((lag) => lag.total === 0));
}

/** An open Server-Sent Events stream: the events parsed so far. */
export interface SseStream {
  readonly events: { id?: string; event?: string; data?: string }[];
  readonly comments: string[];
  readonly status: number;
  close(): void;
}

export async function openStream(url: string, token: string, lastEventId?: string): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(`${url}/v1/notifications/stream`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  const stream: SseStream = { events: [], comments: [], status: res.status, close: () => controller.abort() };
  if (res.status !== 200 || !res.body) return stream;
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: { id?: string; event?: string; data?: string } = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments.push(line);
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = line.slice(6);
          }
          if (event.event) stream.events.push(event);
        }
      }
    } catch {
      // aborted
    }
  })();
  return stream;
}
