import type { EventEnvelope } from '@plein/shared/kernel';
import { ContractRegistry } from './contract-registry';
import { exampleEnvelope } from './envelope.schema';
import { defineEvent, defineUpcaster } from './event-contract';
import { ContractDefinitionError, ContractViolationError, UnknownEventTypeError, UpcastFailedError } from './errors';
import { widgetContracts, widgetCreatedV1, widgetRenamedV1, widgetRenamedV2, widgetRenamedV3, widgetUpcasters } from './testing/widget.contracts';

const registry = new ContractRegistry(widgetContracts, widgetUpcasters);

function violationsOf(fn: () => unknown): { field: string; keyword: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).code).toBe('CONTRACTS.SCHEMA_VIOLATION');
    return (error as ContractViolationError).violations.map(({ field, keyword }) => ({ field, keyword }));
  }
  throw new Error('expected a ContractViolationError');
}

describe('ContractRegistry.validate', () => {
  it('accepts the example envelope of every registered contract', () => {
    for (const contract of registry.contracts()) expect(() => registry.validate(exampleEnvelope(contract))).not.toThrow();
  });

  it('lists every failing data field by its path', () => {
    const bad = exampleEnvelope(widgetCreatedV1, { data: { name: '', colour: 'blue', tags: ['a', 'b', 'c', 'd'], size: 3 } as never });
    expect(violationsOf(() => registry.validate(bad))).toEqual(
      expect.arrayContaining([
        { field: '/data/name', keyword: 'minLength' },
        { field: '/data/colour', keyword: 'enum' },
        { field: '/data/tags', keyword: 'maxItems' },
        { field: '/data/size', keyword: 'additionalProperties' },
      ]),
    );
  });

  it('names a missing required field', () => {
    const bad = exampleEnvelope(widgetRenamedV2, { data: { name: 'Gear' } as never });
    expect(violationsOf(() => registry.validate(bad))).toEqual([{ field: '/data/locale', keyword: 'required' }]);
  });

  it('checks the envelope metadata formats', () => {
    const bad = {
      ...exampleEnvelope(widgetCreatedV1),
      id: 'not-a-uuid',
      occurredAt: 'yesterday',
      sequence: 0,
      traceparent: 'garbage',
      aggregateType: 'gadget',
      correlationId: '',
    };
    expect(violationsOf(() => registry.validate(bad))).toEqual(
      expect.arrayContaining([
        { field: '/id', keyword: 'format' },
        { field: '/occurredAt', keyword: 'format' },
        { field: '/sequence', keyword: 'minimum' },
        { field: '/traceparent', keyword: 'pattern' },
        { field: '/aggregateType', keyword: 'const' },
        { field: '/correlationId', keyword: 'minLength' },
      ]),
    );
  });

  it('rejects undeclared fields when producing but tolerates them when consuming', () => {
    const newer = { ...exampleEnvelope(widgetCreatedV1, { data: { name: 'Cog', shape: 'round' } as never }), partition: 3 };
    expect(violationsOf(() => registry.validate(newer))).toEqual(
      expect.arrayContaining([{ field: '/data/shape', keyword: 'additionalProperties' }, { field: '/partition', keyword: 'additionalProperties' }]),
    );
    expect(() => registry.validate(newer, 'consume')).not.toThrow();
    expect(() => registry.consuming().validate(newer)).not.toThrow();
    expect(registry.consuming().upcast(newer)).toBe(newer);
    expect(violationsOf(() => registry.validate({ ...newer, data: { shape: 'round' } } as never, 'consume'))).toEqual([
      { field: '/data/name', keyword: 'required' },
    ]);
  });

  it('refuses an unknown type and a version newer than the registry knows', () => {
    const unknown = { ...exampleEnvelope(widgetCreatedV1), type: 'test.widget.exploded' };
    expect(() => registry.validate(unknown)).toThrow(UnknownEventTypeError);
    const future = { ...exampleEnvelope(widgetRenamedV3), version: 4 };
    try {
      registry.upcast(future);
      throw new Error('expected UnknownEventTypeError');
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownEventTypeError);
      expect((error as UnknownEventTypeError).code).toBe('CONTRACTS.UNKNOWN_EVENT');
      expect((error as UnknownEventTypeError).knownVersions).toEqual([1, 2, 3]);
    }
  });
});

