import { contentScreenedV1, type ContentScreenedV1 } from '@plein/feed/contracts';
import { moderationApprovalTopic, moderationRuleTopic } from '@plein/moderation/contracts';
import { uuidv7 } from '@plein/shared/kernel';
import { prefixedTopicName } from '@plein/shared/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { decodeEnvelope } from '@plein/shared/messaging';
import { perSuite } from '@plein/shared/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { RULE_ROUTES } from './http/rules.routes';
import { person, publishGroup, publishMember, startModeration, waitFor, type ModerationUnderTest } from './testing/moderation-test-kit';

/**
 * Compose-time rules over HTTP against the real servers: bad input answers problem+json naming the
 * field, rule events reach moderation.rule.events.v1 once per change (retries included), the
 * etiquette, group scope, and the dry run's linear-time regular expressions.
 */
const rulesSeen: EventEnvelope[] = [];
let consumer: Consumer | undefined;
const suite = perSuite(
  async () => {
    const m = await startModeration();
    const kafka = new Kafka({ clientId: 'moderation-rules-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
    consumer = kafka.consumer({ groupId: `moderation-rules-test-${m.prefix}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [prefixedTopicName(m.prefix, moderationRuleTopic.name), prefixedTopicName(m.prefix, moderationApprovalTopic.name)], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void rulesSeen.push(decodeEnvelope(message.value)) });
    return { ...m, close: async () => (await consumer?.disconnect().catch(() => undefined), m.close()) } as ModerationUnderTest;
  },
  'moderation service (rules)',
  120_000,
);
const m = (): ModerationUnderTest => suite.current;

const admin = person(['employee', 'admin']);
const orgModerator = person(['employee', 'moderator']);
const employee = person();
const rule = (over: Record<string, unknown> = {}) => ({ name: 'Secrets', matchType: 'keyword', pattern: 'geheim', action: 'block', publicMessage: 'Geen geheimen in berichten.', ...over });

function cpuMs(): () => number {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
}

describe('compose-time rules (HTTP, real servers)', () => {
  it('refuses bad rules with problem+json naming the field: a pattern RE2 rejects, too long, a keyword of two words; an unknown action', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [rule({ matchType: 'regex', pattern: '(a)\\1' }), 'body.pattern'],
      [rule({ matchType: 'regex', pattern: '(?<=x)y' }), 'body.pattern'],
      [rule({ matchType: 'regex', pattern: 'a'.repeat(501) }), 'body.pattern'],
      [rule({ pattern: 'two words' }), 'body.pattern'],
      [rule({ action: 'shout' }), 'body.action'],
    ];
    for (const [body, field] of cases) {
      const response = await m().call(admin, 'POST', '/v1/moderation/rules', body);
      expect([response.status, response.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    expect((await m().call(employee, 'POST', '/v1/moderation/rules', rule())).status).toBe(403);
  });

  it('publishes one rule event per change: a retried request (same Idempotency-Key) names the same rule and adds nothing', async () => {
    const headers = { 'idempotency-key': `rule-${Date.now()}` };
    const first = await m().call(orgModerator, 'POST', '/v1/moderation/rules', rule({ pattern: 'vertrouwelijk' }), headers);
    const again = await m().call(orgModerator, 'POST', '/v1/moderation/rules', rule({ pattern: 'vertrouwelijk' }), headers);
    expect([first.status, again.status, again.body.ruleId]).toEqual([201, 201, first.body.ruleId]);
    const ofRule = () => rulesSeen.filter((e) => (e.data as { ruleId?: string }).ruleId === first.body.ruleId);
    await waitFor('the rule event on moderation.rule.events.v1', () => ofRule().length > 0, 10_000);
    expect(ofRule()).toEqual([expect.objectContaining({ type: 'moderation.rule.defined', aggregateId: 'organisation', data: expect.objectContaining({ pattern: 'vertrouwelijk', definedBy: orgModerator.id }) })]);

    const listed = await m().call(orgModerator, 'GET', '/v1/moderation/rules?limit=100');
    expect(listed.body.items.filter((r: { ruleId: string }) => r.ruleId === first.body.ruleId)).toHaveLength(1);
    expect((await m().call(orgModerator, 'DELETE', `/v1/moderation/rules/${first.body.ruleId}`)).status).toBe(204);
    expect((await m().call(orgModerator, 'DELETE', `/v1/moderation/rules/${first.body.ruleId}`)).status).toBe(404);
    await waitFor('the retirement', () => ofRule().some((e) => e.type === 'moderation.rule.retired'), 10_000);
    // Both are in the audit log, once each.
    const audited = async () => (await m().call(admin, 'GET', '/v1/moderation/audit/export?limit=10000')).text.split('\n').filter((l) => l.includes(first.body.ruleId)).map((l) => JSON.parse(l) as { action: string; actorId: string; subject: string });
    await waitFor('the audit entries', async () => (await audited()).length === 2, 10_000);
    expect(await audited()).toEqual([
      expect.objectContaining({ action: 'moderation.rule.defined', actorId: orgModerator.id, subject: 'organisation' }),
      expect.objectContaining({ action: 'moderation.rule.retired', actorId: orgModerator.id, subject: 'organisation' }),
    ]);
  });

  it('keeps the etiquette: administrators set it (140 characters per language), everyone signed in reads it', async () => {
    expect((await m().call(employee, 'PUT', '/v1/moderation/etiquette', { nl: 'Hoi', en: 'Hi' })).status).toBe(403);
    const tooLong = await m().call(admin, 'PUT', '/v1/moderation/etiquette', { nl: 'x'.repeat(141), en: 'Be kind.' });
    expect([tooLong.status, tooLong.body.errors]).toEqual([400, [expect.objectContaining({ field: 'body.nl' })]]);
    expect((await m().call(admin, 'PUT', '/v1/moderation/etiquette', { nl: 'Wees vriendelijk.', en: 'Be kind.' })).status).toBe(200);
    expect((await m().call(employee, 'GET', '/v1/moderation/etiquette')).body).toEqual({ etiquette: { nl: 'Wees vriendelijk.', en: 'Be kind.' } });
  });

  it('scopes group rules to their group (its moderators define them; the dry run applies them there only)', async () => {
    const owner = person();
    const member = person();
    const groupA = await publishGroup(m(), owner.id, 'closed');
    const groupB = await publishGroup(m(), owner.id, 'closed');
    for (const g of [groupA, groupB]) {
      await publishMember(m(), g, owner.id, 'owner');
      await publishMember(m(), g, member.id, 'member');
    }
    let defined: Awaited<ReturnType<ModerationUnderTest['call']>> | undefined;
    await waitFor('the group owner to reach moderation', async () => {
      defined = await m().call(owner, 'POST', `/v1/moderation/rules?groupId=${groupA}`, rule({ matchType: 'phrase', pattern: 'Project Zeus', action: 'require-approval', publicMessage: 'Zeus posts are reviewed first.' }));
      return defined.status !== 404;
    });
    expect(defined!.status).toBe(201);
    expect((await m().call(member, 'POST', `/v1/moderation/rules?groupId=${groupA}`, rule())).status).toBe(404);

    // Memberships reach moderation's projection in no particular order: wait for the member's in both groups.
    for (const g of [groupA, groupB]) await waitFor('the membership', async () => (await m().call(member, 'POST', '/v1/moderation/rules/check', { groupId: g, body: 'x' })).status === 200);
    const inA = await m().call(member, 'POST', '/v1/moderation/rules/check', { groupId: groupA, title: 'About project ZEUS', body: 'News.' });
    expect(inA.body).toEqual({ outcome: 'require-approval', matches: [expect.objectContaining({ ruleId: defined!.body.ruleId, action: 'require-approval', publicMessage: 'Zeus posts are reviewed first.', field: 'body.title' })] });
    const inB = await m().call(member, 'POST', '/v1/moderation/rules/check', { groupId: groupB, title: 'About project ZEUS', body: 'News.' });
    expect(inB.body).toEqual({ outcome: 'publish', matches: [] });
    expect((await m().call(person(), 'POST', '/v1/moderation/rules/check', { groupId: groupA, body: 'x' })).status).toBe(404);
  });

  it('evaluates a catastrophic regular expression in linear time: (a+)+$ over 50,000 a\'s costs about what a keyword over the same text costs', async () => {
    const owner = person();
    const hostileGroup = await publishGroup(m(), owner.id, 'closed');
    const plainGroup = await publishGroup(m(), owner.id, 'closed');
    for (const g of [hostileGroup, plainGroup]) await publishMember(m(), g, owner.id, 'owner');
    await waitFor('the group owner to reach moderation', async () => (await m().call(owner, 'POST', `/v1/moderation/rules?groupId=${hostileGroup}`, rule({ matchType: 'regex', pattern: '(a+)+$', action: 'flag' }))).status === 201);
    await waitFor('the owner of the second group to reach moderation', async () => (await m().call(owner, 'POST', `/v1/moderation/rules?groupId=${plainGroup}`, rule({ pattern: 'zzz' }))).status === 201);

    const text = 'a'.repeat(50_000);
    const check = (groupId: string) => m().call(owner, 'POST', '/v1/moderation/rules/check', { groupId, body: text });
    await check(plainGroup); // warm-up
    await check(hostileGroup);
    const measure = async (groupId: string) => {
      const costs: number[] = [];
      for (let k = 0; k < 3; k++) {
        const done = cpuMs();
        await check(groupId);
        costs.push(done());
      }
      return Math.min(...costs);
    };
    const plain = await measure(plainGroup);
    const hostile = await measure(hostileGroup);
    expect(hostile).toBeLessThan(20 * plain + 200);
    expect((await check(hostileGroup)).body.outcome).toBe('flag');
    const tooLong = await m().call(owner, 'POST', '/v1/moderation/rules/check', { body: 'a'.repeat(50_001) });
    expect([tooLong.status, tooLong.body.errors]).toEqual([400, [expect.objectContaining({ field: 'body.body' })]]);
  }, 60_000);

  it('sets pre-moderation of new members per scope (whole numbers, naming the field), readable by the scope\'s rule moderators', async () => {
    const bad = await m().call(admin, 'PUT', '/v1/moderation/premoderation', { newMemberDays: -1, minApprovedPosts: 1.5 });
    expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field).sort()]).toEqual([400, ['body.minApprovedPosts', 'body.newMemberDays']]);
    expect((await m().call(employee, 'PUT', '/v1/moderation/premoderation', { newMemberDays: 7, minApprovedPosts: 0 })).status).toBe(403);
    expect((await m().call(orgModerator, 'PUT', '/v1/moderation/premoderation', { newMemberDays: 7, minApprovedPosts: 2 })).body).toEqual({ newMemberDays: 7, minApprovedPosts: 2 });
    expect((await m().call(admin, 'GET', '/v1/moderation/premoderation')).body).toEqual({ newMemberDays: 7, minApprovedPosts: 2 });
    await waitFor('the setting on moderation.rule.events.v1', () => rulesSeen.some((e) => e.type === 'moderation.rule.premoderation-changed'), 10_000);
    expect(rulesSeen.filter((e) => e.type === 'moderation.rule.premoderation-changed')).toEqual([expect.objectContaining({ aggregateId: 'organisation', data: { newMemberDays: 7, minApprovedPosts: 2, changedBy: orgModerator.id } })]);
    // The same setting again changes nothing.
    expect((await m().call(orgModerator, 'PUT', '/v1/moderation/premoderation', { newMemberDays: 7, minApprovedPosts: 2 })).status).toBe(200);
  });

  it('lists every rule route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${m().service.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const r of RULE_ROUTES) expect([r.path, r.method, doc.paths[r.path]?.[r.method] !== undefined]).toEqual([r.path, r.method, true]);
  });
});

describe('screened content (held for approval or flagged by rules in the feed)', () => {
  const screen = async (groupId: string | null, action: 'require-approval' | 'flag', sequence = 1, contentId = uuidv7()) => {
    const data: ContentScreenedV1 = {
      contentType: 'post', contentId, postId: contentId, authorId: employee.id, groupId, action, held: action === 'require-approval', on: 'published',
      rules: [{ ruleId: uuidv7(), action, publicMessage: 'Checked first.', field: 'body.body' }],
    };
    const envelope = await m().publish(contentScreenedV1, `post:${contentId}`, data, sequence);
    return { contentId, envelope };
  };
  const approvalsOf = (contentId: string) => rulesSeen.filter((e) => e.aggregateId === `post:${contentId}`);

  it('lists held content to moderators in scope; approving emits one approval the feed applies, retries change nothing, the other answer conflicts', async () => {
    const owner = person();
    const otherOwner = person();
    const groupA = await publishGroup(m(), owner.id, 'closed');
    const groupB = await publishGroup(m(), otherOwner.id, 'closed');
    await publishMember(m(), groupA, owner.id, 'owner');
    await publishMember(m(), groupB, otherOwner.id, 'owner');
    const { contentId, envelope } = await screen(groupA, 'require-approval');
    await waitFor('the screening to reach moderation', async () => ((await m().call(orgModerator, 'GET', '/v1/moderation/screenings?limit=100')).body.items ?? []).some((i: { contentId: string }) => i.contentId === contentId));
    const listed = (await m().call(orgModerator, 'GET', '/v1/moderation/screenings?limit=100')).body.items.find((i: { contentId: string }) => i.contentId === contentId);
    expect(listed).toMatchObject({ contentType: 'post', groupId: groupA, action: 'require-approval', held: true, status: 'pending', screeningSequence: 1 });
    expect((await m().call(employee, 'GET', '/v1/moderation/screenings')).status).toBe(403);
    await waitFor('group roles to reach moderation', async () => (await m().call(otherOwner, 'GET', '/v1/moderation/screenings')).status === 200);
    expect((await m().call(otherOwner, 'GET', `/v1/moderation/screenings?groupId=${groupA}`)).body.items).toEqual([]);
    expect((await m().call(otherOwner, 'POST', `/v1/moderation/screenings/post/${contentId}/approve`, {})).status).toBe(404);

    await waitFor('the owner to reach moderation', async () => (await m().call(owner, 'GET', '/v1/moderation/screenings')).status === 200);
    const approved = await m().call(owner, 'POST', `/v1/moderation/screenings/post/${contentId}/approve`, { note: 'Fine.' });
    expect([approved.status, approved.body.status, approved.body.held]).toEqual([200, 'approved', false]);
    expect((await m().call(orgModerator, 'POST', `/v1/moderation/screenings/post/${contentId}/approve`, {})).status).toBe(200);
    const conflict = await m().call(orgModerator, 'POST', `/v1/moderation/screenings/post/${contentId}/reject`, {});
    expect([conflict.status, conflict.body.code]).toEqual([409, 'MODERATION.SCREENING_ALREADY_DECIDED']);
    await waitFor('the approval on moderation.approval.events.v1', () => approvalsOf(contentId).length > 0, 10_000);
    expect(approvalsOf(contentId)).toEqual([expect.objectContaining({ type: 'moderation.approval.approved', data: expect.objectContaining({ contentId, postId: contentId, authorId: employee.id, screeningSequence: 1, moderatorId: owner.id, note: 'Fine.' }) })]);

    // The feed's screening delivered again does not reopen it.
    await m().publishEnvelope(envelope);
    const marker = await screen(groupA, 'require-approval');
    await waitFor('the next screening', async () => (await m().call(orgModerator, 'GET', `/v1/moderation/screenings?groupId=${groupA}`)).body.items.some((i: { contentId: string }) => i.contentId === marker.contentId));
    expect((await m().call(orgModerator, 'GET', `/v1/moderation/screenings?status=approved&groupId=${groupA}`)).body.items.map((i: { contentId: string }) => i.contentId)).toEqual([contentId]);

    // Held content rejected: the feed removes it. (Flagged content is a case in the review queue: moderation.flags.int.spec.ts.)
    const rejected = await m().call(orgModerator, 'POST', `/v1/moderation/screenings/post/${marker.contentId}/reject`, {});
    expect([rejected.status, rejected.body.status]).toEqual([200, 'rejected']);
    await waitFor('the rejection', () => approvalsOf(marker.contentId).some((e) => e.type === 'moderation.approval.rejected'), 10_000);
    expect((await m().call(orgModerator, 'POST', `/v1/moderation/screenings/post/${uuidv7()}/approve`, {})).status).toBe(404);
  }, 60_000);
});
