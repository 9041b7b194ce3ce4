import { uuidv7 } from '@plein/shared/kernel';
import { person, publishComment, publishGroup, publishMember, publishPost, startModeration, waitFor, type ModerationUnderTest, type TestUser } from '../../../apps/moderation/src/testing/moderation-test-kit';
import { startProfiles, type ProfilesUnderTest } from '../../../apps/profiles/src/testing/profiles-harness';
import { encodeText, fetchOpenApi, operationsOf, type Operation } from '../../fuzz/src/openapi-fuzz';
import { publishFeedEvent } from '../../fuzz/src/testing/targets';
import { mentioned, normalised, type Answer } from './probe-answers';

/**
 * The visibility probe of moderation and profiles, each on its own database, topic prefix and
 * index prefix, walking the routes of the service's own OpenAPI document:
 * - moderation: a secret group's post and comment, their reports, cases and a decision are asked
 *   for by a colleague outside the group and by another group's moderator on every route with a
 *   path parameter (GET, and the POSTs that act on a case or decision) and answered exactly as for
 *   ids nobody issued; no list route (queue, metrics, my reports, my decisions, screenings, rules)
 *   mentions them, also when asked for the secret group.
 * - profiles: evidence from a secret group's content (its hashtag, the group, the posts) appears in
 *   no answer of any GET route, for a colleague or an administrator, while open-group evidence
 *   does; a deactivated colleague appears in no list (search, directory, org chart, reports, peers)
 *   for a non-admin and each route with their id answers as for an id nobody issued.
 */
async function send(url: string, token: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
}

/** The answer without the search's echo of the caller's own query (`interpreted`). */
function withoutEcho(text: string): string {
  try {
    const { interpreted: _echo, ...rest } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return text;
  }
}

async function documentOf(url: string): Promise<Record<string, unknown>> {
  const found = await fetchOpenApi(url);
  if ('error' in found) throw new Error(found.error);
  return found.doc;
}

const pathParams = (op: Operation) => op.parameters.filter((p) => p.in === 'path').map((p) => p.name);

