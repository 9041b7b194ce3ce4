import { cellId, pseudonymise } from '@plein/insights/domain';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { Effect } from './effects';
import { InsightsIngest, NotYetKnownError, type EventEffects, type IngestStore, type ParkedAnswer, type ParkedEntry, type PersonMove, type PersonRecord, type PostMove, type PersonVersion, type PostRecord } from './ingest';

/** IngestStore in memory: facts owned by the event that inserted them, counters of fresh facts, one apply per event id. */
class MemoryStore implements IngestStore {
  readonly facts = new Map<string, string>();
  readonly cells = new Map<string, Record<string, number>>();
  readonly applied = new Set<string>();
  readonly persons = new Map<string, { lastSequence: number; versions: PersonVersion[] }>();
  readonly postRecords = new Map<string, PostRecord>();
  readonly waiting = new Map<string, ParkedAnswer[]>();
  /** Calls of park, parked and unpark, with how many entries or posts each named. */
  readonly parkCalls: { call: 'park' | 'parked' | 'unpark'; n: number }[] = [];
  async park(entries: readonly ParkedEntry[]): Promise<void> {
    this.parkCalls.push({ call: 'park', n: entries.length });
    for (const { postId, answer } of entries) {
      const list = this.waiting.get(postId) ?? [];
      if (!list.some((a) => a.eventId === answer.eventId)) this.waiting.set(postId, [...list, answer]);
    }
  }
  async parked(postIds: readonly string[]): Promise<ReadonlyMap<string, readonly ParkedAnswer[]>> {
    this.parkCalls.push({ call: 'parked', n: postIds.length });
    return new Map(postIds.filter((p) => this.waiting.get(p)?.length).map((p) => [p, [...this.waiting.get(p)!]]));
  }
  async unpark(entries: readonly ParkedEntry[]): Promise<void> {
    this.parkCalls.push({ call: 'unpark', n: entries.length });
    for (const { postId, answer } of entries) {
      const left = (this.waiting.get(postId) ?? []).filter((a) => a.eventId !== answer.eventId);
      if (left.length) this.waiting.set(postId, left);
      else this.waiting.delete(postId);
    }
  }
  async person(person: string): Promise<PersonRecord | null> {
    return this.persons.get(person) ?? null;
  }
  async people(persons: readonly string[]): Promise<ReadonlyMap<string, PersonRecord>> {
    return new Map(persons.filter((p) => this.persons.has(p)).map((p) => [p, this.persons.get(p)!]));
  }
  async post(postId: string): Promise<PostRecord | null> {
    return this.postRecords.get(postId) ?? null;
  }
  async posts(postIds: readonly string[]): Promise<ReadonlyMap<string, PostRecord>> {
    return new Map(postIds.filter((p) => this.postRecords.has(p)).map((p) => [p, this.postRecords.get(p)!]));
  }
  async apply(eventId: string, effects: readonly Effect[]): Promise<void> {
    await this.applyMany([{ eventId, effects }]);
  }
  async applyMany(events: readonly EventEffects[]): Promise<void> {
    for (const { eventId, effects } of events) {
      if (this.applied.has(eventId)) continue;
      const insert = (e: Effect) => {
        if (this.facts.has(e.factId) && this.facts.get(e.factId) !== eventId) return;
        this.facts.set(e.factId, eventId);
        for (const i of e.increments) {
          const cell = this.cells.get(cellId(i.period, i.dimension)) ?? {};
          cell[i.metric] = (cell[i.metric] ?? 0) + i.by;
          this.cells.set(cellId(i.period, i.dimension), cell);
        }
      };
      effects.filter((e) => !e.requires).forEach(insert);
      effects.filter((e) => e.requires?.every((id) => this.facts.has(id))).forEach(insert);
      this.applied.add(eventId);
    }
  }
  async putPerson(person: string, sequence: number, version: PersonVersion | null): Promise<void> {
    const current = this.persons.get(person) ?? { lastSequence: 0, versions: [] };
    if (sequence !== current.lastSequence + 1) return;
    this.persons.set(person, { lastSequence: sequence, versions: version ? [...current.versions, version] : current.versions });
  }
  readonly peopleWrites: number[] = [];
  async putPeople(moves: readonly PersonMove[]): Promise<void> {
    this.peopleWrites.push(moves.length);
    for (const m of moves) await this.putPerson(m.person, m.sequence, m.version);
  }
  readonly postWrites: number[] = [];
  async putPosts(moves: readonly PostMove[]): Promise<void> {
    this.postWrites.push(moves.length);
    for (const m of moves) await this.putPost(m.postId, m.sequence, m.fields);
  }
  async putPost(postId: string, sequence: number, fields: Partial<Omit<PostRecord, 'lastSequence'>> | null): Promise<void> {
    const current = this.postRecords.get(postId);
    this.postRecords.set(postId, { ...(current ?? ({} as PostRecord)), ...(fields ?? {}), lastSequence: sequence });
  }
}

