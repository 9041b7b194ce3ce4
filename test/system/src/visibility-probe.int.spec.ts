import { uuidv7 } from '@plein/shared/kernel';
import { newUser, startFeed, withRoles, type FeedUnderTest } from '../../../apps/feed/src/testing/feed-test-kit';
import { signIn, startHarness, type Harness } from '../../../apps/identity/src/testing/identity-harness';
import { encodeText, fetchOpenApi, operationsOf } from '../../fuzz/src/openapi-fuzz';
import { bootModerationTarget, bootProfilesTarget, bootShellTarget, type BootedTarget } from '../../fuzz/src/testing/targets';
import { mentioned, normalised, withDecodedTokens, type Answer } from './probe-answers';

/**
 * The visibility probe: a secret group with content (members, a post with a hashtag, a comment,
 * an acknowledgement post, an agenda item, a jam with an idea) is created by its owner. Then a
 * colleague who is not a member, and a platform admin who is not a member, walk every GET route
 * of every service's OpenAPI document: each route with path parameters is asked with the ids of
 * the secret content and with ids nobody issued, and must answer the same (status, problem code,
 * body with the id masked: so no counts, no names); each route without path parameters (the
 * lists: groups, timelines, agenda, follows, me) must not mention any secret id anywhere.
 */
interface Walker {
  readonly service: string;
  readonly url: string;
  /** Authorization for the probing person (`outsider` or `admin`) on this service. */
  headers(who: 'outsider' | 'admin'): Promise<Record<string, string>>;
}

