import type { ManagementLevel } from '@plein/identity/contracts';
import {
  departmentKey,
  locationKey,
  METRICS,
  onceFactId,
  orgUnitAncestry,
  pseudonymise,
  isLeader,
  periodEnd,
  periodsOf,
  type ActivityKind,
  type DurationFamily,
  type PersonDimensions,
  type PostDimensions,
  type PostEngagementKind,
} from '@plein/insights/domain';
import { PleinError, type EventEnvelope } from '@plein/shared/kernel';
import { activityEffects, countEffect, durationEffect, groupEffects, headcountChange, perCellPeopleEffects, postEngagementEffects, type Effect } from './effects';

/** A person's dimensions from a time on (identity's attributes as they were then). */
export interface PersonVersion extends PersonDimensions {
  readonly at: string;
  readonly active: boolean;
}

/** What insights keeps of a person under their pseudonymous key: the versions of their dimensions, oldest first. */
export interface PersonRecord {
  readonly lastSequence: number;
  readonly versions: readonly PersonVersion[];
}

/**
 * An activity on a post that arrived before the post: a comment (whether a top-level one answers a
 * question), a reaction or a response; its post-dimension cells are counted when the post comes.
 */
export interface ParkedAnswer {
  readonly eventId: string;
  readonly person: string;
  readonly at: string;
  /** What it was (absent: a top-level comment, the only thing parked before). */
  readonly activity?: PostEngagementKind;
  /** A comment that replies to another comment (never an answer). */
  readonly reply?: boolean;
  /** The event's counters for the post-dimension cells (absent: one comment). */
  readonly counters?: Readonly<Record<string, number>>;
}

/** An activity parked on the post it waits for. */
export interface ParkedEntry {
  readonly postId: string;
  readonly answer: ParkedAnswer;
}

/** The effects of one event. */
export interface EventEffects {
  readonly eventId: string;
  readonly effects: readonly Effect[];
}

/** What insights keeps of a post: enough to count answers, acknowledgements and idea moves in the author's cells. */
export interface PostRecord {
  readonly lastSequence: number;
  readonly kind: string;
  readonly author: string;
  /** The author's dimensions when the post was published: questions and ideas count there. */
  readonly authorDims: PersonDimensions;
  readonly publishedAt: string;
  readonly ideaStatus: string | null;
  readonly ideaSince: string | null;
  /** The kind of its call to action (absent in records written before it was kept: `fyi`). */
  readonly callToAction?: string;
}

/** The post dimensions of a post record. */
const postDims = (post: PostRecord): PostDimensions => ({ kind: post.kind, callToAction: post.callToAction ?? 'fyi' });

/** An event that cannot be counted yet (its person or post has not arrived from its own topic): retried by the processor. */
export class NotYetKnownError extends PleinError {
  readonly code = 'INSIGHTS.NOT_YET_KNOWN';
  readonly kind = 'unavailable' as const;
  readonly retriable = true;
}

