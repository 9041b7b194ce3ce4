/**
 * The insights benches' organisation and year of activity (deterministic: the same every run),
 * shared by ingest.ts (Kafka path and fill) and dense-query.ts (queries at goal density).
 */
import { pseudonymise } from '@plein/insights/domain';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';

export const SECRET = 'bench-insights-secret-0123456789abcdef';
export const YEAR_START = Date.UTC(2026, 0, 1);

/** Deterministic pseudo-random numbers (the same organisation and script every run). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DIVISIONS = ['Engineering', 'Sales', 'Operations', 'Finance', 'People', 'Support', 'Marketing', 'Legal'];
const LOCATIONS = ['Amsterdam', 'Utrecht', 'Rotterdam', 'Eindhoven', 'Berlin', 'London', 'Remote'];

export interface Person {
  readonly id: string;
  readonly level: 'employee' | 'manager' | 'director' | 'board';
  readonly department: string;
  readonly location: string;
}

export function organisation(size: number): Person[] {
  const random = rng(1);
  return Array.from({ length: size }, (_, i) => {
    const r = random();
    const level = i < 10 ? 'board' : r < 0.02 ? 'director' : r < 0.12 ? 'manager' : 'employee';
    const division = DIVISIONS[Math.floor(random() * DIVISIONS.length)]!;
    // Three levels of departments: 8 divisions × 6 departments × 5 teams.
    const department = `${division}/Dept ${1 + Math.floor(random() * 6)}/Team ${1 + Math.floor(random() * 5)}`;
    return { id: uuidv7(), level, department, location: LOCATIONS[Math.floor(random() * LOCATIONS.length)]! };
  });
}

export type Item = { readonly topic: string; readonly envelope: EventEnvelope };

export function envelope(aggregateType: string, aggregateId: string, type: string, version: number, data: unknown, occurredAt: string, sequence = 1): EventEnvelope {
  return { id: uuidv7(), type, version, source: `plein/${type.split('.')[0]!}`, aggregateType, aggregateId, sequence, occurredAt, correlationId: 'bench', causationId: 'bench', actorId: 'system:bench', data };
}

/** The year's activity: ~10 % posts (a fifth of them questions), 20 % comments, 45 % reactions, 5 % acknowledgements, 5 % RSVPs, 15 % visits. */
export function* activity(people: readonly Person[], events: number): Generator<Item> {
  const random = rng(2);
  const org = { kind: 'organisation' };
  const posts: string[] = [];
  const visited = new Set<string>();
  for (let n = 0; n < events; n++) {
    const at = new Date(YEAR_START + Math.floor((n / events) * 364 * 86_400_000) + Math.floor(random() * 3_600_000)).toISOString();
    const who = people[Math.floor(random() * random() * people.length)]!; // skewed: some people are far more active
    const r = random();
    if (r < 0.1 || posts.length === 0) {
      const postId = uuidv7();
      posts.push(postId);
      if (posts.length > 5_000) posts.shift();
      const kind = random() < 0.2 ? 'question' : 'update';
      const cta = random() < 0.05 ? { kind: 'acknowledge' } : { kind: 'fyi' };
      yield { topic: 'feed.post.events.v1', envelope: envelope('post', postId, 'feed.post.published', 2, { authorId: who.id, audience: org, kind, body: 'b', mentions: [], hashtags: [], links: [], attachments: [], callToAction: cta }, at) };
    } else if (r < 0.3) {
      const postId = posts[Math.floor(random() * posts.length)]!;
      yield { topic: 'feed.comment.events.v1', envelope: envelope('comment', uuidv7(), 'feed.comment.added', 1, { postId, authorId: who.id, parentCommentId: null, audience: org, body: 'c', mentions: [] }, at) };
    } else if (r < 0.75) {
      const postId = posts[Math.floor(random() * posts.length)]!;
      yield { topic: 'feed.reaction.events.v1', envelope: envelope('reaction', uuidv7(), 'feed.reaction.added', 2, { targetType: 'post', targetId: postId, postId, userId: who.id, kind: 'like', audience: org }, at) };
    } else if (r < 0.8) {
      const postId = posts[Math.floor(random() * posts.length)]!;
      yield { topic: 'feed.response.events.v1', envelope: envelope('response', uuidv7(), 'feed.response.acknowledged', 2, { postId, userId: who.id, round: 1, audience: org }, at) };
    } else if (r < 0.85) {
      yield { topic: 'feed.rsvp.events.v1', envelope: envelope('rsvp', uuidv7(), 'feed.rsvp.answered', 1, { agendaItemId: uuidv7(), userId: who.id, answer: 'yes', previousAnswer: null }, at) };
    } else {
      const person = pseudonymise(who.id, SECRET);
      const day = at.slice(0, 10);
      const id = `${person}.${day}`;
      if (visited.has(id)) {
        n--;
        continue;
      }
      visited.add(id);
      yield { topic: 'insights.visit.events.v1', envelope: envelope('visit', id, 'insights.visit.recorded', 1, { person, day }, at) };
    }
  }
}