async function get(walker: Walker, who: 'outsider' | 'admin', path: string): Promise<Answer> {
  const res = await fetch(`${walker.url}${path}`, { headers: await walker.headers(who), redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

/** The `next` / `nextCursor` of a page, when there is one. */
function nextCursor(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { next?: unknown; nextCursor?: unknown };
    const next = body.next ?? body.nextCursor;
    return typeof next === 'string' && next.length > 0 ? next : undefined;
  } catch {
    return undefined;
  }
}

describe('visibility probe: secret group content through every GET route of every service (real servers)', () => {
  let feed: FeedUnderTest;
  let identity: Harness;
  const shells: BootedTarget[] = [];
  const walkers: Walker[] = [];
  const owner = newUser();
  const member = newUser();
  const outsider = newUser();
  const admin = newUser();
  const secret: Record<string, string> = {};
  const SECRET_TAG = `boardroom${Date.now().toString(36)}`;
  const docs = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    feed = await startFeed({ FEED_CONSUMERS: 'off' });
    withRoles(feed, owner, ['employee', 'community-manager']);
    withRoles(feed, admin, ['employee', 'admin', 'moderator']);
    const ok = async (what: string, answer: Promise<{ status: number; body: Record<string, unknown> }>) => {
      const res = await answer;
      if (res.status >= 300) throw new Error(`${what} answered ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    const groupId = (await ok('group', feed.call(owner, 'POST', '/v1/groups', { name: 'Merger board', description: 'Project Tulip', visibility: 'secret' })))['groupId'] as string;
    await ok('add member', feed.call(owner, 'POST', `/v1/groups/${groupId}/members/${member}/add`, {}));
    const audience = { kind: 'group', groupId };
    const postId = (await ok('post', feed.call(owner, 'POST', '/v1/posts', { audience, kind: 'question', body: `Who signs the term sheet? #${SECRET_TAG}`, callToAction: { kind: 'answer' } })))['id'] as string;
    const commentId = (await ok('comment', feed.call(member, 'POST', `/v1/posts/${postId}/comments`, { body: 'The CFO.' })))['id'] as string;
    await ok('reaction', feed.call(member, 'PUT', `/v1/posts/${postId}/reaction`, { kind: 'insightful' }));
    const ackPostId = (await ok('ack post', feed.call(owner, 'POST', '/v1/posts', { audience, kind: 'announcement', body: 'Read the NDA', callToAction: { kind: 'acknowledge' } })))['id'] as string;
    await ok('acknowledge', feed.call(member, 'POST', `/v1/posts/${ackPostId}/acknowledgement`));
    const signUpPostId = (await ok('sign-up post', feed.call(owner, 'POST', '/v1/posts', { audience, kind: 'update', body: 'Due diligence volunteers', callToAction: { kind: 'sign-up', capacity: 3 } })))['id'] as string;
    await ok('sign up', feed.call(member, 'POST', `/v1/posts/${signUpPostId}/sign-up`));
    const agendaItemId = (await ok('agenda', feed.call(owner, 'POST', '/v1/agenda', { audience, details: { kind: 'event', title: 'Signing dinner', startsAt: inDays(5), endsAt: inDays(5.1), capacity: 8 } })))['agendaItemId'] as string;
    await ok('rsvp', feed.call(member, 'PUT', `/v1/agenda/${agendaItemId}/rsvp`, { answer: 'yes' }));
    const jamId = (await ok('jam', feed.call(owner, 'POST', '/v1/jams', { audience, title: 'Integration ideas', question: 'What first?', closesAt: inDays(7) })))['jamId'] as string;
    const ideaId = (await ok('idea', feed.call(member, 'POST', '/v1/posts', { audience, kind: 'idea', body: 'Merge the canteens', callToAction: { kind: 'share-ideas' }, jamId })))['id'] as string;
    Object.assign(secret, { groupId, postId, commentId, ackPostId, signUpPostId, agendaItemId, jamId, ideaId });
    // The probing people try to follow the owner and the group: neither may open a door.
    for (const who of [outsider, admin]) {
      await feed.call(who, 'PUT', `/v1/follows/person/${owner}`);
      await feed.call(who, 'PUT', `/v1/follows/group/${groupId}`);
    }
    walkers.push({
      service: 'feed',
      url: feed.service.url,
      headers: async (who) => ({ authorization: `Bearer ${who === 'admin' ? await feed.token(admin, ['employee', 'admin', 'moderator']) : await feed.token(outsider)}` }),
    });

    identity = await startHarness({ env: { IDENTITY_BOOTSTRAP_ADMINS: 'wouter.schouten@demo.plein.dev', LOG_LEVEL: 'error' } });
    const identityTokens = { admin: (await signIn(identity, 'wouter.schouten')).accessToken, outsider: (await signIn(identity, 'julia.hoekstra')).accessToken };
    walkers.push({ service: 'identity', url: identity.url, headers: async (who) => ({ authorization: `Bearer ${identityTokens[who]}` }) });

    // Profiles and moderation with their own small worlds and signed-in people (their own secret
    // content is probed in visibility-probe.services.int.spec.ts); notifications as a shell.
    for (const [name, boot] of [['profiles', bootProfilesTarget], ['moderation', bootModerationTarget], ['notifications', () => bootShellTarget('notifications')]] as const) {
      const booted: BootedTarget = await boot();
      shells.push(booted);
      const target = booted.target;
      if (target) walkers.push({ service: name, url: target.url, headers: async (who) => (target.principals.includes('anonymous') ? {} : target.auth(who === 'admin' ? 'admin' : 'employee', '/')) });
    }
    for (const walker of walkers) {
      const found = await fetchOpenApi(walker.url);
      if ('error' in found) throw new Error(`${walker.service}: ${found.error}`);
      docs.set(walker.service, found.doc);
    }
  }, 240_000);

  afterAll(async () => {
    await feed?.close();
    await identity?.close();
    for (const shell of shells) await shell.close();
  });

  /** Which secret things a response mentions: ids (also inside cursors), the group's name and description, the hashtag. */
  const leaked = (text: string): string[] => {
    const found = mentioned(text, secret);
    const haystack = withDecodedTokens(text);
    if (haystack.includes(SECRET_TAG) || haystack.includes('Merger board') || haystack.includes('Project Tulip')) found.push('names');
    return found;
  };

  it('has secret content that members see, and a document for every service', async () => {
    expect(walkers.map((w) => w.service)).toEqual(['feed', 'identity', 'profiles', 'moderation', 'notifications']);
    const seen = await feed.call(member, 'GET', `/v1/posts/${secret['postId']}`);
    expect(seen).toMatchObject({ status: 200, body: { id: secret['postId'], counts: { comments: 1 } } });
    expect((await feed.call(member, 'GET', `/v1/timelines/hashtags/${SECRET_TAG}`)).body.items.map((p: { id: string }) => p.id)).toEqual([secret['postId']]);
  });

  it.each(['outsider', 'admin'] as const)('answers the %s on every GET route with a secret id exactly as with an id nobody issued', async (who) => {
    const differences: unknown[] = [];
    let probed = 0;
    for (const walker of walkers) {
      for (const op of operationsOf(docs.get(walker.service)!).filter((o) => o.method === 'get')) {
        const names = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        if (names.length === 0) continue;
        const ids = op.path.includes('{tag}') ? [SECRET_TAG] : Object.values(secret);
        for (const id of ids) {
          // Each path parameter in turn carries the secret id, the others an id nobody issued.
          for (const target of names) {
            // The other parameters: the same id nobody issued in both requests (a kind, a content type as such).
            const others = Object.fromEntries(names.map((name) => [name, name === 'kind' ? 'group' : name === 'contentType' ? 'post' : uuidv7()]));
            const fill = (value: string) => op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeText(name === target ? value : others[name]!));
            const random = op.path.includes('{tag}') ? `zz${uuidv7().replaceAll('-', '')}` : uuidv7();
            const [withSecret, withRandom] = [fill(id), fill(random)];
            const a = normalised(await get(walker, who, withSecret), id);
            const b = normalised(await get(walker, who, withRandom), random);
            probed++;
            if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ service: walker.service, route: `GET ${op.path}`, parameter: target, secret: a, random: b });
          }
        }
      }
    }
    expect(probed).toBeGreaterThan(50);
    expect(differences).toEqual([]);
  });

  it.each(['outsider', 'admin'] as const)('leaves every secret id out of every list route for the %s, on every page', async (who) => {
    const leaks: unknown[] = [];
    let lists = 0;
    for (const walker of walkers) {
      for (const op of operationsOf(docs.get(walker.service)!).filter((o) => o.method === 'get')) {
        if (op.parameters.some((p) => p.in === 'path') || op.path === '/openapi.json') continue;
        const cursorName = op.parameters.find((p) => p.in === 'query' && ['cursor', 'after'].includes(p.name))?.name;
        for (const limit of [undefined, 100, 1]) {
          // Pages of one follow the cursor, so a cursor taken from a hidden row shows up too.
          let query = limit === undefined ? '' : `?limit=${limit}`;
          for (let page = 0; page < (limit === 1 ? 20 : 1); page++) {
            const answer = await get(walker, who, `${op.path}${query}`);
            lists++;
            const found = leaked(answer.text);
            if (found.length > 0) leaks.push({ service: walker.service, route: `GET ${op.path}${query}`, status: answer.status, found });
            const next = nextCursor(answer.text);
            if (!next || !cursorName) break;
            query = `?limit=${limit}&${cursorName}=${encodeURIComponent(next)}`;
          }
        }
      }
    }
    expect(lists).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  });
});
