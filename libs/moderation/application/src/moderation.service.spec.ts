import { InMemoryEventStore } from '@plein/shared/event-sourcing';
import { FixedClock } from '@plein/shared/kernel';
import type { AudienceFacts } from '@plein/moderation/domain';
import { ModerationService } from './moderation.service';
import type { AudienceReadModel, CaseReadModel, ModerationContext } from './ports';

const POST = '01964b1e-0000-7000-8000-000000000401';
const GROUP = '01964b1e-0000-7000-8000-000000000421';
const AUTHOR = '01964b1e-0000-7000-8000-000000000101';
const MEMBER = '01964b1e-0000-7000-8000-000000000102';
const OUTSIDER = '01964b1e-0000-7000-8000-000000000103';

/** In-memory audience: one secret-group post, one member. */
const audience: AudienceReadModel = {
  content: async (type, id) =>
    type === 'post' && id === POST ? ({ postId: POST, authorId: AUTHOR, audience: { kind: 'group', groupId: GROUP }, groupVisibility: 'secret', deleted: false, hidden: false } satisfies AudienceFacts & { postId: string }) : null,
  memberships: async (userId) => new Map(userId === MEMBER || userId === AUTHOR ? [[GROUP, 'member']] : []),
  follows: async () => false,
  personExists: async (userId) => userId === AUTHOR,
  roles: async () => [],
};
const noCases = {} as CaseReadModel;
const ctx = (userId: string, idempotencyKey?: string): ModerationContext => ({ caller: { userId, roles: ['employee'] }, correlationId: 'c', ...(idempotencyKey ? { idempotencyKey } : {}) });

function service() {
  const store = new InMemoryEventStore();
  const moderation = new ModerationService({ store, audience, cases: noCases, audit: {} as never, clock: new FixedClock(new Date('2026-06-01T00:00:00Z')), reportReasons: ['harassment', 'spam', 'other'], auditRetentionDays: 30 });
  return { store, moderation };
}

