import type { EventEnvelope } from '@plein/shared/kernel';
import type { EventContract, JsonSchema } from './event-contract';

/**
 * JSON Schemas of the envelope (kernel `EventEnvelope`) and of its CloudEvents Kafka headers.
 * The registry validates with exactly these schemas and the AsyncAPI document embeds them, so the
 * published catalog and the runtime checks cannot drift apart.
 */

/** W3C trace-context `traceparent`: version-traceid-parentid-flags, lower-case hex. */
export const TRACEPARENT_PATTERN = '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$';

/** A mutable-looking view of a schema for builders that copy and patch it. */
export type JsonSchemaLike = Record<string, unknown>;

const token = (description: string): JsonSchema => ({ type: 'string', minLength: 1, maxLength: 200, description });

/** The envelope's metadata properties; `type`, `version`, `aggregateType` and `data` depend on the contract. */
export const ENVELOPE_METADATA_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  id: { type: 'string', format: 'uuid', description: 'Event id (UUIDv7); the deduplication key of every consumer.' },
  source: token('Producing service, e.g. plein/feed.'),
  aggregateId: token('Aggregate id; equals the Kafka message key, so one aggregate keeps its order.'),
  sequence: { type: 'integer', minimum: 1, description: '1-based position of the event in its stream.' },
  occurredAt: { type: 'string', format: 'date-time', description: 'ISO-8601 UTC timestamp.' },
  correlationId: token('Shared by every command and event of one user interaction.'),
  causationId: token('The command (Idempotency-Key) or event that caused this event.'),
  actorId: token('User id of the acting principal, or system:<name> for the platform itself.'),
  traceparent: { type: 'string', pattern: TRACEPARENT_PATTERN, description: 'W3C trace context.' },
  tracestate: { type: 'string', maxLength: 512, description: 'W3C trace state.' },
};

export const ENVELOPE_REQUIRED = [
  'id', 'type', 'version', 'source', 'aggregateType', 'aggregateId', 'sequence', 'occurredAt', 'correlationId', 'causationId', 'actorId', 'data',
] as const;

/** The whole message value of one (type, version): envelope metadata plus the contract's data schema. */
export function envelopeSchema(contract: EventContract): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: [...ENVELOPE_REQUIRED],
    properties: {
      id: ENVELOPE_METADATA_PROPERTIES['id'],
      type: { type: 'string', const: contract.type },
      version: { type: 'integer', const: contract.version },
      source: ENVELOPE_METADATA_PROPERTIES['source'],
      aggregateType: { type: 'string', const: contract.aggregateType },
      aggregateId: ENVELOPE_METADATA_PROPERTIES['aggregateId'],
      sequence: ENVELOPE_METADATA_PROPERTIES['sequence'],
      occurredAt: ENVELOPE_METADATA_PROPERTIES['occurredAt'],
      correlationId: ENVELOPE_METADATA_PROPERTIES['correlationId'],
      causationId: ENVELOPE_METADATA_PROPERTIES['causationId'],
      actorId: ENVELOPE_METADATA_PROPERTIES['actorId'],
      traceparent: ENVELOPE_METADATA_PROPERTIES['traceparent'],
      tracestate: ENVELOPE_METADATA_PROPERTIES['tracestate'],
      data: contract.schema,
    },
  };
}

/** Kafka headers whose schema does not depend on the contract (`ce_type` and `plein_version` do). */
export const SHARED_HEADER_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  ce_id: { type: 'string', format: 'uuid', description: 'Copy of envelope id.' },
  ce_source: { type: 'string', minLength: 1, description: 'Copy of envelope source.' },
  ce_time: { type: 'string', format: 'date-time', description: 'Copy of envelope occurredAt.' },
  ce_specversion: { type: 'string', const: '1.0', description: 'CloudEvents spec version.' },
  'content-type': { type: 'string', const: 'application/json', description: 'The value is the envelope as JSON.' },
  traceparent: { type: 'string', pattern: TRACEPARENT_PATTERN, description: 'Copy of envelope traceparent.' },
  tracestate: { type: 'string', maxLength: 512, description: 'Copy of envelope tracestate.' },
};

/**
 * Kafka headers of one (type, version) (CloudEvents Kafka binding, binary mode, plus
 * `plein_version`). Mirrors `encodeEnvelope` in @plein/shared/messaging; a contract test
 * checks the two agree.
 */
export function headersSchema(contract: EventContract): JsonSchema {
  const shared = SHARED_HEADER_PROPERTIES;
  return {
    type: 'object',
    required: ['ce_id', 'ce_type', 'ce_source', 'ce_time', 'ce_specversion', 'content-type', 'plein_version'],
    properties: {
      ce_id: shared['ce_id'],
      ce_type: { type: 'string', const: contract.type, description: 'Copy of envelope type.' },
      ce_source: shared['ce_source'],
      ce_time: shared['ce_time'],
      ce_specversion: shared['ce_specversion'],
      'content-type': shared['content-type'],
      plein_version: { type: 'string', const: String(contract.version), description: 'Copy of envelope version.' },
      traceparent: shared['traceparent'],
      tracestate: shared['tracestate'],
    },
  };
}

/** Fixed metadata of generated examples, so docs/asyncapi.yaml is byte-stable. */
export const EXAMPLE_METADATA = {
  id: '01964b1e-5a3c-7c3e-9d2a-6f1b2c3d4e5f',
  aggregateId: '01964b1e-0000-7000-8000-00000000a001',
  sequence: 1,
  occurredAt: '2026-01-15T09:30:00.000Z',
  correlationId: '01964b1e-0000-7000-8000-00000000c001',
  causationId: '01964b1e-0000-7000-8000-00000000c002',
  actorId: '01964b1e-0000-7000-8000-00000000b001',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
} as const;

/** A complete, valid envelope around the contract's example data (docs, tests, fixtures). */
export function exampleEnvelope<TData>(contract: EventContract<TData>, overrides: Partial<EventEnvelope<TData>> = {}): EventEnvelope<TData> {
  const svc = contract.type.split('.')[0]!;
  const m = EXAMPLE_METADATA;
  return {
    id: m.id,
    type: contract.type,
    version: contract.version,
    source: `plein/${svc}`,
    aggregateType: contract.aggregateType,
    aggregateId: contract.topicDefinition?.key.example ?? m.aggregateId,
    sequence: m.sequence,
    occurredAt: m.occurredAt,
    correlationId: m.correlationId,
    causationId: m.causationId,
    actorId: m.actorId,
    traceparent: m.traceparent,
    data: contract.example,
    ...overrides,
  };
}