const SECRET = 'unit-test-secret-0123456789abcdef-x';
let n = 0;
const id = () => `01964b1e-0000-7000-8000-${String(++n).padStart(12, '0')}`;
const envelope = (aggregateType: string, aggregateId: string, type: string, data: unknown, occurredAt: string, sequence = 1): EventEnvelope => ({
  id: id(), type, version: 1, source: 'test', aggregateType, aggregateId, sequence, occurredAt, correlationId: 'c', causationId: 'c', actorId: 'a', data,
});
const org = { kind: 'organisation' };

function script() {
  const manager = id();
  const employee = id();
  const question = id();
  const events = [
    envelope('user', manager, 'identity.user.provisioned', { managementLevel: 'manager', department: 'Sales', location: 'Utrecht' }, '2026-10-01T00:00:00Z'),
    envelope('user', employee, 'identity.user.provisioned', { managementLevel: 'employee', department: 'Sales / North', location: 'Utrecht' }, '2026-10-01T00:00:00Z'),
    envelope('post', question, 'feed.post.published', { authorId: employee, audience: org, kind: 'question', callToAction: { kind: 'answer' } }, '2026-11-03T09:00:00Z'),
    envelope('post', id(), 'feed.post.published', { authorId: manager, audience: org, kind: 'update', callToAction: { kind: 'fyi' } }, '2026-11-03T09:30:00Z'),
  ];
  const activity = [
    envelope('comment', id(), 'feed.comment.added', { postId: question, authorId: manager, parentCommentId: null, audience: org }, '2026-11-03T10:00:00Z'),
    envelope('reaction', id(), 'feed.reaction.added', { postId: question, targetId: question, userId: manager, audience: org }, '2026-11-04T10:00:00Z'),
    envelope('reaction', id(), 'feed.reaction.added', { postId: question, targetId: question, userId: employee, audience: org }, '2026-11-04T11:00:00Z'),
    envelope('reaction', id(), 'feed.reaction.added', { postId: question, targetId: question, userId: employee, audience: org }, '2026-11-04T12:00:00Z'),
  ];
  return { manager, employee, events, activity };
}

