import { uuidv7 } from '@plein/shared/kernel';
import type { RunningService } from '@plein/shared/platform';
import { callJson, dropTestDatabase, perSuite, platformTokens, TestEventPublisher, testIsolation, untilAuthReady } from '@plein/shared/testing';
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
  const { database, prefix, env: isolated } = testIsolation('feed');
  const tokens = await platformTokens();
  const service = await bootstrapFeed({ env: { ...process.env, ...isolated, ...env }, handleSignals: false, authKeys: tokens.keys });
  const roles = new Map<string, string[]>();
  const token = (userId: string, given: string[] = ['employee']) => tokens.token(userId, given);
  const call = async (userId: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callJson(service.url, method, path, { token: await token(userId, roles.get(userId)), body, headers });
  const feed: FeedUnderTest & { roles: Map<string, string[]> } = {
    service,
    database,
    prefix,
    token,
    call,
    roles,
    close: async () => {
      await service.close();
      await dropTestDatabase(database);
    },
  };
  await untilAuthReady('feed', async () => (await call(uuidv7(), 'GET', '/v1/follows')).status !== 503);
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
  const identity = new TestEventPublisher('feed-test');
  try {
    const envelopes = userIds.map((userId, k) =>
      identity.envelope('user', userId, 'identity.user.provisioned', {
        externalId: `x-${k}`, userName: `user.${userId.slice(-8)}`, email: `u${k}@example.org`, displayName: `User ${k}`, managementLevel: 'employee', badges: [], managerId: null, roles: ['employee'],
      }),
    );
    await identity.send(envelopes, `${feed.prefix}identity.user.events.v1`);
  } finally {
    await identity.close();
  }
}

/** Polls `check` until it holds (projections and consumers are eventually consistent). */
export { waitFor } from '@plein/shared/testing';