describe('ContractRegistry.upcast', () => {
  it('runs the chain v1 -> v2 -> v3 and keeps the metadata', () => {
    const v1 = exampleEnvelope(widgetRenamedV1, { data: { name: 'Cog' } });
    const latest = registry.upcast(v1);
    expect(latest).toEqual({ ...v1, version: 3, data: { title: { text: 'Cog', locale: 'en' } } });
    expect(v1).toEqual(exampleEnvelope(widgetRenamedV1, { data: { name: 'Cog' } }));
  });

  it('starts the chain at the envelope version', () => {
    const v2 = exampleEnvelope(widgetRenamedV2, { data: { name: 'Kugel', locale: 'de' } });
    expect(registry.upcast(v2).data).toEqual({ title: { text: 'Kugel', locale: 'de' } });
  });

  it('returns an envelope already at the latest version unchanged', () => {
    const v3 = exampleEnvelope(widgetRenamedV3);
    expect(registry.upcast(v3)).toBe(v3);
    expect(registry.latestVersion('test.widget.renamed')).toBe(3);
    expect(registry.latestVersion('test.widget.created')).toBe(1);
    expect(registry.latestVersion('nope.nope.created')).toBeUndefined();
  });

  it('validates the input before upcasting', () => {
    const bad = exampleEnvelope(widgetRenamedV1, { data: {} as never });
    expect(violationsOf(() => registry.upcast(bad))).toEqual([{ field: '/data/name', keyword: 'required' }]);
  });

  it('wraps a throwing upcaster and catches one that produces invalid data', () => {
    const throwing = new ContractRegistry([widgetRenamedV1, widgetRenamedV2, widgetRenamedV3], [
      defineUpcaster({ type: 'test.widget.renamed', fromVersion: 1, upcast: () => { throw new Error('boom'); } }),
      widgetUpcasters[1]!,
    ]);
    expect(() => throwing.upcast(exampleEnvelope(widgetRenamedV1))).toThrow(UpcastFailedError);
    const sloppy = new ContractRegistry([widgetRenamedV1, widgetRenamedV2, widgetRenamedV3], [
      defineUpcaster({ type: 'test.widget.renamed', fromVersion: 1, upcast: (d: { name: string }) => ({ name: d.name }) }),
      widgetUpcasters[1]!,
    ]);
    expect(violationsOf(() => sloppy.upcast(exampleEnvelope(widgetRenamedV1)))).toEqual([{ field: '/data/locale', keyword: 'required' }]);
  });
});

describe('ContractRegistry construction', () => {
  it('requires an upcaster for every version step and no gaps', () => {
    expect(() => new ContractRegistry(widgetContracts, [widgetUpcasters[0]!])).toThrow(/no upcaster from v2 to v3/);
    expect(() => new ContractRegistry([widgetRenamedV1, widgetRenamedV3], widgetUpcasters)).toThrow(/without gaps/);
    expect(() => new ContractRegistry([widgetCreatedV1, widgetCreatedV1])).toThrow(ContractDefinitionError);
  });

  it('refuses an example that violates its own schema, and a schema ajv strict mode rejects', () => {
    const lying = defineEvent<{ n: number }>({
      type: 'test.widget.counted', version: 1, aggregateType: 'widget', topic: 'test.widget.events.v1', description: 'Counted.',
      schema: { type: 'object', additionalProperties: false, required: ['n'], properties: { n: { type: 'integer', minimum: 1 } } },
      example: { n: 0 },
    });
    expect(() => new ContractRegistry([lying])).toThrow(/example violates the schema: \/data\/n must be >= 1/);
    const typo = defineEvent<{ n: number }>({
      type: 'test.widget.counted', version: 1, aggregateType: 'widget', topic: 'test.widget.events.v1', description: 'Counted.',
      schema: { type: 'object', properties: { n: { type: 'integer', minimun: 1 } } },
      example: { n: 1 },
    });
    expect(() => new ContractRegistry([typo])).toThrow(/does not compile.*minimun/);
  });

  it('groups contracts by topic', () => {
    const topics = registry.topics();
    expect(topics.map((t) => [t.topic, t.aggregateType, t.definition?.key.description, t.contracts.map((c) => c.key)])).toEqual([
      ['test.widget.events.v1', 'widget', 'Widget id (UUIDv7).', ['test.widget.created@v1', 'test.widget.renamed@v1', 'test.widget.renamed@v2', 'test.widget.renamed@v3']],
    ]);
  });

  it('keeps the typed envelope shape of the kernel', () => {
    const envelope: EventEnvelope<{ name: string }> = exampleEnvelope(widgetRenamedV1);
    expect(envelope.aggregateId).toBe('01964b1e-0000-7000-8000-0000000000f1');
  });
});
