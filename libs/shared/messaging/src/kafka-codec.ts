import type { EventEnvelope } from '@plein/shared/kernel';

/**
 * Kafka binding of the event envelope (docs/contracts.md, "Headers"): the value is the whole
 * envelope as JSON, the key is the aggregate id, and the CloudEvents "binary-mode" attributes
 * plus `traceparent` are copied into headers so consumers can route and trace without parsing
 * the value.
 */
export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export const HEADER = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  specversion: 'ce_specversion',
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  /** Not CloudEvents: the payload schema version, so consumers can route before parsing. */
  version: 'plein_version',
} as const;

export function encodeEnvelope(envelope: EventEnvelope): KafkaRecord {
  const headers: Record<string, string> = {
    [HEADER.id]: envelope.id,
    [HEADER.type]: envelope.type,
    [HEADER.source]: envelope.source,
    [HEADER.time]: envelope.occurredAt,
    [HEADER.specversion]: '1.0',
    [HEADER.contentType]: 'application/json',
    [HEADER.version]: String(envelope.version),
  };
  if (envelope.traceparent) headers[HEADER.traceparent] = envelope.traceparent;
  if (envelope.tracestate) headers[HEADER.tracestate] = envelope.tracestate;
  return { key: envelope.aggregateId, value: JSON.stringify(envelope), headers };
}

/** Header values as kafkajs hands them over (Buffer, string, arrays, or undefined). */
export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export function headersToStrings(raw: RawHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

export class MalformedMessageError extends Error {
  readonly code = 'MESSAGING.MALFORMED_MESSAGE';
}

const REQUIRED: (keyof EventEnvelope)[] = [
  'id', 'type', 'version', 'source', 'aggregateType', 'aggregateId', 'sequence', 'occurredAt', 'correlationId', 'causationId', 'actorId', 'data',
];

/**
 * Parses a message value into an envelope, checking only the envelope's own shape. The payload
 * (`data`) is validated against its (type, version) JSON Schema by the contract registry.
 */
export function decodeEnvelope(value: Buffer | string | null | undefined): EventEnvelope {
  if (value === null || value === undefined) throw new MalformedMessageError('message has no value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch (error) {
    throw new MalformedMessageError(`value is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedMessageError('value is not a JSON object');
  }
  const record = parsed as Record<string, unknown>;
  const missing = REQUIRED.filter((field) => record[field] === undefined || record[field] === null);
  if (missing.length > 0) throw new MalformedMessageError(`envelope lacks ${missing.join(', ')}`);
  if (!Number.isInteger(record['version']) || (record['version'] as number) < 1) {
    throw new MalformedMessageError('envelope version must be a positive integer');
  }
  if (!Number.isInteger(record['sequence']) || (record['sequence'] as number) < 1) {
    throw new MalformedMessageError('envelope sequence must be a positive integer');
  }
  return record as unknown as EventEnvelope;
}
