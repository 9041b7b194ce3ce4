import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventEnvelope } from '@plein/shared/kernel';
import { contractKey, type EventContract, type JsonSchema, type TopicDefinition, type Upcaster } from './event-contract';
import { envelopeSchema, exampleEnvelope } from './envelope.schema';
import { ContractDefinitionError, ContractViolationError, UnknownEventTypeError, UpcastFailedError, type ContractViolation } from './errors';

export interface TopicContracts {
  readonly topic: string;
  readonly aggregateType: string;
  readonly definition?: TopicDefinition;
  /** Sorted by type, then version. */
  readonly contracts: readonly EventContract[];
}

/**
 * `produce`: exactly the schema (no undeclared fields). `consume`: tolerant reader: undeclared
 * fields pass, so a producer may add an optional field (same version) before consumers know it.
 */
export type ValidationMode = 'produce' | 'consume';

interface Compiled {
  readonly contract: EventContract;
  readonly produce: ValidateFunction;
  readonly consume: ValidateFunction;
}

/**
 * The set of event contracts a process produces or consumes. Compiles every (type, version) once
 * at construction (a broken schema, a version gap or a missing upcaster fails at boot), checks
 * every example, then validates envelopes and upcasts them to the latest version.
 */
export class ContractRegistry {
  private readonly compiled = new Map<string, Compiled>();
  private readonly versionsByType = new Map<string, number[]>();
  private readonly upcasters = new Map<string, Upcaster>();

  constructor(contracts: readonly EventContract[], upcasters: readonly Upcaster[] = []) {
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    for (const contract of contracts) {
      if (this.compiled.has(contract.key)) throw new ContractDefinitionError(`duplicate contract ${contract.key}`);
      const schema = envelopeSchema(contract);
      let produce: ValidateFunction;
      let consume: ValidateFunction;
      try {
        produce = ajv.compile(schema);
        consume = ajv.compile(tolerant(schema));
      } catch (error) {
        throw new ContractDefinitionError(`${contract.key}: schema does not compile: ${(error as Error).message}`);
      }
      this.compiled.set(contract.key, { contract, produce, consume });
      this.versionsByType.set(contract.type, [...(this.versionsByType.get(contract.type) ?? []), contract.version].sort((a, b) => a - b));
    }
    for (const upcaster of upcasters) {
      const key = contractKey(upcaster.type, upcaster.fromVersion);
      if (this.upcasters.has(key)) throw new ContractDefinitionError(`duplicate upcaster for ${key}`);
      this.upcasters.set(key, upcaster);
    }
    this.checkConsistency();
    for (const { contract } of this.compiled.values()) {
      const violations = this.check(exampleEnvelope(contract), 'produce');
      if (violations) throw new ContractDefinitionError(`${contract.key}: example violates the schema: ${describe(violations)}`);
    }
  }

  has(type: string, version: number): boolean {
    return this.compiled.has(contractKey(type, version));
  }

  /** Latest version of a type, or undefined when the type is unknown. Producers emit this one. */
  latestVersion(type: string): number | undefined {
    return this.versionsByType.get(type)?.at(-1);
  }

  contract(type: string, version: number): EventContract {
    const found = this.compiled.get(contractKey(type, version));
    if (!found) throw new UnknownEventTypeError(type, version, this.versionsByType.get(type) ?? []);
    return found.contract;
  }

  /** Throws ContractViolationError (listing every failing field) or UnknownEventTypeError. */
  validate(envelope: EventEnvelope, mode: ValidationMode = 'produce'): void {
    const violations = this.check(envelope, mode);
    if (violations) throw new ContractViolationError(envelope.type, envelope.version, violations, envelope.id);
  }

  /**
   * The consumer's entry point: validates the envelope at its own version (tolerant reader), runs
   * the upcaster chain to the latest version and validates each result. Returns a new envelope;
   * the input is never mutated. An envelope already at the latest version comes back as is.
   */
  upcast(envelope: EventEnvelope): EventEnvelope {
    this.validate(envelope, 'consume');
    const latest = this.latestVersion(envelope.type)!;
    let current = envelope;
    while (current.version < latest) {
      const from = current.version;
      const upcaster = this.upcasters.get(contractKey(current.type, from))!;
      let data: unknown;
      try {
        data = upcaster.upcast(structuredClone(current.data));
      } catch (error) {
        throw new UpcastFailedError(current.type, from, error);
      }
      current = { ...current, version: from + 1, data };
      this.validate(current, 'consume');
    }
    return current;
  }

