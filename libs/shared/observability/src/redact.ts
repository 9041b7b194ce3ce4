/**
 * Logs must not carry personal data by default (GDPR: logs are copied widely and kept long).
 * Structured fields are allow-listed in the logger; free text gets these last-resort scrubs.
 */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(?::[^\s/@]*)?@/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

export function redact(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1[redacted]@').replace(EMAIL, '[email]').replace(BEARER, '$1 [redacted]');
}

/** Structured fields safe to log: identifiers and technical facts, never user content. */
export const DEFAULT_LOG_FIELDS: readonly string[] = [
  'eventId',
  'type',
  'version',
  'aggregateType',
  'aggregateId',
  'sequence',
  'causationId',
  'topic',
  'partition',
  'offset',
  'consumerGroup',
  'dependency',
  'reason',
  'code',
  'status',
  'method',
  'route',
  'durationMs',
  'attempt',
  'count',
  'port',
  'url',
];
