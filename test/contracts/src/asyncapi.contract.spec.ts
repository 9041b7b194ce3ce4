import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemas as asyncApiSchemas } from '@asyncapi/specs';
import { encodeEnvelope } from '@plein/shared/messaging';
import { exampleEnvelope, messageId } from '@plein/shared/contracts';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ASYNCAPI_PATH, REGENERATE_COMMAND, asyncApiDocument, catalogRegistry, renderAsyncApiYaml } from './asyncapi-catalog';

const registry = catalogRegistry();
const document = asyncApiDocument(registry);
const committedText = readFileSync(join(__dirname, '..', '..', '..', ASYNCAPI_PATH), 'utf8');

type Json = unknown;
/** Path of the first difference between two parsed documents, for a readable failure. */
function firstDifference(a: Json, b: Json, path = ''): string | undefined {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== 'object') {
    return JSON.stringify(a) === JSON.stringify(b) ? undefined : path || '/';
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const key of keys) {
    const diff = firstDifference((a as Record<string, Json>)[key], (b as Record<string, Json>)[key], `${path}/${key}`);
    if (diff) return diff;
  }
  return undefined;
}

function resolveRef(root: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, key) => (node as Record<string, Json> | undefined)?.[key], root);
}

/** Replaces every `{ $ref }` by its target, recursively (the catalog has no cycles). */
function dereference(node: Json, root: Json, seen: string[] = []): Json {
  if (Array.isArray(node)) return node.map((n) => dereference(n, root, seen));
  if (typeof node !== 'object' || node === null) return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new Error(`cyclic $ref ${ref}`);
    const target = resolveRef(root, ref);
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return dereference(target, root, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, dereference(v, root, seen)]));
}

describe(`${ASYNCAPI_PATH}`, () => {
  it('is exactly what the contracts generate', () => {
    const where = firstDifference(parse(committedText), document);
    const hint =
      `${ASYNCAPI_PATH} disagrees with libs/*/contracts` +
      (where ? ` (first difference at ${where})` : ' (formatting only)') +
      `: run \`${REGENERATE_COMMAND}\` and commit the result.`;
    if (committedText !== renderAsyncApiYaml(document)) throw new Error(hint);
  });

  it('is a valid AsyncAPI 3.0.0 document', () => {
    // The official bundle embeds its own draft-07 meta-schema, hence meta: false.
    const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
    addFormats(ajv);
    const validate = ajv.compile(asyncApiSchemas['3.0.0'] as object);
    const valid = validate(parse(committedText));
    expect(validate.errors?.slice(0, 5) ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has every $ref resolvable and no dangling message', () => {
    expect(() => dereference(document, document)).not.toThrow();
    const channelMessages = Object.values(document['channels'] as Record<string, { messages: Record<string, unknown> }>).flatMap((c) =>
      Object.keys(c.messages),
    );
    expect(channelMessages.sort()).toEqual(registry.contracts().map(messageId).sort());
  });

  it("lists every topic with its key and every message of every contract", () => {
    const channels = document['channels'] as Record<string, { address: string; description: string }>;
    expect(Object.keys(channels)).toEqual(registry.topics().map((t) => t.topic));
    for (const { topic, definition } of registry.topics()) {
      expect(definition).toBeDefined();
      expect(channels[topic]!.address).toBe(topic);
      expect(channels[topic]!.description).toContain(`Message key: ${definition!.key.description}`);
    }
  });

  it('describes payloads and headers that accept the examples and what the Kafka codec writes', () => {
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    const messages = dereference((document['components'] as { messages: Json }).messages, document) as Record<string, Json>;
    for (const contract of registry.contracts()) {
      const message = messages[messageId(contract)] as { payload: object; headers: object; examples: { payload: Json; headers: Json }[] };
      const envelope = exampleEnvelope(contract);
      const record = encodeEnvelope(envelope);
      expect(message.examples[0]!.payload).toEqual(envelope);
      expect(message.examples[0]!.headers).toEqual(record.headers);
      expect(record.key).toBe(contract.topicDefinition!.key.example);
      const payloadOk = ajv.validate(message.payload, JSON.parse(record.value));
      expect([contract.key, payloadOk, ajv.errors ?? null]).toEqual([contract.key, true, null]);
      const headersOk = ajv.validate(message.headers, record.headers);
      expect([contract.key, headersOk, ajv.errors ?? null]).toEqual([contract.key, true, null]);
    }
  });

  it('rejects, through the documented payload schema, data the registry rejects', () => {
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    const published = dereference((document['components'] as { messages: Record<string, Json> }).messages['feed.post.published.v1'], document) as {
      payload: object;
    };
    const contract = registry.contract('feed.post.published', 1);
    const bad = exampleEnvelope(contract, { data: { ...(contract.example as object), audience: { kind: 'group' } } });
    expect(ajv.validate(published.payload, bad)).toBe(false);
    expect(() => registry.validate(bad)).toThrow(/\/data\/audience/);
  });
});
