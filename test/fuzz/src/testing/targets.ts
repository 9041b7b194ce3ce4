import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import mongoose from 'mongoose';
import { uuidv7 } from '@plein/shared/kernel';
import type { RunningService } from '@plein/shared/platform';
import { newUser, startFeed, withRoles, type FeedUnderTest } from '../../../../apps/feed/src/testing/feed-test-kit';
import { signIn, startHarness, type Harness } from '../../../../apps/identity/src/testing/identity-harness';
import { bootstrapModeration } from '../../../../apps/moderation/src/bootstrap';
import { bootstrapNotifications } from '../../../../apps/notifications/src/bootstrap';
import { bootstrapProfiles } from '../../../../apps/profiles/src/bootstrap';
import { fetchOpenApi, type FuzzTarget } from '../openapi-fuzz';

/**
 * Each service booted in-process against the real servers (own database, topic prefix), its
 * OpenAPI document, principals with real tokens, and ids of real content for the fuzzer's hints.
 */
export interface BootedTarget {
  /** Undefined when the service serves no OpenAPI document (`missing` says what was tried). */
  readonly target?: FuzzTarget;
  readonly missing?: string;
  close(): Promise<void>;
}

/** A well-formed JWT signed by nobody we trust. */
const FORGED = 'Bearer eyJhbGciOiJFUzI1NiIsImtpZCI6InRlc3QiLCJ0eXAiOiJhdCtqd3QifQ.eyJzdWIiOiIwMTkwYTViNC0yYzNkLTdlOGYtOWEwYi0xYzJkM2U0ZjVhNmIiLCJyb2xlcyI6WyJhZG1pbiJdfQ.AAAA';

const baseAuth = (principal: string, bearer: (p: string) => string | undefined): Record<string, string> => {
  if (principal === 'anonymous') return {};
  if (principal === 'forged') return { authorization: FORGED };
  const token = bearer(principal);
  return token ? { authorization: `Bearer ${token}` } : {};
};

async function withDocument(name: string, url: string, extra: Omit<FuzzTarget, 'name' | 'url' | 'doc'>, close: () => Promise<void>): Promise<BootedTarget> {
  const found = await fetchOpenApi(url);
  if ('error' in found) return { missing: found.error, close };
  return { target: { name, url, doc: found.doc, ...extra }, close };
}

