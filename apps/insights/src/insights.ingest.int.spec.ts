import { pseudonymise } from '@plein/insights/domain';
import { uuidv7 } from '@plein/shared/kernel';
import { insightsPerSuite, TEST_PSEUDONYM_SECRET, waitFor, type InsightsUnderTest } from './testing/insights-harness';

/**
 * The ingestion on the real servers: a generated organisation of 40 people (4 departments, 3
 * management levels, 2 locations) and a scripted week (2026-W45) of posts, questions, answers,
 * reactions, acknowledgements, an idea moving and visits, whose counts are known in advance:
 * spot values are written out below, the distinct-people counts are recomputed here from the
 * script with plain sets.
 */
jest.setTimeout(180_000);

const DEPARTMENTS = [
  { name: 'Sales', units: ['sales'] },
  { name: 'Engineering / Platform', units: ['engineering', 'engineering/platform'] },
  { name: 'Engineering/Apps', units: ['engineering', 'engineering/apps'] },
  { name: 'Support', units: ['support'] },
] as const;
const LOCATIONS = ['Amsterdam', 'Utrecht'] as const;

interface Person {
  readonly id: string;
  readonly dept: number;
  readonly i: number;
  readonly level: 'employee' | 'manager' | 'director';
  readonly location: string;
}
const people: Person[] = DEPARTMENTS.flatMap((_, dept) =>
  Array.from({ length: 10 }, (_, i) => ({ id: uuidv7(), dept, i, level: i === 0 ? 'director' : i <= 2 ? 'manager' : 'employee', location: LOCATIONS[i % 2]! }) as Person),
);
const at = (d: number, i: number): Person => people.find((p) => p.dept === d && p.i === i)!;
const [SALES, PLATFORM, APPS, SUPPORT] = [0, 1, 2, 3];
const day = (date: string, time: string) => `2026-11-${date}T${time}:00.000Z`;
const W = 'week|';

/** What the script did, for recomputing distinct people: kind → people. */
const did = new Map<string, Set<Person>>();
const record = (kind: string, person: Person) => did.set(kind, new Set([...(did.get(kind) ?? []), person]));
const inUnit = (person: Person, unit: string) => (DEPARTMENTS[person.dept]!.units as readonly string[]).includes(unit);

