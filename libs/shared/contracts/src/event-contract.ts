import type { EventEnvelope } from '@plein/shared/kernel';
import { ContractDefinitionError } from './errors';
import { eventTypeNameProblem, parseTopicName } from './naming';

/**
 * A JSON Schema (draft-07 vocabulary, which is also what AsyncAPI 3.0 embeds by default) for an
 * event's `data`. Loosely typed on purpose: the registry compiles it with ajv in strict mode and
 * checks the contract's `example` against it, which is what ties the schema to `TData`.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** A topic and what its message key is; documents the channel in the AsyncAPI catalog. */
export interface TopicDefinition {
  /** `<svc>.<aggregate>.events.v<major>` (build it with `topicName`). */
  readonly name: string;
  readonly aggregateType: string;
  readonly description: string;
  /** The message key is always the envelope's aggregateId; say what that id is. */
  readonly key: { readonly description: string; readonly example: string };
}

export function defineTopic(definition: TopicDefinition): TopicDefinition {
  const parsed = parseTopicName(definition.name);
  if (!parsed) throw new ContractDefinitionError(`topic "${definition.name}" is not <svc>.<aggregate>.events.v<major>`);
  if (parsed.aggregate !== definition.aggregateType) {
    throw new ContractDefinitionError(`topic "${definition.name}": aggregateType "${definition.aggregateType}" differs from its aggregate segment`);
  }
  return Object.freeze({ ...definition, key: Object.freeze({ ...definition.key }) });
}

export interface EventContractDefinition<TData> {
  /** `<svc>.<aggregate>.<past-tense>`, e.g. `feed.post.published`. */
  readonly type: string;
  /** Integer >= 1. Bump on anything but an added optional field, and add an upcaster. */
  readonly version: number;
  /** The aggregate type the envelope's `aggregateType` must carry, e.g. `post`. */
  readonly aggregateType: string;
  /** The topic (preferred: documents the key) or its name `<svc>.<aggregate>.events.v<major>`. */
  readonly topic: string | TopicDefinition;
  /** JSON Schema of `data`. Prefer `additionalProperties: false` on every object. */
  readonly schema: JsonSchema;
  /** A realistic `data` value; documents the event and is checked against `schema`. */
  readonly example: TData;
  readonly description: string;
  /** Marks a version producers no longer emit (kept so consumers can still read and upcast it). */
  readonly deprecated?: boolean;
}

export interface EventContract<TData = unknown> extends Omit<EventContractDefinition<TData>, 'topic'> {
  /** `${type}@v${version}`; unique in a registry. */
  readonly key: string;
  /** Topic name; the message key is always the envelope's aggregateId. */
  readonly topic: string;
  readonly topicDefinition?: TopicDefinition;
}

export type DataOf<C> = C extends EventContract<infer D> ? D : never;
/** The typed envelope of a contract: `EnvelopeOf<typeof postPublishedV1>`. */
export type EnvelopeOf<C> = C extends EventContract<infer D> ? EventEnvelope<D> : never;

export const contractKey = (type: string, version: number): string => `${type}@v${version}`;

/**
 * Declares one (type, version) of a public event. Checks the naming rules eagerly so a bad
 * contract fails at import time, not when the first message flows.
 */
export function defineEvent<TData>(definition: EventContractDefinition<TData>): EventContract<TData> {
  const { type, version, aggregateType, schema } = definition;
  const topicDefinition = typeof definition.topic === 'string' ? undefined : definition.topic;
  const topic = typeof definition.topic === 'string' ? definition.topic : definition.topic.name;
  if (!Number.isInteger(version) || version < 1) {
    throw new ContractDefinitionError(`${type}: version must be an integer >= 1, got ${version}`);
  }
  const problem = eventTypeNameProblem(type, topic);
  if (problem) throw new ContractDefinitionError(problem);
  const parsedTopic = parseTopicName(topic)!;
  if (parsedTopic.aggregate !== aggregateType) {
    throw new ContractDefinitionError(`${type}: aggregateType "${aggregateType}" differs from topic aggregate "${parsedTopic.aggregate}"`);
  }
  if (typeof schema !== 'object' || schema === null || schema['type'] !== 'object') {
    throw new ContractDefinitionError(`${type} v${version}: the data schema must be a JSON Schema with type "object"`);
  }
  if (!definition.description.trim()) throw new ContractDefinitionError(`${type} v${version}: description is empty`);
  return Object.freeze({ ...definition, topic, ...(topicDefinition ? { topicDefinition } : {}), key: contractKey(type, version) });
}

/** Turns `data` of `type` at `fromVersion` into `data` at `fromVersion + 1`. Must be pure. */
export interface Upcaster<TFrom = unknown, TTo = unknown> {
  readonly type: string;
  readonly fromVersion: number;
  // Method syntax (bivariant) so typed upcasters fit a registry of `Upcaster<unknown, unknown>`.
  upcast(data: TFrom): TTo;
}

export function defineUpcaster<TFrom = unknown, TTo = unknown>(upcaster: Upcaster<TFrom, TTo>): Upcaster<TFrom, TTo> {
  if (!Number.isInteger(upcaster.fromVersion) || upcaster.fromVersion < 1) {
    throw new ContractDefinitionError(`${upcaster.type}: upcaster fromVersion must be an integer >= 1`);
  }
  return Object.freeze({ ...upcaster });
}
