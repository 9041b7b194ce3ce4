import { perSuite } from '@plein/shared/testing';
import { person, publishGroup, publishMember, publishPost, startModeration, waitFor, type ModerationUnderTest, type TestUser } from './testing/moderation-test-kit';

// One moderation service (own database, topic prefix and consumer groups) for the whole file.
const suite = perSuite(() => startModeration(), 'moderation service', 120_000);
const m = (): ModerationUnderTest => suite.current;

const orgModerator = person(['employee', 'moderator']);
const hrLegal = person(['employee', 'hr-legal']);
const admin = person(['employee', 'admin']);

async function reportWhenKnown(reporter: TestUser, contentId: string) {
  let last: Awaited<ReturnType<ModerationUnderTest['call']>> | undefined;
  await waitFor('the content to reach moderation', async () => {
    last = await m().call(reporter, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId, reason: 'harassment' });
    return last.status !== 404;
  });
  expect(last!.status).toBe(201);
}

const decide = (who: TestUser, postId: string, body: Record<string, unknown>) =>
  m().call(who, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { reasonCode: 'harassment', rule: 'Guidelines 3', statement: 'See the guidelines.', ...body });
const ids = (response: { body: { items: { contentId: string }[] } }) => response.body.items.map((i) => i.contentId);

/** A group with an owner who moderates it (once moderation's membership read model has it). */
async function moderatedGroup(): Promise<{ groupId: string; owner: TestUser }> {
  const owner = person();
  const groupId = await publishGroup(m(), owner.id, 'open');
  await publishMember(m(), groupId, owner.id, 'owner');
  await waitFor('the owner to moderate the group', async () => (await m().call(owner, 'GET', `/v1/moderation/queue?groupId=${groupId}`)).status === 200);
  return { groupId, owner };
}

describe('escalated cases go to hr-legal and administrators only', () => {
  it('hides an escalated case from organisation and group moderators (404 everywhere) and shows it to hr-legal and admins', async () => {
    const { groupId, owner } = await moderatedGroup();
    const author = person();
    const postId = await publishPost(m(), author.id, { kind: 'group', groupId });
    const ordinary = await publishPost(m(), author.id, { kind: 'organisation' });
    await reportWhenKnown(person(), postId);
    await reportWhenKnown(person(), ordinary);
    // Before the escalation, hr-legal sees no ordinary case.
    expect((await m().call(hrLegal, 'GET', `/v1/moderation/cases/post/${postId}`)).status).toBe(404);
    expect((await m().call(owner, 'GET', `/v1/moderation/cases/post/${postId}`)).status).toBe(200);

    const escalation = await decide(orgModerator, postId, { kind: 'escalate', escalatedTo: 'legal' });
    expect([escalation.status, escalation.body.kind]).toEqual([201, 'escalate']);

    for (const moderator of [orgModerator, owner]) {
      for (const [method, path] of [
        ['GET', `/v1/moderation/cases/post/${postId}`],
        ['POST', `/v1/moderation/cases/post/${postId}/claim`],
        ['GET', `/v1/moderation/decisions/${escalation.body.decisionId}`],
      ] as const) {
        const answer = await m().call(moderator, method, path);
        expect([method, path, answer.status]).toEqual([method, path, 404]);
      }
      expect((await decide(moderator, postId, { kind: 'keep' })).status).toBe(404);
      expect(ids(await m().call(moderator, 'GET', '/v1/moderation/queue?status=escalated&limit=100'))).not.toContain(postId);
    }
    // HR/legal: the escalated case and nothing else.
    const hrQueue = await m().call(hrLegal, 'GET', '/v1/moderation/queue?status=escalated&limit=100');
    expect([hrQueue.status, ids(hrQueue)]).toEqual([200, [postId]]);
    expect(ids(await m().call(hrLegal, 'GET', '/v1/moderation/queue?limit=100'))).toEqual([]);
    expect((await m().call(hrLegal, 'GET', `/v1/moderation/cases/post/${postId}`)).body).toMatchObject({ status: 'escalated', escalatedTo: 'legal' });
    expect((await m().call(hrLegal, 'GET', `/v1/moderation/cases/post/${ordinary}`)).status).toBe(404);
    expect((await m().call(admin, 'GET', `/v1/moderation/cases/post/${postId}`)).status).toBe(200);
    // HR/legal decides it.
    expect((await decide(hrLegal, postId, { kind: 'warn' })).status).toBe(201);
  }, 60_000);
});

describe('metrics of one group for its moderators', () => {
  it('counts that group\'s cases as its queue shows them; other groups 404, no groupId 403, a bad groupId 400 naming it', async () => {
    const { groupId, owner } = await moderatedGroup();
    const other = await moderatedGroup();
    const author = person();
    const [a, b, escalated, elsewhere, outside] = [
      await publishPost(m(), author.id, { kind: 'group', groupId }),
      await publishPost(m(), author.id, { kind: 'group', groupId }),
      await publishPost(m(), author.id, { kind: 'group', groupId }),
      await publishPost(m(), author.id, { kind: 'group', groupId: other.groupId }),
      await publishPost(m(), author.id, { kind: 'organisation' }),
    ];
    for (const postId of [a, b, escalated, elsewhere, outside]) await reportWhenKnown(person(), postId);
    expect((await decide(owner, a, { kind: 'hide' })).status).toBe(201);
    expect((await decide(orgModerator, escalated, { kind: 'escalate', escalatedTo: 'hr' })).status).toBe(201);

    const mine = await m().call(owner, 'GET', `/v1/moderation/metrics?groupId=${groupId}`);
    expect(mine.status).toBe(200);
    // a (hidden, actioned), b (open); the escalated case is not in the owner's queue, nor its decision.
    expect(mine.body).toMatchObject({ queue: { open: 1, overdue: 0, escalated: 0, appealed: 0 }, decisionsByKind: { hide: 1 }, timeToFirstActionMs: { count: 1 } });
    expect(mine.body.decisionsByKind.escalate).toBeUndefined();
    // Administrators see the group's escalated case too.
    expect((await m().call(admin, 'GET', `/v1/moderation/metrics?groupId=${groupId}`)).body).toMatchObject({ queue: { open: 1, escalated: 1 }, decisionsByKind: { hide: 1, escalate: 1 } });
    // The organisation's view still counts every case.
    expect((await m().call(orgModerator, 'GET', '/v1/moderation/metrics')).body.queue.open).toBeGreaterThanOrEqual(3);

    const notMine = await m().call(owner, 'GET', `/v1/moderation/metrics?groupId=${other.groupId}`);
    expect([notMine.status, notMine.body.code]).toEqual([404, 'MODERATION.GROUP_NOT_FOUND']);
    expect((await m().call(owner, 'GET', '/v1/moderation/metrics')).status).toBe(403);
    expect((await m().call(person(), 'GET', `/v1/moderation/metrics?groupId=${groupId}`)).status).toBe(403);
    const bad = await m().call(owner, 'GET', '/v1/moderation/metrics?groupId=nope');
    expect([bad.status, bad.headers.get('content-type'), bad.body.errors?.[0]?.field]).toEqual([400, 'application/problem+json; charset=utf-8', 'query.groupId']);
  }, 60_000);
});

describe('scheduled audit purge', () => {
  it('runs as a processor of the service, on /ready', async () => {
    const ready = await fetch(`${m().service.url}/ready`);
    const text = await ready.text();
    expect(text).toContain('processor:audit-purge');
    expect(m().service.processors.names).toContain('audit-purge');
  });
});