/** The storage the ingest needs (Mongo adapter in @plein/insights/infrastructure, in-memory fake in unit tests). */
export interface IngestStore {
  person(person: string): Promise<PersonRecord | null>;
  people(persons: readonly string[]): Promise<ReadonlyMap<string, PersonRecord>>;
  post(postId: string): Promise<PostRecord | null>;
  /** Inserts the effects' facts and increments the counters of the newly inserted ones, exactly once per event (crash-safe). */
  apply(eventId: string, effects: readonly Effect[]): Promise<void>;
  /** `apply` for the events of a batch, in order, with a few round trips for all of them; same guarantees. */
  applyMany(events: readonly EventEffects[]): Promise<void>;
  posts(postIds: readonly string[]): Promise<ReadonlyMap<string, PostRecord>>;
  /**
   * Keeps activities whose post has not arrived yet until the post is published: one write for all
   * of them, idempotent by post and event id (a redelivered entry is kept once).
   */
  park(entries: readonly ParkedEntry[]): Promise<void>;
  /** The activities parked on these posts (those without any are absent), one read for all of them. */
  parked(postIds: readonly string[]): Promise<ReadonlyMap<string, readonly ParkedAnswer[]>>;
  /** Removes these entries (settled), one write for all of them; entries parked meanwhile stay. */
  unpark(entries: readonly ParkedEntry[]): Promise<void>;
  /** Sequence-guarded: appends a version (null: only the sequence moves). */
  putPerson(person: string, sequence: number, version: PersonVersion | null): Promise<void>;
  /**
   * putPerson for the moves of a batch: each person's in order, several people at once; the first
   * records (sequence 1: a provisioning) of all of them may be written with one insert (a record
   * already there is a redelivery).
   */
  putPeople(moves: readonly PersonMove[]): Promise<void>;
  /** Sequence-guarded: sets the post's fields (null: only the sequence moves). */
  putPost(postId: string, sequence: number, fields: Partial<Omit<PostRecord, 'lastSequence'>> | null): Promise<void>;
  /** putPost for the moves of a batch, like putPeople: the first records (publications) may be written with one insert. */
  putPosts(moves: readonly PostMove[]): Promise<void>;
}

/** The person's dimensions at `at`: the last version from before it (or the first, for an activity stamped before it). */
export function dimsAt(record: PersonRecord, at: string): PersonVersion {
  let found = record.versions[0]!;
  for (const v of record.versions) if (v.at <= at) found = v;
  return found;
}

const dimsOf = (v: PersonDimensions): PersonDimensions => ({ level: v.level, orgUnit: v.orgUnit, location: v.location });

/** True when the leader's org unit is the question's or above it (a leader answering their own people). */
export const ownOrgUnit = (leader: PersonDimensions, asker: PersonDimensions): boolean =>
  !!leader.orgUnit && !!asker.orgUnit && orgUnitAncestry(asker.orgUnit).includes(leader.orgUnit);

const seconds = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 1000;

interface AudienceLike {
  readonly kind?: string;
  readonly groupId?: string;
}
type Data = Record<string, unknown> & { audience?: AudienceLike };

/** Idea states whose time is measured when an idea leaves them. */
const TIMED_IDEA_STATES = new Set(['proposed', 'under-review', 'planned']);

/**
 * Turns the consumed events (identity users, feed activity, insights visits) into facts and
 * counters. Every event is applied exactly once by IngestStore.apply (keyed by the event id);
 * people and posts are sequence-guarded per aggregate, and their effects are applied BEFORE the
 * record moves on, so a crash in between recomputes the same effects from the same state.
 */
export class InsightsIngest {
  constructor(
    private readonly store: IngestStore,
    private readonly secret: string,
  ) {}

  /** Pseudonymous key of a user id. */
  key(userId: string): string {
    return pseudonymise(userId, this.secret);
  }

