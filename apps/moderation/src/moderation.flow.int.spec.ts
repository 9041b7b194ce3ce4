import { postHiddenV1, postPublishedV2 } from '@plein/feed/contracts';
import { userProvisionedV1, userRoleGrantedV1 } from '@plein/identity/contracts';
import { uuidv7 } from '@plein/shared/kernel';
import { perSuite } from '@plein/shared/testing';
import { MODERATION_ROUTES } from './http/routes';
import { person, publishComment, publishGroup, publishMember, publishPost, startModeration, waitFor, type ModerationUnderTest, type TestUser } from './testing/moderation-test-kit';

// One moderation service (own database, topic prefix and consumer groups) for the whole file.
const suite = perSuite(() => startModeration(), 'moderation service', 120_000);
const m = (): ModerationUnderTest => suite.current;

const orgModerator = person(['employee', 'moderator']);
const secondModerator = person(['employee', 'moderator']);
const admin = person(['employee', 'admin']);

/** Reports once the content has reached moderation's audience read model (projections are eventually consistent). */
async function reportWhenKnown(reporter: TestUser, body: Record<string, unknown>) {
  let last: Awaited<ReturnType<ModerationUnderTest['call']>> | undefined;
  await waitFor('the content to reach moderation', async () => {
    last = await m().call(reporter, 'POST', '/v1/moderation/reports', body);
    return last.status !== 404;
  });
  return last!;
}

const decisionEvent = (type: string, contentId: string) => m().decisions.find((e) => e.type === type && (e.data as { contentId: string }).contentId === contentId);

