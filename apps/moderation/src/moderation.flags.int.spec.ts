import { contentScreenedV1, type ContentScreenedV1 } from '@plein/feed/contracts';
import { userProvisionedV1 } from '@plein/identity/contracts';
import type { ReportFiledV1 } from '@plein/moderation/contracts';
import { streamId, uuidv7 } from '@plein/shared/kernel';
// The feed's own test kit: this spec boots the real feed beside moderation (tests may cross service boundaries).
import { startFeed, type FeedUnderTest } from '../../feed/src/testing/feed-test-kit';
import { person, startModeration, waitFor, type ModerationUnderTest, type TestUser } from './testing/moderation-test-kit';

/**
 * A flag rule in the real feed and the real moderation service (real servers, one topic prefix):
 * the post is published AND its case opens in the review queue with a system report (reason rule)
 * for the group's moderators only; hiding it works like any case; a redelivered screening changes
 * nothing; the flagged post is not a screening.
 */
describe('flagged content opens a review-queue case (real feed + moderation)', () => {
  let moderation: ModerationUnderTest;
  let feed: FeedUnderTest;
  const [ownerA, ownerB, writer, reader] = [person(), person(), person(), person()];
  const orgModerator = person(['employee', 'moderator']);
  let groupA = '';
  let groupB = '';

  beforeAll(async () => {
    moderation = await startModeration();
    feed = await startFeed({ KAFKA_TOPIC_PREFIX: moderation.prefix, FEED_CONSUMERS: 'on' });
    for (const u of [ownerA, ownerB, writer, reader]) {
      await moderation.publish(userProvisionedV1, u.id, { ...userProvisionedV1.example, externalId: `x-${u.id}`, userName: `u${u.id.slice(-12)}`, email: `${u.id.slice(-12)}@example.org`, roles: ['employee'] });
    }
    const users = feed.service.infrastructure.deps.readModels.users;
    await waitFor('the feed to know the people', async () => (await Promise.all([ownerA, ownerB, writer, reader].map((u) => users.user(u.id)))).every((u) => u?.active), 45_000);
    const group = async (owner: TestUser, name: string) => {
      const created = await feed.call(owner.id, 'POST', '/v1/groups', { name, visibility: 'open' });
      expect(created.status).toBe(201);
      return created.body.groupId as string;
    };
    groupA = await group(ownerA, 'Sales');
    groupB = await group(ownerB, 'Support');
    for (const u of [writer, reader]) expect((await feed.call(u.id, 'POST', `/v1/groups/${groupA}/join`, {})).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await feed?.close();
    await moderation?.close();
  });

  const caseOf = (who: TestUser, postId: string) => moderation.call(who, 'GET', `/v1/moderation/cases/post/${postId}`);
  const reportsOf = (postId: string) => moderation.decisions.filter((e) => e.aggregateId === `post:${postId}` && e.type === 'moderation.decision.report-filed');

  it('flag rule -> post published -> a case with reason rule for the group\'s moderators only -> hide; a redelivered screening changes nothing', async () => {
    // The group's owner sets a flag rule, then a block rule in the same scope: once the feed refuses
    // the blocked word, it holds the flag rule too (one scope's rule events are in order).
    let flagRule: { status: number; body: { ruleId: string } } | undefined;
    await waitFor('the owner of group A to reach moderation', async () => {
      flagRule = await moderation.call(ownerA, 'POST', `/v1/moderation/rules?groupId=${groupA}`, { name: 'Prices', matchType: 'keyword', pattern: 'korting', action: 'flag', publicMessage: 'Prices are checked by a moderator.' });
      return flagRule.status !== 404;
    });
    expect(flagRule!.status).toBe(201);
    const ruleId = flagRule!.body.ruleId;
    expect((await moderation.call(ownerA, 'POST', `/v1/moderation/rules?groupId=${groupA}`, { name: 'Never', matchType: 'keyword', pattern: 'zzverbodenzz', action: 'block', publicMessage: 'No.' })).status).toBe(201);
    const post = (body: string) => feed.call(writer.id, 'POST', '/v1/posts', { audience: { kind: 'group', groupId: groupA }, kind: 'update', body, callToAction: { kind: 'fyi' } });
    await waitFor('the group rules to reach the feed', async () => (await post('zzverbodenzz')).status === 400);

    const published = await post('Vandaag 20% KORTING op alles.');
    expect(published.status).toBe(201);
    const postId = published.body.id as string;
    // Published: the group's members read it.
    expect((await feed.call(reader.id, 'GET', `/v1/posts/${postId}`)).status).toBe(200);

    await waitFor('the case in group A\'s queue', async () => (await caseOf(ownerA, postId)).status === 200);
    const item = (await caseOf(ownerA, postId)).body;
    expect(item).toMatchObject({ contentType: 'post', contentId: postId, authorId: writer.id, groupId: groupA, status: 'open', reportCount: 1, reasons: { rule: 1 }, contentState: 'visible' });
    const queueA = await moderation.call(ownerA, 'GET', `/v1/moderation/queue?reason=rule&limit=100`);
    expect(queueA.body.items.map((i: { contentId: string }) => i.contentId)).toEqual([postId]);
    // The system reported it: no person, the rule's id and public message as text, once.
    await waitFor('the report on the decision topic', () => reportsOf(postId).length > 0, 10_000);
    expect(reportsOf(postId)).toEqual([expect.objectContaining({ actorId: 'system:moderation', data: expect.objectContaining({ reason: 'rule', ruleId, text: `Rule ${ruleId}: Prices are checked by a moderator.`, groupId: groupA }) })]);
    expect((reportsOf(postId)[0]!.data as ReportFiledV1).reporterId).toBeUndefined();
    // Nobody's own report.
    expect((await moderation.call(ownerA, 'GET', '/v1/moderation/reports/mine')).body.items).toEqual([]);

    // Another group's owner: nothing in their queue, 404 on the case as for a missing one.
    await waitFor('the owner of group B to reach moderation', async () => (await moderation.call(ownerB, 'GET', '/v1/moderation/queue')).status === 200);
    expect((await moderation.call(ownerB, 'GET', '/v1/moderation/queue?limit=100')).body.items).toEqual([]);
    expect((await moderation.call(ownerB, 'GET', `/v1/moderation/queue?groupId=${groupB}&limit=100`)).body.items).toEqual([]);
    expect((await caseOf(ownerB, postId)).status).toBe(404);
    expect((await moderation.call(ownerB, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'hide', reasonCode: 'rule', rule: 'Prices', statement: 'x' })).status).toBe(404);
    expect((await caseOf(orgModerator, postId)).status).toBe(200);
    // One place for one item: a flagged post is a case, not a screening.
    expect((await moderation.call(ownerA, 'GET', `/v1/moderation/screenings?groupId=${groupA}&limit=100`)).body.items).toEqual([]);
    expect((await moderation.call(ownerA, 'POST', `/v1/moderation/screenings/post/${postId}/approve`, {})).status).toBe(404);

    // The screening delivered again adds nothing; a later screening of the same post (an edit that
    // another flag rule matched) on the same partition adds its one report after it.
    const screenings = (await feed.service.infrastructure.store.readStream(streamId('screening', `post:${postId}`)))!.events;
    expect(screenings.map((e) => e.type)).toEqual(['feed.screening.recorded']);
    await moderation.publishEnvelope(screenings[0]!);
    const first = screenings[0]!.data as ContentScreenedV1;
    const otherRule = uuidv7();
    await moderation.publish(contentScreenedV1, `post:${postId}`, { ...first, on: 'edited', rules: [...first.rules, { ruleId: otherRule, action: 'flag', publicMessage: 'Discounts need approval.', field: 'body.body' }] }, 2);
    await waitFor('the second rule\'s report', async () => (await caseOf(ownerA, postId)).body.reportCount >= 2);
    expect((await caseOf(ownerA, postId)).body).toMatchObject({ reportCount: 2, reasons: { rule: 2 } });
    const events = (await moderation.service.infrastructure.store.readStream(streamId('decision', `post:${postId}`)))!.events;
    expect(events.map((e) => [e.type, (e.data as ReportFiledV1).ruleId])).toEqual([
      ['moderation.decision.report-filed', ruleId],
      ['moderation.decision.report-filed', otherRule],
    ]);

    // Hide works like any case: the feed hides the post from its readers.
    const hide = await moderation.call(ownerA, 'POST', `/v1/moderation/cases/post/${postId}/decisions`, { kind: 'hide', reasonCode: 'rule', rule: 'Prices', statement: 'Prices are not posted in Sales.' });
    expect([hide.status, hide.body.kind, hide.body.reasonCode]).toEqual([201, 'hide', 'rule']);
    await waitFor('the feed to hide the post', async () => (await feed.call(reader.id, 'GET', `/v1/posts/${postId}`)).status === 404, 10_000);
    expect((await caseOf(ownerA, postId)).body).toMatchObject({ status: 'actioned', contentState: 'hidden' });
  }, 120_000);

  it('refuses reason rule from a person (the system\'s reason), naming body.reason', async () => {
    const response = await moderation.call(reader, 'POST', '/v1/moderation/reports', { contentType: 'post', contentId: uuidv7(), reason: 'rule' });
    expect([response.status, response.body.errors]).toEqual([400, [expect.objectContaining({ field: 'body.reason' })]]);
  });
});
