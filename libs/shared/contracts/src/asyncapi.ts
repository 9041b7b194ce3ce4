import type { EventEnvelope } from '@plein/shared/kernel';
import type { ContractRegistry } from './contract-registry';
import type { EventContract } from './event-contract';
import { ENVELOPE_METADATA_PROPERTIES, envelopeSchema, exampleEnvelope, headersSchema, SHARED_HEADER_PROPERTIES, type JsonSchemaLike } from './envelope.schema';
import { parseTopicName } from './naming';

/**
 * Builds the AsyncAPI 3.0 catalog of a registry: one channel per topic (keyed by aggregate id),
 * one `send` operation per channel (the owning service publishes), one message per
 * (type, version) whose payload is the very envelope schema the registry validates with.
 * Output is deterministic (sorted, fixed example metadata) so the checked-in YAML can be diffed.
 */
export interface AsyncApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

const KAFKA_BINDING_VERSION = '0.5.0';

export const messageId = (contract: EventContract): string => `${contract.type}.v${contract.version}`;

/** The Kafka headers `encodeEnvelope` (@plein/shared/messaging) writes for an envelope. */
export function cloudEventHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    ce_id: envelope.id,
    ce_type: envelope.type,
    ce_source: envelope.source,
    ce_time: envelope.occurredAt,
    ce_specversion: '1.0',
    'content-type': 'application/json',
    plein_version: String(envelope.version),
    ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
    ...(envelope.tracestate ? { tracestate: envelope.tracestate } : {}),
  };
}

export function buildAsyncApiDocument(registry: ContractRegistry, info: AsyncApiInfo): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const { topic, aggregateType, definition, contracts } of registry.topics()) {
    const svc = parseTopicName(topic)?.svc ?? topic.split('.')[0]!;
    const keyDescription = definition?.key.description ?? `Id of the ${aggregateType} aggregate.`;
    const channelMessages: Record<string, unknown> = {};
    for (const contract of contracts) {
      const id = messageId(contract);
      channelMessages[id] = { $ref: `#/components/messages/${id}` };
      messages[id] = message(contract, keyDescription);
    }
    channels[topic] = {
      address: topic,
      title: topic,
      description: `${definition?.description ?? `Events of the ${aggregateType} aggregate.`}\n\nMessage key: ${keyDescription} Equals the envelope's aggregateId, so one aggregate's events keep their order.`,
      messages: channelMessages,
      bindings: { kafka: { topic, bindingVersion: KAFKA_BINDING_VERSION } },
    };
    operations[`publish.${topic}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic}` },
      title: `plein/${svc} publishes ${topic}`,
      summary: `The ${svc} service's outbox relay publishes every ${aggregateType} event, in order per key, with acks=all.`,
      messages: contracts.map((c) => ({ $ref: `#/channels/${topic}/messages/${messageId(c)}` })),
    };
  }

  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(ENVELOPE_METADATA_PROPERTIES)) schemas[`envelope.${name}`] = schema;
  for (const [name, schema] of Object.entries(SHARED_HEADER_PROPERTIES)) schemas[`header.${name}`] = schema;

  return {
    asyncapi: '3.0.0',
    info: { title: info.title, version: info.version, description: info.description },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas, messages },
  };
}

/** Same schema, with the contract-independent properties pointing at components/schemas (a shorter catalog). */
function withRefs(schema: JsonSchemaLike, names: readonly string[], prefix: string): JsonSchemaLike {
  const properties = { ...(schema['properties'] as JsonSchemaLike) };
  for (const name of names) properties[name] = { $ref: `#/components/schemas/${prefix}.${name}` };
  return { ...schema, properties };
}

function message(contract: EventContract, keyDescription: string): Record<string, unknown> {
  const example = exampleEnvelope(contract);
  return {
    name: contract.type,
    title: `${contract.type} v${contract.version}${contract.deprecated ? ' (deprecated)' : ''}`,
    summary: contract.description,
    contentType: 'application/json',
    headers: withRefs(headersSchema(contract), Object.keys(SHARED_HEADER_PROPERTIES), 'header'),
    payload: withRefs(envelopeSchema(contract), Object.keys(ENVELOPE_METADATA_PROPERTIES), 'envelope'),
    correlationId: { description: 'Shared by every command and event of one interaction.', location: '$message.payload#/correlationId' },
    bindings: { kafka: { key: { type: 'string', description: keyDescription }, bindingVersion: KAFKA_BINDING_VERSION } },
    examples: [{ name: `${contract.type}.v${contract.version}`, headers: cloudEventHeaders(example), payload: example }],
    'x-plein-event': { type: contract.type, version: contract.version, deprecated: contract.deprecated ?? false },
  };
}
