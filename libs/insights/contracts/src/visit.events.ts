import { defineEvent, defineTopic, object, topicName, type JsonSchema } from '@plein/shared/contracts';

/**
 * Visits: a person opened Plein on a day. Sent by clients or the edge through
 * `POST /v1/insights/visits`; at most one event per person and day (the stream is the person-day).
 */
export const insightsVisitTopic = defineTopic({
  name: topicName('insights', 'visit', 1),
  aggregateType: 'visit',
  description:
    'Days on which a person visited Plein, at most one event per person and day, for the adoption figures of insights. ' +
    'Pseudonymous: the event names the person only by their keyed hash, never by user id.',
  key: { description: 'The visit id `<person>.<day>`: the pseudonymous person key and the UTC day.', example: 'q1b2Yx0tW9T3m2n4o5p6q7r8s9t0u1v2w3x4y5z6A7B.2026-12-06' },
});

/** Pseudonymous key of a person: base64url HMAC-SHA-256 (43 characters). */
export const personKeySchema: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', description: 'HMAC-SHA-256 of the user id under the insights secret, base64url.' };
const daySchema: JsonSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'UTC day, YYYY-MM-DD.' };

export interface VisitRecordedV1 {
  /** Pseudonymous person key (never the user id). */
  person: string;
  /** The UTC day of the visit. */
  day: string;
}

export const visitRecordedV1 = defineEvent<VisitRecordedV1>({
  type: 'insights.visit.recorded',
  version: 1,
  aggregateType: 'visit',
  topic: insightsVisitTopic,
  description: 'A person visited Plein on a day (the first visit of that day; later ones record nothing).',
  schema: object({ person: personKeySchema, day: daySchema }, ['person', 'day']),
  example: { person: 'q1b2Yx0tW9T3m2n4o5p6q7r8s9t0u1v2w3x4y5z6A7B', day: '2026-12-06' },
});

/** `<person>.<day>`: one visit stream per person and day. */
export const visitId = (person: string, day: string): string => `${person}.${day}`;

export const visitContracts = [visitRecordedV1];
