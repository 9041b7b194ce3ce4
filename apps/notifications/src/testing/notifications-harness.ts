import type { IdeaJamScheduledV1 } from '@plein/feed/contracts';
import type { UserProvisionedV1 } from '@plein/identity/contracts';
import type { Notification } from '@plein/notifications/domain';
import { followTopic, jamTopic, NotificationsInfrastructure, sourceTopics } from '@plein/notifications/infrastructure';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import type { RunningService } from '@plein/shared/platform';
import { callJson, dropTestDatabase, perSuiteAs, platformTokens, TestEventPublisher, testIsolation, testPerson, untilAuthReady, waitFor, type JsonAnswer } from '@plein/shared/testing';
import { bootstrapNotifications } from '../bootstrap';

/**
 * The notifications service under test: booted in-process against the real servers with its own
 * database, namespace (SERVICE_NAME) and Kafka topic prefix (testIsolation); platform tokens signed
 * with a test key (platformTokens); the other services' events (identity, feed, profiles,
 * moderation) published to the prefixed topics as their relays would (TestEventPublisher).
 * `replica()` boots a second instance on the same database, namespace and prefix (another replica
 * of the same installation).
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
  call(userId: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonAnswer>;
  /** The person's inbox over HTTP (newest first, up to 100 items); throws on any answer but 200. */
  inbox(userId: string): Promise<Notification[]>;
  /** The person's unread count over HTTP; throws on any answer but 200. */
  unread(userId: string): Promise<number>;
  /** Another replica of the same installation (same database, namespace and topics). */
  replica(env?: Record<string, string>): Promise<RunningService>;
  close(): Promise<void>;
}

/** The upstream topics the service reads, after the test's prefix. */
export const upstreamTopics = (prefix: string) => ({ ...sourceTopics(prefix), jams: jamTopic(prefix), follows: followTopic(prefix) });

/** Publishes other services' events to the prefixed topics: each aggregate's stream numbered from 1; `published` keeps them for redeliveries. */
export class UpstreamPublisher extends TestEventPublisher {
  readonly topics: ReturnType<typeof upstreamTopics>;

  constructor(prefix: string) {
    super('notifications-test');
    this.topics = upstreamTopics(prefix);
  }

  /** identity.user.provisioned; answers the user id. */
  async person(input: { managerId?: string | null } = {}): Promise<string> {
    const userId = uuidv7();
    const data: UserProvisionedV1 = testPerson(userId, input);
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

  /** feed.follow.started (or stopped) of a person by a person. */
  follow(followerId: string, userId: string, following = true): Promise<EventEnvelope> {
    const type = following ? 'feed.follow.started' : 'feed.follow.stopped';
    return this.publish(this.topics.follows, 'follow', `${followerId}:person:${userId}`, type, { followerId, target: { kind: 'person', userId } }, { actorId: followerId });
  }

  /** feed.ideajam.scheduled; answers the jam id. */
  async jam(managerId: string, input: Pick<IdeaJamScheduledV1, 'opensAt' | 'closesAt'> & Partial<IdeaJamScheduledV1>): Promise<string> {
    const jamId = uuidv7();
    const data: IdeaJamScheduledV1 = { managerId, audience: { kind: 'organisation' }, title: 'Paperless by summer', question: 'How do we halve our paper use?', votesPerPerson: 3, ...input };
    await this.publish(this.topics.jams, 'ideajam', jamId, 'feed.ideajam.scheduled', data, { actorId: managerId });
    return jamId;
  }

  /** feed.ideajam.closed (`early`: before closesAt) by `actorId`, at `occurredAt`. */
  closeJam(jamId: string, actorId: string, early: boolean, occurredAt?: string): Promise<EventEnvelope> {
    return this.publish(this.topics.jams, 'ideajam', jamId, 'feed.ideajam.closed', { early }, { actorId, ...(occurredAt ? { occurredAt } : {}) });
  }

  cancelJam(jamId: string, actorId: string, audience: unknown = { kind: 'organisation' }): Promise<EventEnvelope> {
    return this.publish(this.topics.jams, 'ideajam', jamId, 'feed.ideajam.cancelled', { audience }, { version: 2, actorId });
  }
}

export async function startNotifications(env: Record<string, string> = {}): Promise<NotificationsUnderTest> {
  const { database, serviceName, prefix, env: isolated } = testIsolation('notifications');
  const tokens = await platformTokens();
  const fullEnv = { ...process.env, ...isolated, NOTIFICATIONS_STREAM_POLL_MS: '50', ...env };
  const service = await bootstrapNotifications({ env: fullEnv, handleSignals: false, authKeys: tokens.keys });
  const replicas: RunningService[] = [];
  const call: NotificationsUnderTest['call'] = async (userId, method, path, body, headers = {}) => callJson(service.url, method, path, { token: userId ? await tokens.token(userId) : null, body, headers });
  const events = new UpstreamPublisher(prefix);
  const ok = async (userId: string, path: string): Promise<JsonAnswer> => {
    const res = await call(userId, 'GET', path);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  };
  const under: NotificationsUnderTest = {
    service,
    infrastructure: service.app.get(NotificationsInfrastructure),
    url: service.url,
    database,
    serviceName,
    prefix,
    events,
    token: (userId) => tokens.token(userId),
    withRoles: tokens.withRoles,
    call,
    inbox: async (userId) => (await ok(userId, '/v1/notifications?limit=100')).body.items as Notification[],
    unread: async (userId) => (await ok(userId, '/v1/notifications/unread-count')).body.unread as number,
    replica: async (extra = {}) => {
      const replica = await bootstrapNotifications({ env: { ...fullEnv, ...extra }, handleSignals: false, authKeys: tokens.keys });
      replicas.push(replica);
      await replica.processors.started;
      return replica;
    },
    close: async () => {
      await events.close();
      // A replica a test closed already closes again without effect.
      for (const replica of replicas) await replica.close().catch(() => undefined);
      await service.close();
      await dropTestDatabase(database);
    },
  };
  await service.processors.started;
  // Every processor running (a first start can fail while fresh topics get their leaders; it is retried).
  await waitFor('every processor running', async () => service.processors.running, 60_000);
  await untilAuthReady('notifications', async () => (await call(uuidv7(), 'GET', '/v1/notifications/unread-count')).status !== 503, under.close);
  return under;
}

/** One notifications service for the enclosing describe: started in beforeAll, closed in afterAll. */
export function notificationsPerSuite(env: Record<string, string> = {}): { readonly notifications: NotificationsUnderTest } {
  return perSuiteAs('notifications', () => startNotifications(env), 120_000);
}

/** Polls `check` until it holds (the sources are eventually consistent). */
export { waitFor } from '@plein/shared/testing';

/** Waits until every source consumer has handled everything published so far (lag 0 on each). */
export async function sourcesCaughtUp(n: NotificationsUnderTest): Promise<void> {
  await waitFor('sources caught up', async () => (await Promise.all(n.infrastructure.sources.map((s) => s.lag()))).every((lag) => lag.total === 0), 30_000, 100);
}

/** Waits until the projections (preferences, followers) have handled everything published so far. */
export async function projectionsCaughtUp(n: NotificationsUnderTest): Promise<void> {
  await waitFor('projections caught up', async () => (await n.infrastructure.host.lag()).every((lag) => lag.total === 0), 30_000, 100);
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