describe('visibility probe: moderation keeps a secret group\'s content, reports, cases and decisions to their moderators (real servers)', () => {
  let m: ModerationUnderTest;
  let doc: Record<string, unknown>;
  const owner = person();
  const member = person();
  const outsider = person();
  const otherModerator = person();
  const otherMember = person();
  const secret: Record<string, string> = {};
  const tokens = new Map<TestUser, string>();

  beforeAll(async () => {
    m = await startModeration();
    const groupId = await publishGroup(m, owner.id, 'secret');
    await publishMember(m, groupId, owner.id, 'owner');
    await publishMember(m, groupId, member.id, 'member');
    // Another group with its own moderator and a case of its own (what that moderator may see).
    const otherGroupId = await publishGroup(m, otherModerator.id, 'closed');
    await publishMember(m, otherGroupId, otherModerator.id, 'moderator');
    await publishMember(m, otherGroupId, otherMember.id, 'member');
    const postId = await publishPost(m, owner.id, { kind: 'group', groupId });
    const commentId = await publishComment(m, postId, member.id, { kind: 'group', groupId });
    const otherPostId = await publishPost(m, otherMember.id, { kind: 'group', groupId: otherGroupId });
    const report = async (who: TestUser, contentType: string, contentId: string, reason: string) => {
      let answer = { status: 0, body: null as unknown };
      await waitFor('the content to reach moderation', async () => {
        answer = await m.call(who, 'POST', '/v1/moderation/reports', { contentType, contentId, reason });
        return answer.status !== 404;
      });
      if (answer.status !== 201) throw new Error(`report answered ${answer.status} ${JSON.stringify(answer.body)}`);
    };
    await report(member, 'post', postId, 'harassment');
    await report(owner, 'comment', commentId, 'spam');
    await report(otherModerator, 'post', otherPostId, 'spam');
    const decided = await m.call(owner, 'POST', `/v1/moderation/cases/comment/${commentId}/decisions`, { kind: 'hide', reasonCode: 'spam', rule: 'Group rules 1', statement: 'Off topic in the merger board.' });
    if (decided.status !== 201) throw new Error(`decision answered ${decided.status} ${decided.text}`);
    Object.assign(secret, { groupId, postId, commentId, decisionId: decided.body.decisionId as string, member: member.id });
    for (const who of [outsider, otherModerator]) tokens.set(who, await m.token(who));
    doc = await documentOf(m.service.url);
  }, 120_000);

  afterAll(async () => {
    await m?.close();
  });

  it('shows the secret case to the group\'s owner and the other case to the other group\'s moderator', async () => {
    const queue = await m.call(owner, 'GET', `/v1/moderation/queue?groupId=${secret['groupId']}&limit=100`);
    expect(queue.body.items.map((i: { contentId: string }) => i.contentId).sort()).toEqual([secret['postId']].sort());
    expect((await m.call(owner, 'GET', `/v1/moderation/cases/post/${secret['postId']}`)).status).toBe(200);
    expect((await m.call(member, 'GET', `/v1/moderation/decisions/${secret['decisionId']}`)).status).toBe(200);
    const other = await m.call(otherModerator, 'GET', '/v1/moderation/queue?limit=100');
    expect(other.status).toBe(200);
    expect(other.body.items).toHaveLength(1);
  });

  const who = { outsider, 'another group\'s moderator': otherModerator };

  it.each(Object.keys(who))('answers the %s on every case and decision route with a secret id exactly as with an id nobody issued', async (name) => {
    const token = tokens.get(who[name as keyof typeof who])!;
    const bodies: Record<string, unknown> = {
      assign: { moderatorId: otherModerator.id },
      decisions: { kind: 'hide', reasonCode: 'spam', rule: 'Rule 1', statement: 'Probe.' },
      appeal: { text: 'Probe.' },
      decision: { outcome: 'upheld', statement: 'Probe.' },
    };
    const differences: unknown[] = [];
    let probed = 0;
    for (const op of operationsOf(doc)) {
      const names = pathParams(op);
      if (names.length === 0 || !['get', 'post'].includes(op.method)) continue;
      const probes: [string, string][] = names.includes('contentId')
        ? [['post', secret['postId']!], ['comment', secret['commentId']!]]
        : names.includes('decisionId')
          ? [['', secret['decisionId']!]]
          : names.includes('subject')
            ? [['', `post:${secret['postId']}`]]
            : [];
      for (const [contentType, id] of probes) {
        const random = id.startsWith('post:') ? `post:${uuidv7()}` : uuidv7();
        const fill = (value: string) => op.path.replace(/\{(\w+)\}/g, (_, param: string) => encodeText(param === 'contentType' ? contentType : value));
        const body = op.method === 'post' ? (bodies[op.path.split('/').pop()!] ?? undefined) : undefined;
        const a = normalised(await send(m.service.url, token, op.method.toUpperCase(), fill(id), body), id);
        const b = normalised(await send(m.service.url, token, op.method.toUpperCase(), fill(random), body), random);
        probed++;
        if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ route: `${op.method.toUpperCase()} ${op.path}`, secret: a, random: b });
      }
    }
    // Reporting the secret post or comment is refused as for content nobody published.
    for (const [contentType, id] of [['post', secret['postId']!], ['comment', secret['commentId']!]] as const) {
      const random = uuidv7();
      const a = normalised(await send(m.service.url, token, 'POST', '/v1/moderation/reports', { contentType, contentId: id, reason: 'spam' }), id);
      const b = normalised(await send(m.service.url, token, 'POST', '/v1/moderation/reports', { contentType, contentId: random, reason: 'spam' }), random);
      probed++;
      if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ route: `POST /v1/moderation/reports (${contentType})`, secret: a, random: b });
    }
    expect(probed).toBeGreaterThan(10);
    expect(differences).toEqual([]);
    // And the case is still the owner's to decide: nothing above touched it.
    expect((await m.call(owner, 'GET', `/v1/moderation/cases/post/${secret['postId']}`)).body).toMatchObject({ status: 'open', reportCount: 1 });
  });

  it.each(Object.keys(who))('leaves the secret group out of every moderation list for the %s, also when asked for that group', async (name) => {
    const token = tokens.get(who[name as keyof typeof who])!;
    const leaks: unknown[] = [];
    const differences: unknown[] = [];
    let lists = 0;
    for (const op of operationsOf(doc).filter((o) => o.method === 'get' && pathParams(o).length === 0 && o.path !== '/openapi.json')) {
      const takesGroup = op.parameters.some((p) => p.in === 'query' && p.name === 'groupId');
      const takesStatus = op.parameters.some((p) => p.in === 'query' && p.name === 'status');
      const queries = ['', '?limit=100', ...(takesStatus ? ['?status=closed', '?status=actioned'] : [])];
      for (const query of queries) {
        const answer = await send(m.service.url, token, 'GET', `${op.path}${query}`);
        lists++;
        const found = mentioned(answer.text, secret);
        if (found.length > 0) leaks.push({ route: `GET ${op.path}${query}`, status: answer.status, found });
      }
      if (takesGroup) {
        // Asked for the secret group: the same answer as for a group nobody created.
        const random = uuidv7();
        const a = normalised(await send(m.service.url, token, 'GET', `${op.path}?groupId=${secret['groupId']}`), secret['groupId']!);
        const b = normalised(await send(m.service.url, token, 'GET', `${op.path}?groupId=${random}`), random);
        lists++;
        if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ route: `GET ${op.path}?groupId=`, secret: a, random: b });
      }
    }
    expect(lists).toBeGreaterThan(8);
    expect({ leaks, differences }).toEqual({ leaks: [], differences: [] });
  });
});