  /**
   * A batch of one partition, in order. Activity events (comments, reactions, responses, RSVPs,
   * roster places, visits) change no person or post: their people and posts are read with one
   * query each, their effects computed, then written with IngestStore.applyMany. A batch holding
   * identity or post events (which move the people and posts records) is handled stream by
   * stream: each person's or post's events in order, 16 streams at once.
   */
  async handleBatch(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length > 1 && events.every((e) => e.aggregateType === 'user')) return this.usersBatch(events);
    if (events.length > 1 && events.every((e) => e.aggregateType === 'post')) return this.postsBatch(events);
    if (events.some((e) => !STATELESS.has(e.aggregateType))) {
      // People and posts are independent of each other: each one's events in order, several at once.
      const queue = [...Map.groupBy(events, (e) => `${e.aggregateType}:${e.aggregateId}`).values()];
      const worker = async () => {
        for (let stream = queue.shift(); stream; stream = queue.shift()) for (const event of stream) await this.handle(event);
      };
      await Promise.all(Array.from({ length: Math.min(STREAMS_AT_ONCE, queue.length) }, worker));
      return;
    }
    const persons = new Set<string>();
    const postIds = new Set<string>();
    for (const event of events) {
      const data = event.data as Data;
      if (event.aggregateType === 'visit') persons.add(data['person'] as string);
      else persons.add(this.key((data['userId'] ?? data['authorId']) as string));
      if (typeof data['postId'] === 'string') postIds.add(data['postId']);
    }
    const [people, posts] = await Promise.all([this.store.people([...persons]), postIds.size ? this.store.posts([...postIds]) : Promise.resolve(new Map<string, PostRecord>())]);
    // A comment before its post is counted with the rest; its answer is parked after the batch's
    // write (as handle() does: count, park, then look whether the post arrived meanwhile).
    // The parked entries are written with one bulk write, then the posts that arrived meanwhile
    // read with one query and their entries settled with one applyMany.
    const planned: EventEffects[] = [];
    const parked: ParkedEntry[] = [];
    const planner = new InsightsIngest(new PlanningStore(people, posts, planned, parked), this.secret);
    for (const event of events) await planner.handle(event);
    await this.store.applyMany(planned);
    if (!parked.length) return;
    await this.store.park(parked);
    const arrived = await this.store.posts([...new Set(parked.map((p) => p.postId))]);
    if (arrived.size) await this.settle(arrived, groupByPost(parked.filter((p) => arrived.has(p.postId))));
  }

  /**
   * A batch of identity's events: the people are read with one query, every event planned in
   * order against them in memory, all headcount changes written with one IngestStore.applyMany,
   * and only then the people's records moved (IngestStore.putPeople: sequence-guarded, the
   * provisionings with one insert), so a retry after a crash recomputes the same effects from the
   * same records.
   */
  private async usersBatch(events: readonly EventEnvelope[]): Promise<void> {
    const people = new Map(await this.store.people([...new Set(events.map((e) => this.key(e.aggregateId)))]));
    const planned: EventEffects[] = [];
    const moves: PersonMove[] = [];
    const planner = new InsightsIngest(new PlanningStore(people, new Map(), planned, [], moves), this.secret);
    for (const event of events) await planner.handle(event);
    await this.store.applyMany(planned);
    await this.store.putPeople(moves);
  }

  /**
   * A batch of post events, like usersBatch: the posts and their authors read with one query each,
   * every event planned in order in memory, all effects written with one IngestStore.applyMany,
   * then the posts' records moved (IngestStore.putPosts: the publications with one insert) and only then the activities parked on the
   * batch's published posts settled, all of them at once: read with one query, applied with one
   * applyMany, removed with one write (settleParked).
   */
  private async postsBatch(events: readonly EventEnvelope[]): Promise<void> {
    const authors = new Set<string>();
    for (const event of events) {
      const author = (event.data as Data)['authorId'];
      if (typeof author === 'string') authors.add(this.key(author));
    }
    const [posts, people] = await Promise.all([this.store.posts([...new Set(events.map((e) => e.aggregateId))]), this.store.people([...authors])]);
    const planned: EventEffects[] = [];
    const moves: PostMove[] = [];
    const records = new Map(posts);
    const planner = new InsightsIngest(new PlanningStore(people, records, planned, [], undefined, moves), this.secret);
    for (const event of events) await planner.handle(event);
    await this.store.applyMany(planned);
    await this.store.putPosts(moves);
    const published = [...new Set(events.filter((e) => e.type === 'feed.post.published').map((e) => e.aggregateId))];
    if (!published.length) return;
    // The records as planned (and now written): not read again.
    await this.settleParked(new Map(published.flatMap((postId) => (records.has(postId) ? [[postId, records.get(postId)!] as const] : []))));
  }

  async handle(event: EventEnvelope): Promise<void> {
    const data = event.data as Data;
    if (event.aggregateType === 'user') return this.user(event, data);
    if (event.aggregateType === 'post') return this.post(event, data);
    // A visit counts on its day (the event may be stored a little later, e.g. just after midnight).
    if (event.type === 'insights.visit.recorded') return this.activity({ ...event, occurredAt: `${data['day'] as string}T12:00:00.000Z` }, data['person'] as string, ['visited']);
    if (event.type === 'feed.comment.added') return this.comment(event, data);
    if (event.type === 'feed.reaction.added') return this.onPost(event, data, 'reacted', { [METRICS.reactions]: 1 });
    if (event.type === 'feed.response.acknowledged') return this.acknowledged(event, data);
    if (event.type === 'feed.response.registered') return this.onPost(event, data, 'responded', { [METRICS.responses]: 1 });
    if (event.type === 'feed.response.voted') {
      const first = ((data['previousOptionIds'] as unknown[]) ?? []).length === 0;
      return this.onPost(event, data, 'responded', first ? { [METRICS.responses]: 1 } : {});
    }
    if (event.type === 'feed.roster.place-taken') {
      return this.activity(event, this.key(data['userId'] as string), ['responded'], { [METRICS.responses]: 1 }, data.audience);
    }
    if (event.type === 'feed.rsvp.answered') {
      return this.activity(event, this.key(data['userId'] as string), ['responded'], data['previousAnswer'] === null ? { [METRICS.responses]: 1 } : {}, data.audience);
    }
  }

  private async known(person: string): Promise<PersonRecord> {
    const record = await this.store.person(person);
    if (!record) throw new NotYetKnownError('the person is not known yet (their identity events have not arrived)', { person });
    return record;
  }

  /** An activity of `kinds` by a person (+ per-event counters, + the group's activity for a group audience). */
  private async activity(event: EventEnvelope, person: string, kinds: readonly ActivityKind[], counters: Readonly<Record<string, number>> = {}, audience?: AudienceLike, extra: Effect[] = []): Promise<void> {
    const record = await this.known(person);
    await this.store.apply(event.id, [...this.activityPlan(event, record, person, kinds, counters, audience), ...extra]);
  }

  /**
   * A reaction or a response on a post: the person's activity and the event's counters in their
   * cells, and the same in the post's cells (postKind, callToAction), now if the post is known,
   * else parked until it is published (like a comment).
   */
  private async onPost(event: EventEnvelope, data: Data, kind: 'reacted' | 'responded', counters: Readonly<Record<string, number>>, kinds: readonly ActivityKind[] = [kind], extra: Effect[] = []): Promise<void> {
    const person = this.key(data['userId'] as string);
    const record = await this.known(person);
    const postId = data['postId'] as string;
    const post = await this.store.post(postId);
    const counted = [...this.activityPlan(event, record, person, kinds, counters, data.audience), ...extra];
    if (post) return this.store.apply(event.id, [...counted, ...postEngagementEffects(event.id, person, postDims(post), kind, new Date(event.occurredAt), counters)]);
    await this.store.apply(event.id, counted);
    await this.parkUntilPublished(postId, { eventId: event.id, person, at: event.occurredAt, activity: kind, counters });
  }

  /** Parks an activity on a post insights has not seen yet, then settles it if the post arrived meanwhile. */
  private async parkUntilPublished(postId: string, parked: ParkedAnswer): Promise<void> {
    await this.store.park([{ postId, answer: parked }]);
    const arrived = await this.store.post(postId);
    if (arrived) await this.settle(new Map([[postId, arrived]]), new Map([[postId, [parked]]]));
  }

  private activityPlan(event: EventEnvelope, record: PersonRecord, person: string, kinds: readonly ActivityKind[], counters: Readonly<Record<string, number>>, audience?: AudienceLike): Effect[] {
    const at = new Date(event.occurredAt);
    const dims = dimsOf(dimsAt(record, event.occurredAt));
    const effects = kinds.flatMap((kind) => activityEffects(person, dims, kind, at));
    if (Object.keys(counters).length) effects.push(countEffect(onceFactId('event', event.id), dims, at, counters));
    if (audience?.kind === 'group' && audience.groupId) effects.push(...groupEffects(audience.groupId, at));
    return effects;
  }

  private async user(event: EventEnvelope, data: Data): Promise<void> {
    const person = this.key(event.aggregateId);
    const record = await this.store.person(person);
    const last = record?.lastSequence ?? 0;
    if (event.sequence <= last) return; // redelivered
    const current = record?.versions[record.versions.length - 1] ?? null;
    let next: PersonVersion | null = null;
    if (event.type === 'identity.user.provisioned') {
      next = {
        at: event.occurredAt,
        level: data['managementLevel'] as ManagementLevel,
        orgUnit: departmentKey(data['department'] as string | undefined),
        location: locationKey(data['location'] as string | undefined),
        active: true,
      };
    } else if (current && event.type === 'identity.user.attributes-changed') {
      const changes = (data['changes'] ?? {}) as Record<string, unknown>;
      if ('managementLevel' in changes || 'department' in changes || 'location' in changes) {
        next = {
          ...current,
          at: event.occurredAt,
          ...('managementLevel' in changes && changes['managementLevel'] ? { level: changes['managementLevel'] as ManagementLevel } : {}),
          ...('department' in changes ? { orgUnit: departmentKey(changes['department'] as string | null) } : {}),
          ...('location' in changes ? { location: locationKey(changes['location'] as string | null) } : {}),
        };
      }
    } else if (current && (event.type === 'identity.user.deactivated' || event.type === 'identity.user.reactivated')) {
      next = { ...current, at: event.occurredAt, active: event.type === 'identity.user.reactivated' };
    }
    if (next) {
      const change = headcountChange(current?.active ? dimsOf(current) : null, next.active ? dimsOf(next) : null);
      const month = periodsOf(new Date(event.occurredAt))[2]!;
      if (change.increments.length) await this.store.apply(event.id, [{ factId: onceFactId('event', event.id), periodEnd: periodEnd(month), increments: change.increments }]);
    }
    await this.store.putPerson(person, event.sequence, next);
  }

  private async post(event: EventEnvelope, data: Data): Promise<void> {
    const post = await this.store.post(event.aggregateId);
    const last = post?.lastSequence ?? 0;
    if (event.sequence <= last) {
      // A redelivered publication settles comments parked meanwhile (an earlier try may have died before).
      if (event.type === 'feed.post.published' && post) await this.settleParked(new Map([[event.aggregateId, post]]));
      return;
    }
    if (event.sequence > last + 1) throw new NotYetKnownError('an earlier event of the post has not arrived yet', { postId: event.aggregateId, expected: last + 1, received: event.sequence });
    if (event.type === 'feed.post.published') {
      const author = this.key(data['authorId'] as string);
      const record = await this.known(author);
      const dims = dimsOf(dimsAt(record, event.occurredAt));
      const kind = (data['kind'] as string | undefined) ?? 'update';
      const question = kind === 'question';
      const counters: Record<string, number> = { [METRICS.posts]: 1, ...(question ? { [METRICS.questions]: 1 } : {}) };
      const cta = (data['callToAction'] as { kind?: string } | undefined)?.kind;
      if (cta === 'acknowledge' && data.audience?.kind === 'organisation') counters[METRICS.ackPosts] = 1;
      const dimensions: PostDimensions = { kind, callToAction: cta ?? 'fyi' };
      await this.store.apply(event.id, [
        ...this.activityPlan(event, record, author, question ? ['posted', 'asked'] : ['posted'], counters, data.audience),
        ...postEngagementEffects(event.id, author, dimensions, 'posted', new Date(event.occurredAt), { [METRICS.posts]: 1 }),
      ]);
      await this.store.putPost(event.aggregateId, event.sequence, {
        kind,
        author,
        authorDims: dims,
        publishedAt: event.occurredAt,
        ideaStatus: kind === 'idea' ? 'proposed' : null,
        ideaSince: kind === 'idea' ? event.occurredAt : null,
        callToAction: dimensions.callToAction,
      });
      const stored = await this.store.post(event.aggregateId);
      if (stored) await this.settleParked(new Map([[event.aggregateId, stored]]));
      return;
    }
    if (!post) throw new NotYetKnownError('the post has not arrived yet', { postId: event.aggregateId });
    if (event.type === 'feed.post.answer-accepted' && post.kind === 'question') {
      const at = new Date(post.publishedAt);
      await this.store.apply(event.id, [
        durationEffect(onceFactId('accepted', event.aggregateId), post.authorDims, at, 'accepted_answer', seconds(post.publishedAt, event.occurredAt), { [METRICS.questionsAccepted]: 1 }),
        ...perCellPeopleEffects(post.author, post.authorDims, at, 'accepted', METRICS.acceptedAnswerPeople),
      ]);
      await this.store.putPost(event.aggregateId, event.sequence, null);
      return;
    }
    if (event.type === 'feed.post.idea-status-changed' && post.kind === 'idea') {
      const from = (data['previousStatus'] as string | undefined) ?? post.ideaStatus ?? 'proposed';
      const to = data['status'] as string;
      const at = new Date(event.occurredAt);
      const extra = { [METRICS.ideaTransition(from, to)]: 1 };
      const effects: Effect[] = [
        TIMED_IDEA_STATES.has(from) && post.ideaSince
          ? durationEffect(onceFactId('event', event.id), post.authorDims, at, `idea_time_${from}` as DurationFamily, seconds(post.ideaSince, event.occurredAt), extra)
          : countEffect(onceFactId('event', event.id), post.authorDims, at, extra),
        ...perCellPeopleEffects(post.author, post.authorDims, at, 'idea-author', METRICS.ideaAuthors),
      ];
      await this.store.apply(event.id, effects);
      await this.store.putPost(event.aggregateId, event.sequence, { ideaStatus: to, ideaSince: event.occurredAt });
      return;
    }
    await this.store.putPost(event.aggregateId, event.sequence, null);
  }

  private async comment(event: EventEnvelope, data: Data): Promise<void> {
    const person = this.key(data['authorId'] as string);
    const record = await this.known(person);
    const postId = data['postId'] as string;
    const post = await this.store.post(postId);
    const counted = this.activityPlan(event, record, person, ['commented'], { [METRICS.comments]: 1 }, data.audience);
    const comment = { [METRICS.comments]: 1 };
    if (!post) {
      // The post is still on its own topic: count the comment now; whether it answers a question,
      // and its post's cells, are settled when the post is published (or right here, if it was meanwhile).
      await this.store.apply(event.id, counted);
      return this.parkUntilPublished(postId, { eventId: event.id, person, at: event.occurredAt, activity: 'commented', counters: comment, ...(data['parentCommentId'] !== null ? { reply: true } : {}) });
    }
    const answer = data['parentCommentId'] === null ? this.answerEffects(postId, post, person, record, event.occurredAt) : [];
    await this.store.apply(event.id, [...counted, ...answer, ...postEngagementEffects(event.id, person, postDims(post), 'commented', new Date(event.occurredAt), comment)]);
  }

  /** An answer (a top-level comment on someone else's question): the answerer's activity, the question's first answer, a leader's answer time. */
  private answerEffects(postId: string, post: PostRecord, person: string, record: PersonRecord, occurredAt: string): Effect[] {
    if (post.kind !== 'question' || post.author === person) return [];
    const dims = dimsOf(dimsAt(record, occurredAt));
    const at = new Date(post.publishedAt);
    const effects: Effect[] = [...activityEffects(person, dims, 'answered', new Date(occurredAt)), countEffect(onceFactId('first-answer', postId), post.authorDims, at, { [METRICS.questionsAnswered]: 1 })];
    if (isLeader(dims.level) && ownOrgUnit(dims, post.authorDims)) {
      effects.push(durationEffect(onceFactId('first-leader-answer', postId), post.authorDims, at, 'mgr_answer', seconds(post.publishedAt, occurredAt)));
      effects.push(...perCellPeopleEffects(person, post.authorDims, at, 'mgr-answer', METRICS.mgrAnswerPeople));
    }
    return effects;
  }

  /**
   * Settles the activities parked on these (published) posts: read with one query, applied with
   * one applyMany, then removed with one write (after their effects are written: a crash in
   * between settles them again, exactly once through their event ids).
   */
  private async settleParked(posts: ReadonlyMap<string, PostRecord>): Promise<void> {
    if (!posts.size) return;
    const parked = await this.store.parked([...posts.keys()]);
    if (!parked.size) return;
    await this.settle(posts, parked);
    await this.store.unpark([...parked].flatMap(([postId, answers]) => answers.map((answer) => ({ postId, answer }))));
  }

  /**
   * Applies parked activities of posts with one applyMany, each post's oldest first: their post's
   * cells (each once, under `<event>:post`) and top-level comments as answers (under
   * `<event>:answer`). The answerers of all of them are read with one query.
   */
  private async settle(posts: ReadonlyMap<string, PostRecord>, parked: ReadonlyMap<string, readonly ParkedAnswer[]>): Promise<void> {
    const isAnswer = (entry: ParkedAnswer) => (entry.activity ?? 'commented') === 'commented' && !entry.reply;
    const sorted = [...parked].flatMap(([postId, answers]) => {
      const post = posts.get(postId);
      return post ? [{ postId, post, entries: [...answers].sort((a, b) => a.at.localeCompare(b.at)) }] : [];
    });
    // Answers count only on someone else's question: their people are read (one query) only then.
    const answerers = [...new Set(sorted.flatMap(({ post, entries }) => (post.kind === 'question' ? entries.filter(isAnswer).map((e) => e.person) : [])))];
    const people = answerers.length ? await this.store.people(answerers) : new Map<string, PersonRecord>();
    // One applyMany for all of them, each post's oldest first: a question's first-answer once-fact goes to the first of the batch naming it.
    const batch: EventEffects[] = [];
    for (const { postId, post, entries } of sorted) {
      for (const entry of entries) {
        const activity = entry.activity ?? 'commented';
        batch.push({ eventId: `${entry.eventId}:post`, effects: postEngagementEffects(entry.eventId, entry.person, postDims(post), activity, new Date(entry.at), entry.counters ?? { [METRICS.comments]: 1 }) });
        if (!isAnswer(entry) || post.kind !== 'question') continue;
        const record = people.get(entry.person);
        if (!record) throw new NotYetKnownError('the person is not known yet (their identity events have not arrived)', { person: entry.person });
        batch.push({ eventId: `${entry.eventId}:answer`, effects: this.answerEffects(postId, post, entry.person, record, entry.at) });
      }
    }
    if (batch.length) await this.store.applyMany(batch);
  }

  private async acknowledged(event: EventEnvelope, data: Data): Promise<void> {
    const person = this.key(data['userId'] as string);
    const record = await this.known(person);
    const extra: Effect[] = [];
    if (data.audience?.kind === 'organisation') {
      const dims = dimsOf(dimsAt(record, event.occurredAt));
      extra.push(countEffect(onceFactId('ack', `${data['postId'] as string}|${person}`), dims, new Date(event.occurredAt), { [METRICS.acknowledgements]: 1 }));
    }
    await this.onPost(event, data, 'responded', { [METRICS.responses]: 1 }, ['responded', 'acknowledged'], extra);
  }
}

