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
import { startProfiles, waitFor as waitForProfiles, type ProfilesUnderTest } from '../../../../apps/profiles/src/testing/profiles-harness';
import { person, publishComment, publishGroup, publishMember, publishPost, startModeration, waitFor as waitForModeration, type ModerationUnderTest } from '../../../../apps/moderation/src/testing/moderation-test-kit';
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

/** A feed event as the feed publishes it, to the prefixed feed topic of a profiles instance. */
export async function publishFeedEvent(profiles: ProfilesUnderTest, topic: string, aggregateType: string, aggregateId: string, type: string, version: number, data: unknown): Promise<void> {
  const envelope = {
    id: uuidv7(), type, version, source: 'plein/feed', aggregateType, aggregateId, sequence: 1,
    occurredAt: new Date().toISOString(), correlationId: 'fuzz', causationId: uuidv7(), actorId: 'system:test', data,
  };
  await profiles.identity.send([envelope], `${profiles.prefix}${topic}`);
}

/**
 * Profiles with a small world: people from identity's events (an admin, an employee, their
 * manager, a deactivated colleague), a taxonomy term, an endorsement, and a secret group's
 * question the employee answered (evidence nobody outside may see).
 */
export async function bootProfilesTarget(): Promise<BootedTarget & { profiles: ProfilesUnderTest; people: Record<string, string>; secretGroupId: string }> {
  const profiles = await startProfiles({ SEARCH_TAXONOMY_REBUILD_DELAY_SECONDS: '1' });
  try {
    const manager = await profiles.identity.provision({ displayName: 'Mara Manager', title: 'Head of platform', department: 'IT', location: 'Utrecht', managementLevel: 'manager' as never });
    const employee = await profiles.identity.provision({ displayName: 'Eve Employee', title: 'Developer', department: 'IT', location: 'Utrecht', managerId: manager });
    const admin = await profiles.identity.provision({ displayName: 'Adam Admin', department: 'HR', roles: ['employee', 'admin'] });
    const gone = await profiles.identity.provision({ displayName: 'Gone Colleague', department: 'IT', managerId: manager });
    profiles.withRoles(admin, ['employee', 'admin']);
    await waitForProfiles('the people projected', async () => {
      for (const id of [manager, employee, admin, gone]) if ((await profiles.call(admin, 'GET', `/v1/profiles/${id}`)).status !== 200) return false;
      return true;
    });
    await profiles.identity.deactivated(gone);
    const ok = async (what: string, answer: Promise<{ status: number; body: unknown }>) => {
      const res = await answer;
      if (res.status >= 300) throw new Error(`seeding profiles: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
    };
    await ok('taxonomy term', profiles.call(admin, 'PUT', '/v1/profiles/taxonomy/terms/kubernetes', { labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s'] }));
    await ok('endorsement', profiles.call(manager, 'PUT', `/v1/profiles/${employee}/endorsements/kubernetes`));
    await ok('edit', profiles.call(employee, 'PATCH', `/v1/profiles/${employee}`, { skills: ['Kubernetes'], askMeAbout: ['Clusters'] }));
    // A secret group's question with an accepted answer by the employee: evidence for its members only.
    const secretGroupId = uuidv7();
    await publishFeedEvent(profiles, 'feed.group.events.v1', 'group', secretGroupId, 'feed.group.created', 3, { name: 'Fuzz secret', visibility: 'secret', ownerId: manager, audience: { kind: 'group', groupId: secretGroupId, visibility: 'secret' } });
    const question = uuidv7();
    const audience = { kind: 'group', groupId: secretGroupId };
    await publishFeedEvent(profiles, 'feed.post.events.v1', 'post', question, 'feed.post.published', 2, { authorId: manager, audience, kind: 'question', body: '#secretfuzz', mentions: [], hashtags: ['secretfuzz'], links: [], attachments: [], callToAction: { kind: 'answer' } });
    await publishFeedEvent(profiles, 'feed.comment.events.v1', 'comment', uuidv7(), 'feed.comment.added', 1, { postId: question, authorId: employee, parentCommentId: null, audience, body: 'Like so.', mentions: [] });
    const people = { manager, employee, admin, gone };
    const tokens: Record<string, string> = { employee: await profiles.token(employee), admin: await profiles.token(admin, ['employee', 'admin']) };
    const booted = await withDocument(
      'profiles',
      profiles.url,
      {
        principals: ['employee', 'admin'],
        hints: {
          userId: [employee, manager, admin, gone, uuidv7()],
          skill: ['kubernetes', 'k8s', 'secretfuzz'],
          termId: ['kubernetes', 'nomad'],
          department: ['IT', 'HR'],
          parent: ['IT'],
          location: ['Utrecht'],
          q: ['kubernetes', 'wie spreekt Frans?', 'Eve'],
          // The search filters are comma-separated lists the document shows as plain strings.
          language: ['fr', 'nl:B2', 'en,fr:C1'],
          managementLevel: ['manager', 'employee,director'],
        },
        auth: (principal) => baseAuth(principal, (p) => tokens[p]),
      },
      () => profiles.close(),
    );
    return { ...booted, profiles, people, secretGroupId };
  } catch (error) {
    await profiles.close();
    throw error;
  }
}

/**
 * Moderation with a small world: content of an open and a secret group and of the organisation,
 * a report (so a case), a decision on it, and principals: an employee who reported, a group's
 * moderator, and an organisation moderator who is also an administrator.
 */
export async function bootModerationTarget(): Promise<BootedTarget & { moderation: ModerationUnderTest; ids: Record<string, string> }> {
  const moderation = await startModeration();
  try {
    const employee = person();
    const admin = person(['employee', 'admin', 'moderator']);
    const owner = person();
    const author = person();
    const open = await publishGroup(moderation, owner.id, 'open');
    const secret = await publishGroup(moderation, owner.id, 'secret');
    await publishMember(moderation, open, owner.id, 'owner');
    await publishMember(moderation, secret, owner.id, 'owner');
    await publishMember(moderation, open, employee.id, 'member');
    const post = await publishPost(moderation, author.id, { kind: 'organisation' });
    const groupPost = await publishPost(moderation, author.id, { kind: 'group', groupId: open });
    const secretPost = await publishPost(moderation, owner.id, { kind: 'group', groupId: secret });
    const comment = await publishComment(moderation, post, author.id, { kind: 'organisation' });
    // Each report once its content has reached moderation's audience read model.
    const report = async (contentId: string, reason: string) => {
      let answer = { status: 0, body: null as unknown };
      await waitForModeration('the content to reach moderation', async () => {
        answer = await moderation.call(employee, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId, reason });
        return answer.status !== 404;
      });
      if (answer.status !== 201) throw new Error(`seeding moderation: report answered ${answer.status} ${JSON.stringify(answer.body)}`);
    };
    await report(post, 'spam');
    await report(groupPost, 'harassment');
    const decided = await moderation.call(admin, 'POST', `/v1/moderation/cases/post/${post}/decisions`, { kind: 'hide', reasonCode: 'spam', rule: 'Guidelines 1', statement: 'Advertising.' });
    if (decided.status !== 201) throw new Error(`seeding moderation: decision answered ${decided.status} ${JSON.stringify(decided.body)}`);
    const decisionId = (decided.body as { decisionId: string }).decisionId;
    const tokens: Record<string, string> = { employee: await moderation.token(employee), admin: await moderation.token(admin), owner: await moderation.token(owner) };
    const booted = await withDocument(
      'moderation',
      moderation.service.url,
      {
        principals: ['employee', 'admin', 'owner'],
        hints: {
          contentType: ['post', 'comment'],
          contentId: [post, groupPost, secretPost, comment, uuidv7()],
          decisionId: [decisionId, uuidv7()],
          groupId: [open, secret, uuidv7()],
          subject: [`post:${post}`, author.id],
          ruleId: [uuidv7()],
        },
        auth: (principal) => baseAuth(principal, (p) => tokens[p]),
      },
      () => moderation.close(),
    );
    return { ...booted, moderation, ids: { post, groupPost, secretPost, comment, open, secret, decisionId, author: author.id } };
  } catch (error) {
    await moderation.close();
    throw error;
  }
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