  /**
   * The registry as a consumer pipeline sees it (structurally the messaging `ContractRegistryLike`):
   * `validate` is the tolerant reader, so an optional field a newer producer added is no reason
   * to dead-letter. Producers use `validate` of the registry itself (strict).
   */
  consuming(): { validate(envelope: EventEnvelope): void; upcast(envelope: EventEnvelope): EventEnvelope } {
    return { validate: (envelope) => this.validate(envelope, 'consume'), upcast: (envelope) => this.upcast(envelope) };
  }

  /** Topics with their contracts, sorted by topic name (the AsyncAPI channels). */
  topics(): TopicContracts[] {
    const byTopic = new Map<string, EventContract[]>();
    for (const contract of this.contracts()) byTopic.set(contract.topic, [...(byTopic.get(contract.topic) ?? []), contract]);
    return [...byTopic.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([topic, contracts]) => {
        const definition = contracts.find((c) => c.topicDefinition)?.topicDefinition;
        return { topic, aggregateType: contracts[0]!.aggregateType, ...(definition ? { definition } : {}), contracts };
      });
  }

  /** Every registered contract, sorted by type then version. */
  contracts(): EventContract[] {
    return [...this.compiled.values()]
      .map((c) => c.contract)
      .sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
  }

  private check(envelope: EventEnvelope, mode: ValidationMode): ContractViolation[] | undefined {
    if (typeof envelope !== 'object' || envelope === null) {
      throw new ContractViolationError('unknown', 0, [{ field: '/', instancePath: '', keyword: 'type', message: 'must be an object' }]);
    }
    const compiled = this.compiled.get(contractKey(envelope.type, envelope.version));
    if (!compiled) throw new UnknownEventTypeError(String(envelope.type), Number(envelope.version), this.versionsByType.get(envelope.type) ?? []);
    const validateFn = mode === 'produce' ? compiled.produce : compiled.consume;
    return validateFn(envelope) ? undefined : toViolations(validateFn.errors ?? []);
  }

  /** Versions of a type are 1..N, one topic and aggregate type per event type, an upcaster per step. */
  private checkConsistency(): void {
    for (const [type, versions] of this.versionsByType) {
      versions.forEach((v, i) => {
        if (v !== i + 1) throw new ContractDefinitionError(`${type}: versions must be 1..N without gaps, got ${versions.join(', ')}`);
      });
      const contracts = versions.map((v) => this.compiled.get(contractKey(type, v))!.contract);
      for (const c of contracts) {
        if (c.topic !== contracts[0]!.topic || c.aggregateType !== contracts[0]!.aggregateType) {
          throw new ContractDefinitionError(`${type}: every version must share one topic and aggregate type`);
        }
      }
      for (const v of versions.slice(0, -1)) {
        if (!this.upcasters.has(contractKey(type, v))) throw new ContractDefinitionError(`${type}: no upcaster from v${v} to v${v + 1}`);
      }
    }
    for (const key of this.upcasters.keys()) {
      const upcaster = this.upcasters.get(key)!;
      const latest = this.latestVersion(upcaster.type);
      if (latest === undefined || upcaster.fromVersion >= latest) {
        throw new ContractDefinitionError(`upcaster ${key} has no target contract v${upcaster.fromVersion + 1}`);
      }
    }
  }
}

function toViolations(errors: ErrorObject[]): ContractViolation[] {
  return errors.map((e) => {
    const instancePath =
      e.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` :
      e.keyword === 'additionalProperties' ? `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}` :
      e.instancePath;
    const message =
      e.keyword === 'additionalProperties' ? 'is not allowed by the contract' :
      e.keyword === 'required' ? 'is required' :
      e.keyword === 'const' || e.keyword === 'enum' ? `${e.message ?? 'is invalid'}: ${JSON.stringify((e.params as { allowedValue?: unknown; allowedValues?: unknown }).allowedValue ?? (e.params as { allowedValues?: unknown }).allowedValues)}` :
      e.message ?? 'is invalid';
    return { field: instancePath || '/', instancePath, keyword: e.keyword, message };
  });
}

const describe = (violations: readonly ContractViolation[]): string => violations.map((v) => `${v.field} ${v.message}`).join('; ');

/** Drops every `additionalProperties: false`, recursively (the consumer's tolerant-reader schema). */
function tolerant(schema: JsonSchema): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'additionalProperties' && v === false) continue;
      // `properties`' keys are field names, not keywords: walk their values only.
      out[k] = walk(v);
    }
    return out;
  };
  return walk(schema) as JsonSchema;
}