describe('visibility probe: profiles shows no secret-group evidence and no deactivated colleague to non-admins (real servers)', () => {
  let p: ProfilesUnderTest;
  let doc: Record<string, unknown>;
  const people: Record<string, string> = {};
  const secret: Record<string, string> = {};
  const stamp = Date.now().toString(36);
  const OPEN_TAG = `opentopic${stamp}`;
  const SECRET_TAG = `mergertopic${stamp}`;
  const GONE_NAME = `Zeno Gone${stamp}`;

  beforeAll(async () => {
    p = await startProfiles();
    const manager = await p.identity.provision({ displayName: 'Mara Lead', department: 'Platform', managementLevel: 'manager' as never });
    const employee = await p.identity.provision({ displayName: 'Eve Engineer', department: 'Platform', managerId: manager });
    const gone = await p.identity.provision({ displayName: GONE_NAME, department: 'Platform', managerId: manager });
    const viewer = await p.identity.provision({ displayName: 'Vic Viewer', department: 'Sales' });
    const admin = await p.identity.provision({ displayName: 'Ada Admin', department: 'HR', roles: ['employee', 'admin'] });
    p.withRoles(admin, ['employee', 'admin']);
    Object.assign(people, { manager, employee, gone, viewer, admin });
    await waitFor('everyone projected', async () => {
      for (const id of Object.values(people)) if ((await p.call(viewer, 'GET', `/v1/profiles/${id}`)).status !== 200) return false;
      return true;
    });
    // The same evidence in an open and in a secret group: a question the employee answered (accepted) and a post of theirs.
    const evidence = async (visibility: 'open' | 'secret', tag: string) => {
      const groupId = uuidv7();
      await publishFeedEvent(p, 'feed.group.events.v1', 'group', groupId, 'feed.group.created', 3, { name: `Group ${tag}`, visibility, ownerId: manager, audience: { kind: 'group', groupId, visibility } });
      const audience = { kind: 'group', groupId };
      const question = uuidv7();
      await publishFeedEvent(p, 'feed.post.events.v1', 'post', question, 'feed.post.published', 2, { authorId: manager, audience, kind: 'question', body: `#${tag}`, mentions: [], hashtags: [tag], links: [], attachments: [], callToAction: { kind: 'answer' } });
      const answer = uuidv7();
      await publishFeedEvent(p, 'feed.comment.events.v1', 'comment', answer, 'feed.comment.added', 1, { postId: question, authorId: employee, parentCommentId: null, audience, body: 'Like this.', mentions: [] });
      const own = uuidv7();
      await publishFeedEvent(p, 'feed.post.events.v1', 'post', own, 'feed.post.published', 2, { authorId: employee, audience, kind: 'update', body: `#${tag}`, mentions: [], hashtags: [tag], links: [], attachments: [], callToAction: { kind: 'fyi' } });
      return { groupId, question, answer, own };
    };
    await evidence('open', OPEN_TAG);
    const hidden = await evidence('secret', SECRET_TAG);
    Object.assign(secret, { tag: SECRET_TAG, groupId: hidden.groupId, question: hidden.question, answer: hidden.answer, own: hidden.own, groupName: `Group ${SECRET_TAG}` });
    doc = await documentOf(p.url);
  }, 120_000);

  afterAll(async () => {
    await p?.close();
  });

  const topics = async (viewer: string, userId: string): Promise<string[]> => ((await p.call(viewer, 'GET', `/v1/profiles/${userId}/expertise`)).body?.topics ?? []).map((t: { topic: string }) => t.topic);

  /** Every GET route's answers for the viewer: routes with {userId} for each given person, lists with and without these queries. */
  async function walk(viewer: string, userIds: readonly string[], queries: readonly string[]): Promise<{ route: string; answer: Answer }[]> {
    const answers: { route: string; answer: Answer }[] = [];
    const token = await p.token(viewer);
    for (const op of operationsOf(doc).filter((o) => o.method === 'get' && o.path !== '/openapi.json')) {
      const names = pathParams(op);
      const paths = names.length === 0 ? [op.path] : userIds.map((id) => op.path.replace(/\{(\w+)\}/g, (_, param: string) => encodeText(param === 'userId' ? id : 'kubernetes')));
      for (const path of paths) {
        const lists = names.length === 0 && op.parameters.some((q) => q.in === 'query') ? ['', ...queries] : [''];
        for (const query of lists) {
          const route = `${path}${query ? `${path.includes('?') ? '&' : '?'}${query}` : ''}`;
          answers.push({ route, answer: await send(p.url, token, 'GET', route) });
        }
      }
    }
    return answers;
  }

  it('never shows expertise evidence from secret-group content, in any route, to a colleague or an administrator', async () => {
    const { employee, viewer, admin, manager } = people as Record<string, string>;
    // The open group's evidence arrives (so the secret one had every chance to arrive as well).
    await waitFor('open-group evidence', async () => (await topics(viewer, employee)).includes(OPEN_TAG));
    // And reaches the search hit's explanation (the expertise part notifies the index).
    const why = async () => JSON.stringify(((await p.call(viewer, 'GET', '/v1/profiles/search?q=Eve%20Engineer')).body?.items ?? []).find((i: { userId: string }) => i.userId === employee)?.why ?? null);
    await waitFor('open-group evidence in the search explanation', async () => (await why()).includes(OPEN_TAG), 15_000);
    const queries = [`q=${SECRET_TAG}`, `q=${OPEN_TAG}`, 'q=Eve', 'q=Eve%20Engineer', 'department=Platform', 'limit=100'];
    const leaks: unknown[] = [];
    let walked = 0;
    for (const who of [viewer, admin]) {
      for (const { route, answer } of await walk(who, [employee, manager], queries)) {
        walked++;
        const found = mentioned(withoutEcho(answer.text), secret);
        if (found.length > 0) leaks.push({ viewer: who === admin ? 'admin' : 'colleague', route, status: answer.status, found });
      }
      // Nobody is found by the secret topic.
      const bySecret = await p.call(who, 'GET', `/v1/profiles/search?q=${SECRET_TAG}`);
      expect([bySecret.status, bySecret.body.items]).toEqual([200, []]);
    }
    expect(walked).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
    expect(await topics(viewer, employee)).toContain(OPEN_TAG);
  });

  it('leaves a deactivated colleague out of search, the directory and the org chart for non-admins, and answers their id as unknown', async () => {
    const { gone, viewer, manager, employee } = people as Record<string, string>;
    const listed = async () => {
      const search = await p.call(viewer, 'GET', `/v1/profiles/search?q=${encodeURIComponent(GONE_NAME)}`);
      const directory = await p.call(viewer, 'GET', '/v1/profiles/directory?department=Platform&limit=100');
      const reports = await p.call(viewer, 'GET', `/v1/profiles/${manager}/org-chart/reports?limit=100`);
      return [search, directory, reports].every((r) => JSON.stringify(r.body).includes(gone));
    };
    // Before: listed everywhere (so the checks below can fail).
    await waitFor('the colleague listed', listed, 15_000);
    await p.identity.deactivated(gone);
    await waitFor('the colleague deactivated', async () => (await p.call(viewer, 'GET', `/v1/profiles/${gone}`)).status === 404);
    await waitFor('the colleague gone from search', async () => !JSON.stringify((await p.call(viewer, 'GET', `/v1/profiles/search?q=${encodeURIComponent(GONE_NAME)}`)).body).includes(gone), 10_000);
    const leaks: unknown[] = [];
    const queries = [`q=${encodeURIComponent(GONE_NAME)}`, 'q=Zeno', 'department=Platform', 'limit=100', 'parent=Platform'];
    for (const { route, answer } of await walk(viewer, [manager, employee], queries)) {
      if (mentioned(withoutEcho(answer.text), { gone, name: GONE_NAME }).length > 0) leaks.push({ route, status: answer.status, text: answer.text.slice(0, 300) });
    }
    // Every route with the colleague's id answers as for an id nobody issued.
    const differences: unknown[] = [];
    const token = await p.token(viewer);
    for (const op of operationsOf(doc).filter((o) => o.method === 'get' && pathParams(o).includes('userId'))) {
      const random = uuidv7();
      const fill = (id: string) => op.path.replace(/\{(\w+)\}/g, (_, param: string) => encodeText(param === 'userId' ? id : 'kubernetes'));
      const a = normalised(await send(p.url, token, 'GET', fill(gone)), gone);
      const b = normalised(await send(p.url, token, 'GET', fill(random)), random);
      if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ route: `GET ${op.path}`, deactivated: a, random: b });
    }
    expect({ leaks, differences }).toEqual({ leaks: [], differences: [] });
  });
});
