import { monthKey, periodEnd, type Granularity, type Period } from '../cells/periods';
import type { ActivityKind } from '../cells/metrics';

/**
 * A pseudonymous person-period fact: "person P did <kind> in <period>". Insert-only under its
 * unique key; the cells count a person once per period because a counter is incremented only
 * when the fact is newly inserted. Facts are needed only while a period can still receive
 * events; the retention purge removes them after that (the cells stay).
 */
export interface PersonPeriodFact {
  /** `<person>|<granularity>:<period>|<kind>`: the unique key. */
  readonly id: string;
  /** Pseudonymous key of the person: HMAC-SHA-256 of the user id under the configured secret. */
  readonly person: string;
  readonly granularity: Granularity;
  readonly period: string;
  readonly kind: FactKind;
  /** End of the period: the retention purge deletes facts whose period ended before its horizon. */
  readonly periodEnd: Date;
  /** Id of the event that inserted it: a redelivery of that event finds its own fact (see docs/insights/ingestion.md). */
  readonly by: string;
}

/**
 * Activity kinds, plus the derived kinds a person counts in once per period: `active` (any
 * adoption kind), `leader` (active as a manager, director or board member), `role-model`,
 * `mgr-answer` (answered a question of their org unit first among its leaders), `accepted`
 * (asked a question that got an accepted answer) and `idea-author` (an idea of theirs moved).
 */
export type FactKind = ActivityKind | 'active' | 'leader' | 'role-model' | 'mgr-answer' | 'accepted' | 'idea-author';

export const factId = (person: string, period: Period, kind: FactKind): string => `${person}|${period.granularity}:${period.key}|${kind}`;

/**
 * A once-per-thing fact, not per period: a post counted once, a question's first answer, one
 * acknowledgement per person and post. Same collection and unique key rule; `subject` is an
 * event or aggregate id, never a user id. Kept for the retention too (periodEnd of the month).
 */
export const onceFactId = (scope: 'event' | 'first-answer' | 'first-leader-answer' | 'accepted' | 'ack' | 'group', subject: string): string =>
  `${scope}|${subject}`;

/** Where a person-period fact is stored: one document per person (or group) and month holds all their facts of that month. */
export interface FactSlot {
  /** `<person>|<month>`: the month of a day or month fact; for a week fact, the month of the week's Thursday (so a week has one document). */
  readonly document: string;
  /** `<granularity>:<period>|<kind>`: the fact within the document. */
  readonly field: string;
}

const WEEK_END_TO_THURSDAY_MS = 4 * 86_400_000;

/**
 * The slot of a person-period fact id (`<person>|<granularity>:<period>|<kind>`), or null for a
 * once-fact (`event|…`, `first-answer|…`, `ack|<post>|<person>`), which is stored on its own.
 */
export function factSlot(id: string): FactSlot | null {
  const first = id.indexOf('|');
  const second = first < 0 ? -1 : id.indexOf('|', first + 1);
  if (second < 0) return null;
  const period = id.slice(first + 1, second);
  const colon = period.indexOf(':');
  const granularity = period.slice(0, colon);
  const key = period.slice(colon + 1);
  let month: string;
  if (granularity === 'day' || granularity === 'month') month = key.slice(0, 7);
  else if (granularity === 'week') month = monthKey(new Date(periodEnd({ granularity, key }).getTime() - WEEK_END_TO_THURSDAY_MS));
  else return null;
  return { document: `${id.slice(0, first)}|${month}`, field: id.slice(first + 1) };
}