/** Entries by post, in the order given. */
const groupByPost = (entries: readonly ParkedEntry[]): Map<string, ParkedAnswer[]> => new Map([...Map.groupBy(entries, (e) => e.postId)].map(([postId, list]) => [postId, list.map((e) => e.answer)]));

/** How many people or posts of one batch are applied at once. */
const STREAMS_AT_ONCE = 16;

/** Aggregate types whose events only add activity (no person or post record moves). */
const STATELESS = new Set(['comment', 'reaction', 'response', 'rsvp', 'roster', 'visit']);

/** A post record's move planned in a batch of post events. */
export interface PostMove {
  readonly postId: string;
  readonly sequence: number;
  readonly fields: Partial<Omit<PostRecord, 'lastSequence'>> | null;
}

/** A person record's move planned in a batch of identity's events. */
export interface PersonMove {
  readonly person: string;
  readonly sequence: number;
  readonly version: PersonVersion | null;
}

/** The store a batch is planned against: prefetched people and posts, effects collected instead of written. */
class PlanningStore implements IngestStore {
  constructor(
    private readonly known: ReadonlyMap<string, PersonRecord>,
    private readonly knownPosts: ReadonlyMap<string, PostRecord>,
    private readonly planned: EventEffects[],
    private readonly parkedAnswers: ParkedEntry[],
    /** Given for a batch of identity's events: person moves are collected (and seen by later events of the batch). */
    private readonly moves?: PersonMove[],
    /** Given for a batch of post events: post moves are collected (and seen by later events of the batch). */
    private readonly postMoves?: PostMove[],
  ) {}
  async person(person: string): Promise<PersonRecord | null> {
    return this.known.get(person) ?? null;
  }
  async people(persons: readonly string[]): Promise<ReadonlyMap<string, PersonRecord>> {
    return new Map(persons.flatMap((p) => (this.known.has(p) ? [[p, this.known.get(p)!] as const] : [])));
  }
  async post(postId: string): Promise<PostRecord | null> {
    return this.knownPosts.get(postId) ?? null;
  }
  async posts(postIds: readonly string[]): Promise<ReadonlyMap<string, PostRecord>> {
    return new Map(postIds.flatMap((p) => (this.knownPosts.has(p) ? [[p, this.knownPosts.get(p)!] as const] : [])));
  }
  async apply(eventId: string, effects: readonly Effect[]): Promise<void> {
    if (effects.length) this.planned.push({ eventId, effects });
  }
  async applyMany(events: readonly EventEffects[]): Promise<void> {
    this.planned.push(...events);
  }
  /** Parked after the batch's effects are written. */
  async park(entries: readonly ParkedEntry[]): Promise<void> {
    this.parkedAnswers.push(...entries);
  }
  async parked(): Promise<ReadonlyMap<string, readonly ParkedAnswer[]>> {
    return new Map();
  }
  unpark(): Promise<void> {
    throw new Error('a planned batch unparks nothing');
  }
  async putPerson(person: string, sequence: number, version: PersonVersion | null): Promise<void> {
    if (!this.moves) throw new Error('a planned batch of activity moves no person');
    this.moves.push({ person, sequence, version });
    const record = this.known.get(person);
    (this.known as Map<string, PersonRecord>).set(person, { lastSequence: sequence, versions: version ? [...(record?.versions ?? []), version] : (record?.versions ?? []) });
  }
  async putPeople(moves: readonly PersonMove[]): Promise<void> {
    for (const m of moves) await this.putPerson(m.person, m.sequence, m.version);
  }
  async putPosts(moves: readonly PostMove[]): Promise<void> {
    for (const m of moves) await this.putPost(m.postId, m.sequence, m.fields);
  }
  async putPost(postId: string, sequence: number, fields: Partial<Omit<PostRecord, 'lastSequence'>> | null): Promise<void> {
    if (!this.postMoves) throw new Error('a planned batch of activity moves no post');
    this.postMoves.push({ postId, sequence, fields });
    (this.knownPosts as Map<string, PostRecord>).set(postId, { ...(this.knownPosts.get(postId) ?? ({} as PostRecord)), ...(fields ?? {}), lastSequence: sequence });
  }
}
