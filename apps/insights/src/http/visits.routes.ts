import { route } from '@plein/shared/platform';

/** The Idempotency-Key header (the shared rule: 1-200 visible ASCII characters). */
const IDEMPOTENCY_HEADERS = [
  { name: 'Idempotency-Key', description: 'Repeat the request safely (1-200 visible ASCII characters); a visit counts once per person and day anyway.', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } },
];

/** Sent by clients (or the edge) when a signed-in person opens Plein; counts at most once per person and UTC day. */
export const RECORD_VISIT = route({
  method: 'post',
  path: '/v1/insights/visits',
  summary: 'Count that the caller visited Plein today (at most once per person and UTC day; later calls change nothing).',
  description:
    'For the adoption figures of insights. Stores only a pseudonymous key of the caller (a keyed hash) and the day; answers nothing about anyone.',
  auth: 'bearer',
  tags: ['insights'],
  headers: IDEMPOTENCY_HEADERS,
  status: 204,
});