describe('ModerationService.report', () => {
  it('files a report on content the reporter sees; the same person again counts once', async () => {
    const { store, moderation } = service();
    await expect(moderation.report(ctx(MEMBER), { contentType: 'post', contentId: POST, reason: 'spam' })).resolves.toMatchObject({ caseId: `post:${POST}`, counted: true });
    await expect(moderation.report(ctx(MEMBER), { contentType: 'post', contentId: POST, reason: 'harassment' })).resolves.toMatchObject({ counted: false });
    expect((await store.readStream(`decision-post:${POST}`))?.events.map((e) => [e.type, (e.data as { groupId: string }).groupId])).toEqual([['moderation.decision.report-filed', GROUP]]);
  });

  it('answers 404 for content outside the reporter\'s audience, exactly as for missing content', async () => {
    const { moderation } = service();
    const hidden = moderation.report(ctx(OUTSIDER), { contentType: 'post', contentId: POST, reason: 'spam' });
    const missing = moderation.report(ctx(OUTSIDER), { contentType: 'comment', contentId: POST, reason: 'spam' });
    await expect(hidden).rejects.toMatchObject({ kind: 'not-found', code: 'MODERATION.CONTENT_NOT_FOUND' });
    await expect(missing).rejects.toMatchObject({ kind: 'not-found', code: 'MODERATION.CONTENT_NOT_FOUND' });
  });

  it('offers only the configured reasons, and other needs a text', async () => {
    const { moderation } = service();
    await expect(moderation.report(ctx(MEMBER), { contentType: 'post', contentId: POST, reason: 'off-topic' })).rejects.toMatchObject({ kind: 'validation', violations: [{ field: 'body.reason' }] });
    await expect(moderation.report(ctx(MEMBER), { contentType: 'post', contentId: POST, reason: 'other', text: '  ' })).rejects.toMatchObject({ kind: 'validation', violations: [{ field: 'body.text' }] });
  });

  it('lists the reasons it accepts, in the configured order, never the system\'s rule', async () => {
    const moderation = new ModerationService({ store: new InMemoryEventStore(), audience, cases: noCases, audit: {} as never, clock: new FixedClock(), reportReasons: ['spam', 'rule', 'other'], auditRetentionDays: 30 });
    expect(moderation.reportReasons()).toEqual({ reasons: [{ code: 'spam', textRequired: false }, { code: 'other', textRequired: true }] });
    await expect(moderation.report(ctx(MEMBER), { contentType: 'post', contentId: POST, reason: 'rule' })).rejects.toMatchObject({ kind: 'validation', violations: [{ field: 'body.reason', message: 'must be one of spam, other' }] });
    await expect(moderation.report(ctx(MEMBER), { contentType: 'post', contentId: POST, reason: 'spam' })).resolves.toMatchObject({ counted: true });
  });

  it('answers 404 for a comment under a post hidden from the reporter or deleted, as the feed shows neither', async () => {
    const [HIDDEN_POST, DELETED_POST, COMMENT_H, COMMENT_D] = ['01964b1e-0000-7000-8000-000000000411', '01964b1e-0000-7000-8000-000000000412', '01964b1e-0000-7000-8000-000000000413', '01964b1e-0000-7000-8000-000000000414'];
    const org = { kind: 'organisation' } as const;
    const facts: Record<string, AudienceFacts & { postId: string }> = {
      [`post:${HIDDEN_POST}`]: { postId: HIDDEN_POST, authorId: AUTHOR, audience: org, deleted: false, hidden: true },
      [`post:${DELETED_POST}`]: { postId: DELETED_POST, authorId: AUTHOR, audience: org, deleted: true, hidden: false },
      [`comment:${COMMENT_H}`]: { postId: HIDDEN_POST, authorId: MEMBER, audience: org, deleted: false, hidden: false },
      [`comment:${COMMENT_D}`]: { postId: DELETED_POST, authorId: MEMBER, audience: org, deleted: false, hidden: false },
    };
    const moderation = new ModerationService({ store: new InMemoryEventStore(), audience: { ...audience, content: async (type, id) => facts[`${type}:${id}`] ?? null }, cases: noCases, audit: {} as never, clock: new FixedClock(), reportReasons: ['spam'], auditRetentionDays: 30 });
    for (const comment of [COMMENT_H, COMMENT_D]) {
      await expect(moderation.report(ctx(OUTSIDER), { contentType: 'comment', contentId: comment, reason: 'spam' })).rejects.toMatchObject({ kind: 'not-found', code: 'MODERATION.CONTENT_NOT_FOUND' });
    }
    // The hidden post's author still sees it, and the comments under it.
    await expect(moderation.report(ctx(AUTHOR), { contentType: 'comment', contentId: COMMENT_H, reason: 'spam' })).resolves.toMatchObject({ counted: true });
  });

  it('reports a profile only of a person identity knows', async () => {
    const { moderation } = service();
    await expect(moderation.report(ctx(MEMBER), { contentType: 'profile', contentId: AUTHOR, reason: 'other', text: 'Fake name' })).resolves.toMatchObject({ caseId: `profile:${AUTHOR}` });
    await expect(moderation.report(ctx(MEMBER), { contentType: 'profile', contentId: OUTSIDER, reason: 'spam' })).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('ModerationService scope', () => {
  it('refuses the queue and metrics to people who moderate nothing', async () => {
    const { moderation } = service();
    await expect(moderation.queue(ctx(MEMBER), {}, { limit: 10 })).rejects.toMatchObject({ kind: 'forbidden', code: 'MODERATION.NOT_A_MODERATOR' });
    await expect(moderation.metrics(ctx(MEMBER))).rejects.toMatchObject({ kind: 'forbidden' });
    expect(() => moderation.assertAdmin(ctx(MEMBER))).toThrow(expect.objectContaining({ code: 'MODERATION.NOT_AN_ADMINISTRATOR' }));
    await expect(moderation.metrics(ctx(MEMBER), GROUP)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('gives a group\'s metrics to its moderators over their queue\'s cases, 404 for a group they do not moderate, the organisation\'s to organisation moderators', async () => {
    const calls: unknown[] = [];
    const cases = { metrics: async (_now: Date, group?: unknown) => (calls.push(group ?? 'organisation'), { queue: { open: 0, overdue: 0, escalated: 0, appealed: 0 } }) } as unknown as CaseReadModel;
    const groupModerator = { ...audience, memberships: async () => new Map([[GROUP, 'moderator']]) };
    const moderation = new ModerationService({ store: new InMemoryEventStore(), audience: groupModerator, cases, audit: {} as never, clock: new FixedClock(), reportReasons: ['spam'], auditRetentionDays: 30 });
    await moderation.metrics(ctx(MEMBER), GROUP);
    expect(calls).toEqual([{ groupId: GROUP, scope: { kind: 'groups', groupIds: [GROUP], escalations: false } }]);
    await expect(moderation.metrics(ctx(MEMBER), POST)).rejects.toMatchObject({ kind: 'not-found', code: 'MODERATION.GROUP_NOT_FOUND' });
    await expect(moderation.metrics(ctx(MEMBER))).rejects.toMatchObject({ kind: 'forbidden' });
    await moderation.metrics({ caller: { userId: OUTSIDER, roles: ['employee', 'moderator'] }, correlationId: 'c' });
    expect(calls[1]).toBe('organisation');
  });
});