describe('reports, queue and decisions', () => {
  it('report -> queue -> hide emits the content decision the feed applies within 5 s -> restore brings it back', async () => {
    const author = person();
    const reporter = person();
    const other = person();
    const postId = await publishPost(m(), author.id, { kind: 'organisation' });

    const first = await reportWhenKnown(reporter, { contentType: 'post', contentId: postId, reason: 'harassment' });
    expect([first.status, first.body.counted]).toEqual([201, true]);
    // The same person again (another reason, too) counts once.
    const again = await m().call(reporter, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: 'spam' });
    expect([again.status, again.body.counted]).toEqual([201, false]);
    expect((await m().call(other, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: 'other', text: 'Not OK' })).status).toBe(201);

    const queue = await m().call(orgModerator, 'GET', '/v1/moderation/queue?limit=100');
    const item = queue.body.items.find((i: { contentId: string }) => i.contentId === postId);
    expect(item).toMatchObject({ caseId: `post:${postId}`, reportCount: 2, reasons: { harassment: 1, other: 1 }, status: 'open', overdue: false, authorId: author.id });
    expect(JSON.stringify(queue.body)).not.toContain(reporter.id);

    expect((await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postId}/claim`)).body.assignee).toBe(orgModerator.id);
    const conflict = await m().call(secondModerator, 'POST', `/v1/moderation/cases/post/${postId}/claim`);
    expect([conflict.status, conflict.body.code]).toEqual([409, 'MODERATION.CASE_CLAIMED']);

    const started = Date.now();
    const hide = await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'hide', reasonCode: 'harassment', rule: 'Guidelines 2.1', statement: 'Personal attack on a colleague.' });
    expect(hide.status).toBe(201);
    expect(hide.body).toMatchObject({ kind: 'hide', appealable: true, rule: 'Guidelines 2.1', appeal: { status: 'none' } });
    await waitFor('content-hidden on the decision topic', () => decisionEvent('moderation.decision.content-hidden', postId) !== undefined, 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(decisionEvent('moderation.decision.content-hidden', postId)?.data).toMatchObject({ decisionId: hide.body.decisionId, contentType: 'post', postId, authorId: author.id, reasonCode: 'harassment' });

    // The author reads the statement of reasons; nothing names who reported.
    const mine = await m().call(author, 'GET', '/v1/moderation/decisions/mine');
    expect(mine.body.items).toEqual([expect.objectContaining({ decisionId: hide.body.decisionId, statement: 'Personal attack on a colleague.', nextSteps: expect.stringContaining('appeal') })]);
    expect(mine.text).not.toContain(reporter.id);
    expect(mine.text).not.toContain(other.id);
    // The reporter sees the status of their report.
    expect((await m().call(reporter, 'GET', '/v1/moderation/reports/mine')).body.items).toEqual([expect.objectContaining({ contentId: postId, reason: 'harassment', status: 'actioned' })]);

    const restore = await m().call(secondModerator, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'restore', reasonCode: 'harassment', rule: 'Guidelines 2.1', statement: 'Reviewed again: within the guidelines.' });
    expect(restore.status).toBe(201);
    await waitFor('content-restored on the decision topic', () => decisionEvent('moderation.decision.content-restored', postId) !== undefined, 5_000);
    expect((await m().call(orgModerator, 'GET', `/v1/moderation/cases/post/${postId}`)).body.contentState).toBe('visible');
  }, 60_000);

  it('answers 404 for content the reporter cannot see, and counts comments of a group with their group', async () => {
    const owner = person();
    const member = person();
    const outsider = person();
    const groupId = await publishGroup(m(), owner.id, 'secret');
    await publishMember(m(), groupId, owner.id, 'owner');
    await publishMember(m(), groupId, member.id, 'member');
    const postId = await publishPost(m(), owner.id, { kind: 'group', groupId });
    const commentId = await publishComment(m(), postId, owner.id, { kind: 'group', groupId });
    expect((await reportWhenKnown(member, { contentType: 'comment', contentId: commentId, reason: 'spam' })).status).toBe(201);
    const hidden = await m().call(outsider, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: 'spam' });
    const missing = await m().call(outsider, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: '01964b1e-0000-7000-8000-00000000ffff', reason: 'spam' });
    expect([hidden.status, hidden.body.code]).toEqual([404, 'MODERATION.CONTENT_NOT_FOUND']);
    expect([missing.status, missing.body.code]).toEqual([404, 'MODERATION.CONTENT_NOT_FOUND']);
    // The group's owner moderates the comment's case.
    expect((await m().call(owner, 'GET', `/v1/moderation/queue?groupId=${groupId}`)).body.items.map((i: { contentId: string }) => i.contentId)).toEqual([commentId]);
  }, 60_000);

  it('changes nothing when feed events are redelivered: a hidden post stays hidden from reporters', async () => {
    const author = person();
    const reporter = person();
    const postId = uuidv7();
    const published = await m().publish(postPublishedV2, postId, { ...postPublishedV2.example, authorId: author.id, audience: { kind: 'organisation' } });
    expect((await reportWhenKnown(reporter, { contentType: 'post', contentId: postId, reason: 'spam' })).status).toBe(201);
    await m().publish(postHiddenV1, postId, { decisionId: uuidv7(), reasonCode: 'spam' }, 2);
    const late = person();
    await waitFor('the hide to reach moderation', async () => (await m().call(late, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: 'spam' })).status === 404);
    // The publication again (a redelivery), then a next event of the same post (same partition, so
    // once it is applied the redelivery was handled): the post must not come back.
    await m().publishEnvelope(published);
    await m().publish(postHiddenV1, postId, { decisionId: uuidv7(), reasonCode: 'spam' }, 3);
    const contentModel = m().service.infrastructure.db.collection(`${m().service.infrastructure.service}_content_v1`);
    await waitFor('the third event of the post', async () => (await contentModel.findOne({ _id: postId } as never))?.['lastSequence'] === 3);
    expect(await contentModel.findOne({ _id: postId } as never)).toMatchObject({ hidden: true, authorId: author.id });
    expect((await m().call(person(), 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: 'spam' })).status).toBe(404);
    // The author still sees it (their own report is odd, but allowed), and it counts once however often it is sent.
    expect((await m().call(author, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: 'spam' })).body.counted).toBe(true);
    expect((await m().call(author, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: 'spam' })).body.counted).toBe(false);
  }, 60_000);

  it("keeps moderators of two groups out of each other's cases (404 on every route)", async () => {
    const [modA, modB, memberA, memberB] = [person(), person(), person(), person()];
    const groupA = await publishGroup(m(), modA.id, 'closed');
    const groupB = await publishGroup(m(), modB.id, 'closed');
    await publishMember(m(), groupA, modA.id, 'moderator');
    await publishMember(m(), groupA, memberA.id, 'member');
    await publishMember(m(), groupB, modB.id, 'moderator');
    await publishMember(m(), groupB, memberB.id, 'member');
    const postA = await publishPost(m(), memberA.id, { kind: 'group', groupId: groupA });
    const postB = await publishPost(m(), memberB.id, { kind: 'group', groupId: groupB });
    expect((await reportWhenKnown(modA, { contentType: 'post', contentId: postA, reason: 'off-topic' })).status).toBe(201);
    expect((await reportWhenKnown(modB, { contentType: 'post', contentId: postB, reason: 'off-topic' })).status).toBe(201);

    const queueA = await m().call(modA, 'GET', '/v1/moderation/queue?reason=off-topic&limit=100');
    expect(queueA.body.items.map((i: { contentId: string }) => i.contentId)).toEqual([postA]);
    expect((await m().call(modA, 'GET', `/v1/moderation/queue?groupId=${groupB}`)).body.items).toEqual([]);
    for (const [method, path, body] of [
      ['GET', `/v1/moderation/cases/post/${postB}`, undefined],
      ['POST', `/v1/moderation/cases/post/${postB}/claim`, undefined],
      ['POST', `/v1/moderation/cases/post/${postB}/decisions`, { kind: 'hide', reasonCode: 'off-topic', rule: 'r', statement: 's' }],
    ] as const) {
      const res = await m().call(modA, method, path, body);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'MODERATION.CASE_NOT_FOUND']);
    }
    // Assigning: to a moderator of the case's group, never to someone outside it.
    const assigned = await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postB}/assign`, { moderatorId: modB.id });
    expect([assigned.status, assigned.body.assignee]).toEqual([200, modB.id]);
    const wrong = await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postB}/assign`, { moderatorId: modA.id });
    expect([wrong.status, wrong.body.errors?.map((e: { field: string }) => e.field)]).toEqual([400, ['body.moderatorId']]);
    expect((await m().call(modA, 'POST', `/v1/moderation/cases/post/${postB}/assign`, { moderatorId: modA.id })).status).toBe(404);
    const decided = await m().call(modB, 'POST', `/v1/moderation/cases/post/${postB}/decisions`, { kind: 'warn', reasonCode: 'off-topic', rule: 'Stay on topic', statement: 'Please post this in the right group.' });
    expect(decided.status).toBe(201);
    expect((await m().call(modA, 'GET', `/v1/moderation/decisions/${decided.body.decisionId}`)).status).toBe(404);
    // An organisation moderator sees both; an ordinary member no queue at all.
    const all = await m().call(orgModerator, 'GET', '/v1/moderation/queue?reason=off-topic&limit=100');
    expect(all.body.items.map((i: { contentId: string }) => i.contentId)).toEqual(expect.arrayContaining([postA]));
    expect((await m().call(memberA, 'GET', '/v1/moderation/queue')).status).toBe(403);
  }, 60_000);

  it('has an appeal decided by a moderator other than the original decider', async () => {
    const author = person();
    const reporter = person();
    const postId = await publishPost(m(), author.id, { kind: 'organisation' });
    await reportWhenKnown(reporter, { contentType: 'post', contentId: postId, reason: 'confidential' });
    const hide = await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'hide', reasonCode: 'confidential', rule: 'Confidentiality 1', statement: 'Shares salary data.' });
    const decisionId = hide.body.decisionId as string;

    expect((await m().call(reporter, 'POST', `/v1/moderation/decisions/${decisionId}/appeal`, { text: 'mine' })).status).toBe(404);
    const appeal = await m().call(author, 'POST', `/v1/moderation/decisions/${decisionId}/appeal`, { text: 'The numbers were public already.' }, { 'idempotency-key': 'appeal-1' });
    expect([appeal.status, appeal.body.appeal.status]).toEqual([200, 'pending']);
    // A retry with the same Idempotency-Key answers as the first time; a second appeal is refused.
    const retried = await m().call(author, 'POST', `/v1/moderation/decisions/${decisionId}/appeal`, { text: 'The numbers were public already.' }, { 'idempotency-key': 'appeal-1' });
    expect([retried.status, retried.body]).toEqual([200, appeal.body]);
    const twice = await m().call(author, 'POST', `/v1/moderation/decisions/${decisionId}/appeal`, { text: 'again' });
    expect([twice.status, twice.body.code]).toEqual([409, 'MODERATION.ALREADY_APPEALED']);

    const same = await m().call(orgModerator, 'POST', `/v1/moderation/decisions/${decisionId}/appeal/decision`, { outcome: 'overturned', statement: 'ok' });
    expect([same.status, same.body.code]).toEqual([403, 'MODERATION.APPEAL_SAME_MODERATOR']);
    expect(same.headers.get('content-type')).toContain('application/problem+json');
    const outcome = { outcome: 'overturned', statement: 'The figures were in the annual report.' };
    const other = await m().call(secondModerator, 'POST', `/v1/moderation/decisions/${decisionId}/appeal/decision`, outcome, { 'idempotency-key': 'outcome-1' });
    expect([other.status, other.body.appeal]).toEqual([200, { status: 'overturned', statement: 'The figures were in the annual report.' }]);
    const again = await m().call(secondModerator, 'POST', `/v1/moderation/decisions/${decisionId}/appeal/decision`, outcome, { 'idempotency-key': 'outcome-1' });
    expect([again.status, again.body]).toEqual([200, other.body]);
    const appealEvents = (await m().service.infrastructure.store.readStream(`decision-post:${postId}`))!.events.map((e) => e.type).filter((t) => t.startsWith('moderation.decision.appeal'));
    expect(appealEvents).toEqual(['moderation.decision.appealed', 'moderation.decision.appeal-decided']);
    await waitFor('the outcome event and the restore', () => decisionEvent('moderation.decision.content-restored', postId) !== undefined, 5_000);
    expect(m().decisions.some((e) => e.type === 'moderation.decision.appeal-decided' && (e.data as { decisionId: string; authorId: string }).authorId === author.id)).toBe(true);

    const metrics = await m().call(orgModerator, 'GET', '/v1/moderation/metrics');
    expect(metrics.body.appeals.overturned).toBeGreaterThanOrEqual(1);
    expect(metrics.body.decisionsByKind.hide).toBeGreaterThanOrEqual(2);
    expect(metrics.body.timeToFirstActionMs.count).toBeGreaterThanOrEqual(2);
    expect((await m().call(person(), 'GET', '/v1/moderation/metrics')).status).toBe(403);
  }, 60_000);

  it('answers a retried decision (same Idempotency-Key) from its first run and stores it once', async () => {
    const author = person();
    const postId = await publishPost(m(), author.id, { kind: 'organisation' });
    await reportWhenKnown(person(), { contentType: 'post', contentId: postId, reason: 'spam' });
    const body = { kind: 'warn', reasonCode: 'spam', rule: 'No advertising', statement: 'Please do not advertise here.' };
    const first = await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, body, { 'idempotency-key': 'warn-1' });
    const retry = await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, body, { 'idempotency-key': 'warn-1' });
    expect([first.status, retry.status, retry.body.decisionId]).toEqual([201, 201, first.body.decisionId]);
    const stream = await m().service.infrastructure.store.readStream(`decision-post:${postId}`);
    expect(stream?.events.map((e) => e.type)).toEqual(['moderation.decision.report-filed', 'moderation.decision.taken']);
    expect((await m().call(author, 'GET', '/v1/moderation/decisions/mine')).body.items).toHaveLength(1);
  });

  it('pages the queue (priority, then oldest first) and my reports (newest first) with cursors', async () => {
    const reporter = person();
    const posts: string[] = [];
    for (let i = 0; i < 3; i++) posts.push(await publishPost(m(), person().id, { kind: 'organisation' }));
    for (const [i, postId] of posts.entries()) await reportWhenKnown(reporter, { contentType: 'post', contentId: postId, reason: i === 1 ? 'confidential' : 'spam' });

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<ModerationUnderTest['call']>> = await m().call(reporter, 'GET', `/v1/moderation/reports/mine?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.body.items.map((r: { contentId: string }) => r.contentId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual([[posts[2], posts[1]], [posts[0]]]);

    const whole = (await m().call(orgModerator, 'GET', '/v1/moderation/queue?limit=100')).body.items as { caseId: string; priority: number; firstReportedAt: string }[];
    const walked: string[] = [];
    cursor = null;
    do {
      const page: Awaited<ReturnType<ModerationUnderTest['call']>> = await m().call(orgModerator, 'GET', `/v1/moderation/queue?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.body.items.map((i: { caseId: string }) => i.caseId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual(whole.map((i) => i.caseId));
    // The confidential report outranks the spam ones; equal priorities go oldest first.
    const ours = whole.filter((i) => posts.some((p) => i.caseId === `post:${p}`)).map((i) => i.caseId);
    expect(ours).toEqual([`post:${posts[1]}`, `post:${posts[0]}`, `post:${posts[2]}`]);
    for (let k = 1; k < whole.length; k++) {
      const [a, b] = [whole[k - 1]!, whole[k]!];
      expect(a.priority > b.priority || (a.priority === b.priority && a.firstReportedAt <= b.firstReportedAt)).toBe(true);
    }
  });

  it('lists the reasons a reporter may choose (the configured list), exactly the ones a report accepts', async () => {
    const reporter = person();
    const author = person();
    const listed = await m().call(reporter, 'GET', '/v1/moderation/reports/reasons');
    // The default MODERATION_REPORT_REASONS.
    expect([listed.status, listed.body]).toEqual([200, { reasons: ['harassment', 'confidential', 'spam', 'off-topic', 'other'].map((code) => ({ code, textRequired: code === 'other' })) }]);
    const postId = await publishPost(m(), author.id, { kind: 'organisation' });
    for (const { code } of listed.body.reasons as { code: string }[]) {
      const filed = await reportWhenKnown(reporter, { contentType: 'post', contentId: postId, reason: code, text: 'Looks wrong.' });
      expect([code, filed.status]).toEqual([code, 201]);
    }
    for (const code of ['violence', 'rule']) {
      const refused = await m().call(reporter, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: postId, reason: code });
      expect([code, refused.status, refused.body.errors?.map((e: { field: string }) => e.field)]).toEqual([code, 400, ['body.reason']]);
    }
  });

  it('leaves a case about a group owner\'s own post to another moderator (403 MODERATION.OWN_CONTENT on claim, decide and assign to them)', async () => {
    const owner = person();
    const member = person();
    const groupId = await publishGroup(m(), owner.id, 'open');
    await publishMember(m(), groupId, owner.id, 'owner');
    const postId = await publishPost(m(), owner.id, { kind: 'group', groupId });
    expect((await reportWhenKnown(member, { contentType: 'post', contentId: postId, reason: 'spam' })).status).toBe(201);
    await waitFor('the owner\'s membership to reach moderation', async () => (await m().call(owner, 'GET', `/v1/moderation/cases/post/${postId}`)).status === 200);
    const claim = await m().call(owner, 'POST', `/v1/moderation/cases/post/${postId}/claim`);
    const decide = await m().call(owner, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'keep', reasonCode: 'spam', rule: 'r', statement: 'Mine is fine.' });
    for (const res of [claim, decide]) expect([res.status, res.headers.get('content-type')?.split(';')[0], res.body.code]).toEqual([403, 'application/problem+json', 'MODERATION.OWN_CONTENT']);
    // Known to moderation as a person (identity) and the group's owner: a moderator of the case, yet its author.
    await m().publish(userProvisionedV1, owner.id, { ...userProvisionedV1.example, roles: ['employee'] });
    let assign = await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postId}/assign`, { moderatorId: owner.id });
    await waitFor('the owner to reach moderation\'s people', async () => {
      assign = await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postId}/assign`, { moderatorId: owner.id });
      return /author/.test(JSON.stringify(assign.body));
    });
    expect([assign.status, assign.body.errors?.map((e: { field: string }) => e.field)]).toEqual([400, ['body.moderatorId']]);
    // An organisation moderator decides it.
    expect((await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'keep', reasonCode: 'spam', rule: 'r', statement: 'Not spam.' })).status).toBe(201);
  });

  it('refuses bad input with a problem naming the field', async () => {
    const someone = person();
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/moderation/reports', { contentType: 'post', contentId: '01964b1e-0000-7000-8000-000000000401', reason: 'boring' }, 'body.reason'],
      ['POST', '/v1/moderation/reports', { contentType: 'post', contentId: 'nope', reason: 'spam' }, 'body.contentId'],
      ['POST', '/v1/moderation/reports', { contentType: 'post', contentId: '01964b1e-0000-7000-8000-000000000401', reason: 'other' }, 'body.text'],
      ['GET', '/v1/moderation/reports/mine?limit=0', undefined, 'query.limit'],
      ['GET', '/v1/moderation/reports/mine?cursor=bm90LWEtY3Vyc29y', undefined, 'query.cursor'],
      ['GET', '/v1/moderation/queue?status=closed', undefined, 'query.status'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await m().call(someone, method, path, body);
      expect([path, res.status, res.headers.get('content-type')?.split(';')[0], res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([path, 400, 'application/problem+json', [field]]);
    }
    const badDecision = await m().call(orgModerator, 'POST', '/v1/moderation/cases/post/01964b1e-0000-7000-8000-000000000401/decisions', { kind: 'explode', reasonCode: 'spam', rule: 'r', statement: 's' });
    expect([badDecision.status, badDecision.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['body.kind']]);
  });

  it('lists every route in its OpenAPI document', async () => {
    const doc = (await (await fetch(`${m().service.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const r of MODERATION_ROUTES) expect([r.path, r.method, doc.paths[r.path]?.[r.method] !== undefined]).toEqual([r.path, r.method, true]);
  });
});