/** The feed with a small world: groups (open and secret), a post, a comment, a jam, an agenda item. */
export async function bootFeedTarget(): Promise<BootedTarget & { feed: FeedUnderTest }> {
  const feed = await startFeed({ FEED_CONSUMERS: 'off' });
  const employee = newUser();
  const admin = newUser();
  withRoles(feed, admin, ['employee', 'admin', 'moderator', 'community-manager']);
  const ok = async (what: string, answer: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const res = await answer;
    if (res.status >= 300) throw new Error(`seeding the feed: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  const open = (await ok('open group', feed.call(admin, 'POST', '/v1/groups', { name: 'Fuzz open', visibility: 'open' })))['groupId'] as string;
  const secret = (await ok('secret group', feed.call(admin, 'POST', '/v1/groups', { name: 'Fuzz secret', visibility: 'secret' })))['groupId'] as string;
  await ok('join', feed.call(employee, 'POST', `/v1/groups/${open}/join`, {}));
  const post = (await ok('post', feed.call(employee, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'question', body: 'Fuzz #fuzz', callToAction: { kind: 'answer' } })))['id'] as string;
  const poll = (await ok('poll', feed.call(employee, 'POST', '/v1/posts', { audience: { kind: 'group', groupId: open }, kind: 'update', body: 'Poll', callToAction: { kind: 'vote', options: ['a', 'b'], maxChoices: 1 } })))['id'] as string;
  const comment = (await ok('comment', feed.call(admin, 'POST', `/v1/posts/${post}/comments`, { body: 'An answer' })))['id'] as string;
  const jam = (await ok('jam', feed.call(admin, 'POST', '/v1/jams', { audience: { kind: 'organisation' }, title: 'Fuzz jam', question: 'What?', closesAt: inDays(7) })))['jamId'] as string;
  const idea = (await ok('idea', feed.call(employee, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'idea', body: 'An idea', callToAction: { kind: 'share-ideas' }, jamId: jam })))['id'] as string;
  const agenda = (await ok('agenda', feed.call(admin, 'POST', '/v1/agenda', { audience: { kind: 'organisation' }, details: { kind: 'event', title: 'Fuzz meetup', startsAt: inDays(3), endsAt: inDays(3.1), capacity: 5 } })))['agendaItemId'] as string;
  const tokens: Record<string, string> = { employee: await feed.token(employee), admin: await feed.token(admin, ['employee', 'admin', 'moderator', 'community-manager']) };
  const booted = await withDocument(
    'feed',
    feed.service.url,
    {
      principals: ['employee', 'admin'],
      hints: {
        postId: [post, poll, idea, secret],
        parentCommentId: [comment],
        commentId: [comment],
        groupId: [open, secret],
        jamId: [jam],
        ideaId: [idea, post],
        agendaItemId: [agenda],
        userId: [employee, admin, uuidv7()],
        kind: ['person', 'group', 'hashtag'],
        key: [employee, open, secret, 'fuzz'],
        tag: ['fuzz', 'secret'],
        action: ['approve', 'decline', 'invite', 'add', 'remove', 'change-role'],
      },
      auth: (principal) => baseAuth(principal, (p) => tokens[p]),
    },
    () => feed.close(),
  );
  return { ...booted, feed };
}

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Identity with the development IdP: an admin and an employee signed in, a SCIM-provisioned user and group. */
export async function bootIdentityTarget(): Promise<BootedTarget & { harness: Harness }> {
  // Rate limits high enough that the fuzzer reaches the handlers (the limiter has its own tests).
  const harness = await startHarness({ env: { IDENTITY_BOOTSTRAP_ADMINS: 'wouter.schouten@demo.plein.dev', LOG_LEVEL: 'error', RATE_LIMIT_LOGIN_PER_MINUTE: '100000', RATE_LIMIT_SCIM_PER_MINUTE: '100000' } });
  const admin = (await signIn(harness, 'wouter.schouten')).accessToken;
  const employee = (await signIn(harness, 'julia.hoekstra')).accessToken;
  const userName = `fuzz.${randomBytes(3).toString('hex')}@scim.test`;
  const created = await harness.scim('POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
    userName,
    externalId: `ext-${userName}`,
    name: { givenName: 'Fuzz', familyName: 'Target' },
    emails: [{ value: userName, type: 'work', primary: true }],
  });
  if (created.status !== 201) throw new Error(`seeding identity: SCIM create answered ${created.status} ${JSON.stringify(created.body)}`);
  const userId = created.body['id'] as string;
  const group = await harness.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Fuzz ${userName}`, members: [{ value: userId }] });
  if (group.status !== 201) throw new Error(`seeding identity: SCIM group answered ${group.status} ${JSON.stringify(group.body)}`);
  const groupId = group.body['id'] as string;
  const tokens: Record<string, string> = { employee, admin };
  const booted = await withDocument(
    'identity',
    harness.url,
    {
      principals: ['employee', 'admin'],
      hints: {
        id: [userId, groupId, uuidv7()],
        userId: [userId],
        sessionId: [uuidv7()],
      },
      auth: (principal, path) => baseAuth(principal, (p) => (path.startsWith('/scim/v2') ? harness.scimToken : tokens[p])),
      runLast: ['POST /auth/logout'],
    },
    () => harness.close(),
  );
  return { ...booted, harness };
}

type Boot = (options: { env: NodeJS.ProcessEnv; handleSignals: boolean }) => Promise<RunningService>;
const SHELLS: Record<string, Boot> = { profiles: bootstrapProfiles, moderation: bootstrapModeration, notifications: bootstrapNotifications };

/** A service without domain routes yet (profiles, moderation, notifications), on its own database. */
export async function bootShellTarget(name: keyof typeof SHELLS & string): Promise<BootedTarget> {
  const suffix = randomBytes(4).toString('hex');
  const database = `plein_test_${name}_${suffix}`;
  const service = await SHELLS[name]!({
    env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'error', MONGODB_DB: database, SERVICE_NAME: `${name}-t${suffix}`, KAFKA_TOPIC_PREFIX: `t${suffix}.`, ELASTICSEARCH_INDEX_PREFIX: `t${suffix}-` },
    handleSignals: false,
  });
  const close = async () => {
    await service.close();
    const elasticsearch = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });
    await elasticsearch.indices.delete({ index: `t${suffix}-*` }, { ignore: [404] }).catch(() => undefined);
    await elasticsearch.close();
    const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  };
  return withDocument(name, service.url, { principals: ['anonymous'], hints: {}, auth: (principal) => baseAuth(principal, () => undefined) }, close);
}