describe('insights ingestion: a scripted week of a 40-person organisation', () => {
  const suite = insightsPerSuite();
  let insights: InsightsUnderTest;
  const posts = new Map<string, string>();
  let cellsAfterWeek: Map<string, Record<string, number>>;

  const feed = (aggregateType: string, aggregateId: string, type: string, version: number, data: unknown, occurredAt: string) =>
    insights.publisher.envelope(aggregateType, aggregateId, type, version, data, occurredAt);
  const content = { body: 'Hello', mentions: [], hashtags: [], links: [], attachments: [] };
  const org = { kind: 'organisation' };
  const publish = (author: Person, kind: string, occurredAt: string, extra: Record<string, unknown> = {}) => {
    const postId = uuidv7();
    record('posted', author);
    if (kind === 'question') record('asked', author);
    return { postId, envelope: feed('post', postId, 'feed.post.published', 2, { authorId: author.id, audience: org, kind, ...content, callToAction: { kind: 'fyi' }, ...extra }, occurredAt) };
  };

  beforeAll(async () => {
    insights = suite.insights;
    const pub = insights.publisher;
    // The directory: provisioned a month before the week.
    await pub.send(
      'identity.user.events.v1',
      people.map((p) =>
        feed('user', p.id, 'identity.user.provisioned', 1, {
          externalId: `ext-${p.id}`, userName: `u${p.id.slice(-12)}`, displayName: `Person ${p.dept}-${p.i}`, department: DEPARTMENTS[p.dept]!.name,
          location: p.location, managementLevel: p.level, badges: [], managerId: null, roles: ['employee'],
        }, '2026-10-01T08:00:00.000Z'),
      ),
    );
    await insights.caughtUp();

    // Monday: updates by employees 3..8 and the managers (d,1); an acknowledgement announcement by Sales' director; an idea.
    const monday = [];
    for (let d = 0; d < 4; d++) {
      for (let i = 3; i <= 8; i++) {
        const group = d === SUPPORT && i === 3 ? { audience: { kind: 'group', groupId: uuidv7() } } : {};
        const { postId, envelope } = publish(at(d, i), 'update', day('02', '09:00'), group);
        posts.set(`update-${d}-${i}`, postId);
        monday.push(envelope);
      }
      monday.push(publish(at(d, 1), 'update', day('02', '09:30')).envelope);
    }
    const announcement = publish(at(SALES, 0), 'announcement', day('02', '08:00'), { callToAction: { kind: 'acknowledge' } });
    posts.set('announcement', announcement.postId);
    const idea = publish(at(APPS, 4), 'idea', day('02', '12:00'), { callToAction: { kind: 'share-ideas' } });
    posts.set('idea', idea.postId);
    // Tuesday 09:00: employee (d,9) asks a question.
    const questions = [0, 1, 2, 3].map((d) => {
      const q = publish(at(d, 9), 'question', day('03', '09:00'), { callToAction: { kind: 'answer' } });
      posts.set(`question-${d}`, q.postId);
      return q.envelope;
    });
    await pub.send('feed.post.events.v1', [...monday, announcement.envelope, idea.envelope, ...questions]);
    await insights.caughtUp();

    // Tuesday: answers. Sales: an employee at 10:00, then the manager at 11:00 (2 h); Platform and Apps: their manager at 10:00 (1 h);
    // Support: Platform's manager at 10:30 (not Support's own leader).
    const comment = (author: Person, postKey: string, occurredAt: string) => {
      record('commented', author);
      record('answered', author);
      const commentId = uuidv7();
      return feed('comment', commentId, 'feed.comment.added', 1, { postId: posts.get(postKey), authorId: author.id, parentCommentId: null, audience: org, body: 'An answer', mentions: [] }, occurredAt);
    };
    await pub.send('feed.comment.events.v1', [
      comment(at(SALES, 5), 'question-0', day('03', '10:00')),
      comment(at(SALES, 1), 'question-0', day('03', '11:00')),
      comment(at(PLATFORM, 1), 'question-1', day('03', '10:00')),
      comment(at(APPS, 1), 'question-2', day('03', '10:00')),
      comment(at(PLATFORM, 1), 'question-3', day('03', '10:30')),
    ]);

    // Wednesday: reactions by every even i and the managers (d,1) on (d,3)'s update.
    const reactions = people
      .filter((p) => p.i % 2 === 0 || p.i === 1)
      .map((p) => {
        record('reacted', p);
        const target = posts.get(`update-${p.dept}-3`)!;
        return feed('reaction', uuidv7(), 'feed.reaction.added', 2, { targetType: 'post', targetId: target, postId: target, userId: p.id, kind: 'like', audience: org }, day('04', '12:00'));
      });
    await pub.send('feed.reaction.events.v1', reactions);

    // Thursday: acknowledgements by i = 7 and 8 (one acknowledges a second round: counted once).
    const acks = people
      .filter((p) => p.i === 7 || p.i === 8)
      .map((p) => {
        record('responded', p);
        record('acknowledged', p);
        return feed('response', uuidv7(), 'feed.response.acknowledged', 2, { postId: posts.get('announcement'), userId: p.id, round: 1, audience: org }, day('05', '09:00'));
      });
    acks.push(feed('response', uuidv7(), 'feed.response.acknowledged', 2, { postId: posts.get('announcement'), userId: at(SALES, 7).id, round: 2, audience: org }, day('05', '15:00')));
    await pub.send('feed.response.events.v1', acks);

    // The idea moves: proposed → under-review on Wednesday (2 days), → planned on Friday; the sales question's answer is accepted on Thursday (48 h).
    await pub.send('feed.post.events.v1', [
      feed('post', posts.get('idea')!, 'feed.post.idea-status-changed', 2, { status: 'under-review', previousStatus: 'proposed', audience: org }, day('04', '12:00')),
      feed('post', posts.get('idea')!, 'feed.post.idea-status-changed', 2, { status: 'planned', previousStatus: 'under-review', audience: org }, day('06', '12:00')),
      feed('post', posts.get('question-0')!, 'feed.post.answer-accepted', 1, { commentId: uuidv7(), answererId: at(SALES, 1).id, previousCommentId: null }, day('05', '09:00')),
    ]);

    // Visits on the service's day (2026-11-04) by i = 4 and 6; one of them twice.
    for (const p of people.filter((x) => x.i === 4 || x.i === 6)) {
      record('visited', p);
      expect((await insights.call(p.id, 'POST', '/v1/insights/visits')).status).toBe(204);
    }
    expect((await insights.call(at(SALES, 4).id, 'POST', '/v1/insights/visits', undefined, { 'idempotency-key': 'again' })).status).toBe(204);
    await waitFor('the relay published the visits', async () => (await insights.published('insights.visit.events.v1')) >= 8);
    await insights.caughtUp();
    cellsAfterWeek = await insights.cells();
  });

  const cell = (id: string) => cellsAfterWeek.get(id) ?? {};

  it('counts posts, questions, answers, reactions and acknowledgements of the week exactly', () => {
    const all = cell(`${W}all|2026-W45|all`);
    expect(all['posts']).toBe(34); // 24 updates + 4 manager updates + 4 questions + announcement + idea
    expect(all['questions']).toBe(4);
    expect(all['questions_answered']).toBe(4);
    expect(all['questions_accepted']).toBe(1);
    expect(all['comments']).toBe(5);
    expect(all['reactions']).toBe(24);
    expect(all['acknowledgements']).toBe(8); // the second round of the same person counts once
    expect(all['ack_posts']).toBe(1);
    expect(all['active_groups']).toBe(1);
    expect(cell(`${W}orgUnit|2026-W45|engineering`)['posts']).toBe(17); // 2 × (6 + 1 + 1) + the idea
    expect(cell(`${W}orgUnit|2026-W45|sales`)['posts']).toBe(9); // 6 + 1 + question + announcement
    expect(cell(`${W}level|2026-W45|manager`)['posts']).toBe(4);
    expect(cell(`${W}level|2026-W45|director`)['posts']).toBe(1);
  });

  it('counts each person once per period and cell, for every activity kind', () => {
    for (const kind of ['posted', 'asked', 'commented', 'answered', 'reacted', 'responded', 'acknowledged']) {
      const who = [...(did.get(kind) ?? [])];
      expect({ kind, n: cell(`${W}all|2026-W45|all`)[`active_${kind}`] ?? 0 }).toEqual({ kind, n: who.length });
      for (const unit of ['sales', 'engineering', 'engineering/platform', 'engineering/apps', 'support']) {
        expect({ kind, unit, n: cell(`${W}orgUnit|2026-W45|${unit}`)[`active_${kind}`] ?? 0 }).toEqual({ kind, unit, n: who.filter((p) => inUnit(p, unit)).length });
      }
      for (const location of ['amsterdam', 'utrecht']) {
        expect({ kind, location, n: cell(`${W}location|2026-W45|${location}`)[`active_${kind}`] ?? 0 }).toEqual({ kind, location, n: who.filter((p) => p.location.toLowerCase() === location).length });
      }
    }
    const active = new Set(['posted', 'commented', 'reacted', 'responded', 'visited'].flatMap((k) => [...(did.get(k) ?? [])]));
    expect(cell(`${W}all|2026-W45|all`)['active']).toBe(active.size);
    expect(cell(`${W}all|2026-W45|all`)['active_leaders']).toBe([...active].filter((p) => p.level !== 'employee').length);
    expect(cell('day|all|2026-11-04|all')['active_visited']).toBe(8);
    expect(cell('day|all|2026-11-02|all')['active_posted']).toBe(29); // Monday: 24 employees (the idea's author among them), 4 managers, Sales' director
  });

  it('measures leaders: role models, answer times to their own org unit, share of voice', () => {
    const all = cell(`${W}all|2026-W45|all`);
    expect(all['role_models']).toBe(3); // the Sales, Platform and Apps managers posted, answered and reacted; Support's did not answer
    expect(all['mgr_answer_count']).toBe(3); // Support's question was answered by a leader of another unit
    expect(all['mgr_answer_seconds']).toBe(3_600 + 3_600 + 7_200);
    expect(all['mgr_answer_le_1h']).toBe(2);
    expect(all['mgr_answer_le_4h']).toBe(1);
    expect(all['mgr_answer_people']).toBe(3);
    expect(cell(`${W}orgUnit|2026-W45|support`)['mgr_answer_count']).toBeUndefined();
    expect(all['accepted_answer_count']).toBe(1);
    expect(all['accepted_answer_le_3d']).toBe(1);
    expect(all['accepted_answer_seconds']).toBe(48 * 3_600);
    expect(all['idea_proposed_to_under-review']).toBe(1);
    expect(all['idea_under-review_to_planned']).toBe(1);
    expect(all['idea_time_proposed_seconds']).toBe(2 * 86_400);
    expect(all['idea_time_under-review_seconds']).toBe(2 * 86_400);
    expect(all['idea_authors']).toBe(1);
  });

  it('keeps the current headcount per dimension', () => {
    expect(cell('current|all|current|all')['headcount']).toBe(40);
    expect(cell('current|orgUnit|current|engineering')['headcount']).toBe(20);
    expect(cell('current|level|current|manager')['headcount']).toBe(8);
    expect(cell('current|location|current|utrecht')['headcount']).toBe(20);
  });

  it('counts a visit once per person and day, and the visit event names no user', async () => {
    const person = pseudonymise(at(SALES, 4).id, TEST_PSEUDONYM_SECRET);
    const stream = await insights.service.infrastructure.store.readStream(`visit-${person}.2026-11-04`);
    expect(stream?.events).toHaveLength(1);
    expect(JSON.stringify(stream!.events[0])).not.toContain(at(SALES, 4).id);
  });

  it('changes nothing when every event is delivered again', async () => {
    await insights.publisher.redeliverAll();
    await insights.caughtUp();
    expect(await insights.cells()).toEqual(cellsAfterWeek);
  });

  it('purges facts past the retention and keeps every cell', async () => {
    expect(await insights.factCount()).toBeGreaterThan(0);
    insights.clock.current = new Date('2026-12-20T00:00:00.000Z'); // 35 days of retention: November's days and weeks are gone, the month not yet
    await insights.service.infrastructure.purgeFacts();
    const left = await insights.factCount();
    expect(left).toBeGreaterThan(0);
    insights.clock.current = new Date('2027-02-01T00:00:00.000Z');
    await insights.service.infrastructure.purgeFacts();
    expect(await insights.factCount()).toBe(0);
    expect(await insights.cells()).toEqual(cellsAfterWeek);
  });

  it('counts an answer that arrives before its question once the question is published', async () => {
    const pub = insights.publisher;
    const questionId = uuidv7();
    const answerer = at(SALES, 1);
    await pub.send('feed.comment.events.v1', [
      feed('comment', uuidv7(), 'feed.comment.added', 1, { postId: questionId, authorId: answerer.id, parentCommentId: null, audience: org, body: 'Early', mentions: [] }, '2026-11-17T10:00:00.000Z'),
    ]);
    await insights.caughtUp();
    const before = (await insights.cells()).get('week|all|2026-W47|all') ?? {};
    expect([before['comments'], before['active_answered']]).toEqual([1, undefined]);
    await pub.send('feed.post.events.v1', [
      feed('post', questionId, 'feed.post.published', 2, { authorId: at(SALES, 9).id, audience: org, kind: 'question', ...content, callToAction: { kind: 'answer' } }, '2026-11-17T09:00:00.000Z'),
    ]);
    await insights.caughtUp();
    const after = (await insights.cells()).get('week|all|2026-W47|all') ?? {};
    expect(after).toMatchObject({ comments: 1, questions: 1, questions_answered: 1, active_answered: 1, mgr_answer_count: 1, mgr_answer_seconds: 3_600 });
  });
});