describe('audit log', () => {
  it('records moderation actions in a chain an edited row breaks, exported as JSON Lines and CSV (administrators only)', async () => {
    const author = person();
    const postId = await publishPost(m(), author.id, { kind: 'organisation' });
    await reportWhenKnown(person(), { contentType: 'post', contentId: postId, reason: 'spam' });
    await m().call(orgModerator, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'keep', reasonCode: 'spam', rule: 'Spam', statement: 'Not spam.' });
    // The report and the decision are separate Kafka messages: wait until both are entries.
    const auditActionsOf = async (subject: string) =>
      (await m().call(admin, 'GET', '/v1/moderation/audit/export?limit=10000')).text
        .trim()
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as { subject: string; action: string })
        .filter((e) => e.subject === subject)
        .map((e) => e.action);
    await waitFor('the report and the decision in the audit log', async () => (await auditActionsOf(`post:${postId}`)).includes('moderation.decision.taken'));

    expect((await m().call(orgModerator, 'GET', '/v1/moderation/audit/export')).status).toBe(403);
    const jsonl = await m().call(admin, 'GET', '/v1/moderation/audit/export?limit=10000');
    const entries = jsonl.text.trim().split('\n').map((line) => JSON.parse(line) as { seq: number; action: string; subject: string });
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries.filter((e) => e.subject === `post:${postId}`).map((e) => e.action)).toEqual(['moderation.decision.report-filed', 'moderation.decision.taken']);
    const page = await m().call(admin, 'GET', '/v1/moderation/audit/export?limit=1&format=csv');
    expect(page.text.split('\n')[0]).toBe('seq,occurredAt,action,actorId,subject,eventId,data,prevHash,hash');
    expect(page.headers.get('plein-next-after-seq')).toBe('1');

    // Identity's role changes are audited too: someone becomes a moderator.
    const promoted = uuidv7();
    await m().publish(userProvisionedV1, promoted, { ...userProvisionedV1.example, roles: ['employee'] });
    await m().publish(userRoleGrantedV1, promoted, { role: 'moderator' }, 2);
    await waitFor('the role change in the audit log', async () => (await m().call(admin, 'GET', '/v1/moderation/audit/export?limit=10000')).text.includes(`"action":"identity.user.role-granted"`));
    const roleEntry = (await m().call(admin, 'GET', '/v1/moderation/audit/export?limit=10000')).text.split('\n').find((l) => l.includes('identity.user.role-granted'));
    expect(JSON.parse(roleEntry!)).toMatchObject({ subject: promoted, data: { role: 'moderator' } });

    expect((await m().call(admin, 'POST', '/v1/moderation/audit/verify')).body).toMatchObject({ ok: true });
    // Someone edits an entry directly in the database: verification names it.
    const db = m().service.infrastructure.db;
    const target = entries.find((e) => e.subject === `post:${postId}` && e.action === 'moderation.decision.taken')!;
    await db.collection(`${m().service.infrastructure.service}_audit_log`).updateOne({ _id: target.seq } as never, { $set: { 'data.kind': 'hide' } });
    const broken = await m().call(admin, 'POST', '/v1/moderation/audit/verify');
    expect(broken.body).toMatchObject({ ok: false, firstBad: { seq: target.seq, problem: 'edited' } });
  }, 60_000);
});