describe('InsightsIngest', () => {
  it('counts a leader answering their own unit, role models, and people once per period', async () => {
    const store = new MemoryStore();
    const ingest = new InsightsIngest(store, SECRET);
    const { events, activity } = script();
    for (const e of [...events, ...activity]) await ingest.handle(e);
    const week = store.cells.get('week|orgUnit|2026-W45|sales')!;
    expect(week).toMatchObject({ posts: 2, questions: 1, questions_answered: 1, mgr_answer_count: 1, mgr_answer_le_1h: 1, mgr_answer_seconds: 3_600, role_models: 1, reactions: 3, active_reacted: 2 });
    expect(store.cells.get('week|orgUnit|2026-W45|sales/north')).toMatchObject({ questions: 1, mgr_answer_count: 1 });
    expect(store.cells.get('current|all|current|all')).toEqual({ headcount: 2 });
  });

  it('leaves the same cells whether events come one by one, in batches or twice', async () => {
    const one = new MemoryStore();
    const batched = new MemoryStore();
    const { events, activity } = script();
    for (const e of [...events, ...activity]) await new InsightsIngest(one, SECRET).handle(e);
    const ingest = new InsightsIngest(batched, SECRET);
    await ingest.handleBatch(events.slice(0, 2));
    await ingest.handleBatch(events.slice(2));
    await ingest.handleBatch(activity.slice(0, 2));
    await ingest.handleBatch(activity);
    await ingest.handleBatch([...events, ...activity].reverse().filter((e) => e.aggregateType !== 'user' && e.aggregateType !== 'post'));
    expect(batched.cells).toEqual(one.cells);
  });

  it('plans a batch of identity events in order (several of one person) like one at a time, also when it comes again', async () => {
    const person = id();
    const other = id();
    const users = [
      envelope('user', person, 'identity.user.provisioned', { managementLevel: 'employee', department: 'Sales', location: 'Utrecht' }, '2026-10-01T00:00:00Z'),
      envelope('user', other, 'identity.user.provisioned', { managementLevel: 'manager', department: 'Sales', location: 'Utrecht' }, '2026-10-01T00:00:00Z'),
      envelope('user', person, 'identity.user.attributes-changed', { changes: { department: 'Sales / North', location: 'Berlin' } }, '2026-10-02T00:00:00Z', 2),
      envelope('user', person, 'identity.user.deactivated', {}, '2026-10-03T00:00:00Z', 3),
    ];
    const one = new MemoryStore();
    for (const e of users) await new InsightsIngest(one, SECRET).handle(e);
    const batched = new MemoryStore();
    const ingest = new InsightsIngest(batched, SECRET);
    await ingest.handleBatch(users.slice(0, 3));
    await ingest.handleBatch(users);
    // Each batch's moves are handed over at once (the Mongo store inserts the provisionings with one
    // write); the redelivered batch moves only the person's event it did not have.
    expect(batched.peopleWrites).toEqual([3, 1]);
    expect(batched.cells).toEqual(one.cells);
    expect(batched.cells.get('current|all|current|all')).toEqual({ headcount: 1 });
    expect(batched.cells.get('current|location|current|berlin')).toEqual({ headcount: 0 });
  });

  it('waits (retriable) for a person it does not know yet, and keeps only a keyed hash of the person', async () => {
    const store = new MemoryStore();
    const ingest = new InsightsIngest(store, SECRET);
    const { manager, events, activity } = script();
    await expect(ingest.handle(activity[1]!)).rejects.toBeInstanceOf(NotYetKnownError);
    await ingest.handle(events[0]!);
    expect([...store.persons.keys()]).toEqual([pseudonymise(manager, SECRET)]);
    expect(JSON.stringify([...store.facts.keys()])).not.toContain(manager);
  });

  it('counts an answer that arrives before its question once the question is published, also when both come again', async () => {
    const inOrder = new MemoryStore();
    const early = new MemoryStore();
    const { events, activity } = script();
    for (const e of [...events, ...activity]) await new InsightsIngest(inOrder, SECRET).handle(e);
    const ingest = new InsightsIngest(early, SECRET);
    for (const e of [events[0]!, events[1]!, activity[0]!, events[2]!, events[3]!, ...activity.slice(1), activity[0]!, events[2]!]) await ingest.handle(e);
    expect(early.cells).toEqual(inOrder.cells);
    expect(early.cells.get('week|all|2026-W45|all')).toMatchObject({ questions_answered: 1, mgr_answer_count: 1, role_models: 1 });
    expect(early.waiting.size).toBe(0);
  });

  it('parks an early answer of a batch after writing the batch, and counts it once the question is published', async () => {
    const inOrder = new MemoryStore();
    const early = new MemoryStore();
    const { events, activity } = script();
    for (const e of [...events, ...activity]) await new InsightsIngest(inOrder, SECRET).handle(e);
    const ingest = new InsightsIngest(early, SECRET);
    for (const e of [events[0]!, events[1]!]) await ingest.handle(e);
    await ingest.handleBatch([activity[0]!]);
    expect(early.waiting.size).toBe(1);
    await ingest.handleBatch([events[2]!, events[3]!]);
    await ingest.handleBatch(activity.slice(1));
    await ingest.handleBatch(activity); // redelivered
    expect(early.cells).toEqual(inOrder.cells);
    expect(early.cells.get('week|all|2026-W45|all')).toMatchObject({ questions_answered: 1, mgr_answer_count: 1 });
    expect(early.waiting.size).toBe(0);
  });

  it('settles the answers parked before their question in one applyMany, the earliest answer first', async () => {
    const early = new MemoryStore();
    const writes: string[][] = [];
    const applyMany = early.applyMany.bind(early);
    early.applyMany = async (events) => {
      writes.push(events.map((e) => e.eventId));
      return applyMany(events);
    };
    const { manager, events } = script();
    const questionId = events[2]!.aggregateId;
    const answer = (at: string) => envelope('comment', id(), 'feed.comment.added', { postId: questionId, authorId: manager, parentCommentId: null, audience: org }, at);
    // The later answer is handled first; the earlier one (10:00, an hour after the question) decides the answer time.
    const later = answer('2026-11-03T15:00:00Z');
    const earlier = answer('2026-11-03T10:00:00Z');
    const ingest = new InsightsIngest(early, SECRET);
    for (const e of [events[0]!, events[1]!, later, earlier]) await ingest.handle(e);
    expect(early.waiting.get(questionId)).toHaveLength(2);
    writes.length = 0;
    await ingest.handle(events[2]!);
    const settled = writes.filter((w) => w.some((e) => e.endsWith(':post') || e.endsWith(':answer')));
    expect(settled).toEqual([[`${earlier.id}:post`, `${earlier.id}:answer`, `${later.id}:post`, `${later.id}:answer`]]);
    const week = early.cells.get('week|orgUnit|2026-W45|sales')!;
    expect(week).toMatchObject({ questions_answered: 1, mgr_answer_count: 1, mgr_answer_seconds: 3_600, comments: 2 });
    expect(early.waiting.size).toBe(0);
  });

  it('counts posts, comments, reactions and responses in the cells of the post they are on (kind and call to action)', async () => {
    const store = new MemoryStore();
    const ingest = new InsightsIngest(store, SECRET);
    const { manager, employee, events, activity } = script();
    const announcement = id();
    const acks = [manager, employee, employee].map((userId, i) =>
      envelope('response', id(), 'feed.response.acknowledged', { postId: announcement, userId, round: i === 2 ? 2 : 1, audience: org }, `2026-11-05T1${i}:00:00Z`),
    );
    const published = envelope('post', announcement, 'feed.post.published', { authorId: manager, audience: org, kind: 'announcement', callToAction: { kind: 'acknowledge' } }, '2026-11-05T08:00:00Z');
    for (const e of [...events, ...activity, published, ...acks]) await ingest.handle(e);
    // The question: 1 post, the manager's answer, 3 reactions by 2 people.
    const question = { posts: 1, active_posted: 1, comments: 1, active_commented: 1, reactions: 3, active_reacted: 2 };
    expect(store.cells.get('week|postKind|2026-W45|question')).toEqual(question);
    expect(store.cells.get('week|callToAction|2026-W45|answer')).toEqual(question);
    expect(store.cells.get('day|postKind|2026-11-04|question')).toEqual({ reactions: 3, active_reacted: 2 });
    // Every post: the question, the update and the announcement (2 posters); 3 acknowledgements by 2 people are responses.
    expect(store.cells.get('week|postKind|2026-W45|all')).toEqual({ ...question, posts: 3, active_posted: 2, responses: 3, active_responded: 2 });
    expect(store.cells.get('week|callToAction|2026-W45|acknowledge')).toEqual({ posts: 1, active_posted: 1, responses: 3, active_responded: 2 });
    expect(store.cells.get('week|all|2026-W45|all')).toMatchObject({ responses: 3, acknowledgements: 2 });
  });

  it('counts a reaction or a reply that arrives before its post in the post\'s cells once the post is published (a reply is no answer)', async () => {
    const inOrder = new MemoryStore();
    const early = new MemoryStore();
    const { manager, employee, events } = script();
    const question = events[2]!.aggregateId;
    const reply = envelope('comment', id(), 'feed.comment.added', { postId: question, authorId: manager, parentCommentId: id(), audience: org }, '2026-11-03T10:00:00Z');
    const reaction = envelope('reaction', id(), 'feed.reaction.added', { postId: question, targetId: question, userId: manager, audience: org }, '2026-11-03T11:00:00Z');
    const vote = envelope('response', id(), 'feed.response.voted', { postId: question, userId: employee, optionIds: ['1'], previousOptionIds: [], audience: org }, '2026-11-03T12:00:00Z');
    for (const e of [...events, reply, reaction, vote]) await new InsightsIngest(inOrder, SECRET).handle(e);
    const ingest = new InsightsIngest(early, SECRET);
    await ingest.handle(events[0]!);
    await ingest.handle(events[1]!);
    await ingest.handle(reply);
    await ingest.handleBatch([reaction, vote]);
    expect(early.waiting.get(question)).toHaveLength(3);
    expect(early.cells.get('week|postKind|2026-W45|question')).toBeUndefined();
    for (const e of [events[2]!, events[3]!, reply, reaction, vote, events[2]!]) await ingest.handle(e);
    expect(early.cells).toEqual(inOrder.cells);
    expect(early.cells.get('week|postKind|2026-W45|question')).toEqual({ posts: 1, active_posted: 1, comments: 1, active_commented: 1, reactions: 1, active_reacted: 1, responses: 1, active_responded: 1 });
    expect(early.cells.get('week|all|2026-W45|all')).not.toHaveProperty('questions_answered');
    expect(early.waiting.size).toBe(0);
  });

  it('parks the early activities of a batch with one write, keeps each once when the batch comes again, and counts them once', async () => {
    const inOrder = new MemoryStore();
    const early = new MemoryStore();
    const { manager, employee, events } = script();
    const later = envelope('post', id(), 'feed.post.published', { authorId: manager, audience: org, kind: 'update', callToAction: { kind: 'fyi' } }, '2026-11-03T09:45:00Z');
    const on = (postId: string, userId: string, at: string) => envelope('reaction', id(), 'feed.reaction.added', { postId, targetId: postId, userId, audience: org }, at);
    const question = events[2]!.aggregateId;
    const batch = [on(question, manager, '2026-11-03T10:00:00Z'), on(later.aggregateId, employee, '2026-11-03T10:30:00Z'), on(question, employee, '2026-11-03T11:00:00Z')];
    for (const e of [...events, later, ...batch]) await new InsightsIngest(inOrder, SECRET).handle(e);
    const ingest = new InsightsIngest(early, SECRET);
    await ingest.handleBatch(events.slice(0, 2));
    await ingest.handleBatch(batch);
    await ingest.handleBatch(batch); // redelivered
    expect(early.parkCalls).toEqual([{ call: 'park', n: 3 }, { call: 'park', n: 3 }]);
    expect([...early.waiting].map(([post, list]) => [post, list.length])).toEqual([[question, 2], [later.aggregateId, 1]]);
    await ingest.handleBatch([events[2]!, events[3]!, later]);
    expect(early.cells).toEqual(inOrder.cells);
    expect(early.cells.get('week|postKind|2026-W45|question')).toMatchObject({ reactions: 2, active_reacted: 2 });
    expect(early.waiting.size).toBe(0);
  });

  it('settles the activities parked on every post of a batch of posts with one read, one applyMany and one removal, each question\'s earliest answer first', async () => {
    const inOrder = new MemoryStore();
    const early = new MemoryStore();
    const { manager, employee, events } = script();
    const second = envelope('post', id(), 'feed.post.published', { authorId: employee, audience: org, kind: 'question', callToAction: { kind: 'answer' } }, '2026-11-03T09:10:00Z');
    const answer = (postId: string, authorId: string, at: string) => envelope('comment', id(), 'feed.comment.added', { postId, authorId, parentCommentId: null, audience: org }, at);
    const question = events[2]!.aggregateId;
    // Handed over latest first: the 10:00 answers (an hour after each question) decide the answer times.
    const activity = [answer(question, manager, '2026-11-03T12:00:00Z'), answer(second.aggregateId, manager, '2026-11-03T13:00:00Z'), answer(question, manager, '2026-11-03T10:00:00Z'), answer(second.aggregateId, manager, '2026-11-03T10:10:00Z')];
    // The reference: the same events one by one, the answers in the order they were written.
    for (const e of [...events, second, ...[...activity].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))]) await new InsightsIngest(inOrder, SECRET).handle(e);
    const ingest = new InsightsIngest(early, SECRET);
    await ingest.handleBatch(events.slice(0, 2));
    await ingest.handleBatch(activity);
    const writes: string[][] = [];
    const applyMany = early.applyMany.bind(early);
    early.applyMany = async (list) => {
      writes.push(list.map((e) => e.eventId));
      return applyMany(list);
    };
    early.parkCalls.length = 0;
    await ingest.handleBatch([events[2]!, second, events[3]!]);
    expect(early.postWrites).toEqual([3]);
    expect(early.parkCalls).toEqual([{ call: 'parked', n: 3 }, { call: 'unpark', n: 4 }]);
    const settled = writes.filter((w) => w.some((e) => e.endsWith(':post')));
    expect(settled).toEqual([[activity[2]!, activity[0]!, activity[3]!, activity[1]!].flatMap((e) => [`${e.id}:post`, `${e.id}:answer`])]);
    expect(early.cells).toEqual(inOrder.cells);
    expect(early.cells.get('week|all|2026-W45|all')).toMatchObject({ questions: 2, questions_answered: 2, mgr_answer_count: 2, mgr_answer_seconds: 7_200 });
    expect(early.waiting.size).toBe(0);
    // The publications come again: nothing is parked any more, nothing changes.
    const before = structuredClone([...early.cells]);
    await ingest.handleBatch([events[2]!, second, events[3]!]);
    expect([...early.cells]).toEqual(before);
  });
});
