import { ScimError, type ScimErrorType } from './scim.errors';
import { findAttribute, type AttributeDef, type ResourceTypeDef, type SchemaDef } from './scim.schema';

/** An attribute reference resolved against the schema, in canonical spelling. */
export interface ResolvedAttribute {
  /** `resource`: read from the resource; `element`: read from one value of a multi-valued attribute (inside `emails[...]`). */
  readonly scope: 'resource' | 'element';
  readonly schema: SchemaDef;
  /** True for the core schema (and id/externalId/meta): the attribute sits at the resource's top level. */
  readonly core: boolean;
  readonly def: AttributeDef;
  readonly sub?: AttributeDef;
  /** Canonical path, e.g. `name.givenName`, `emails.type`, `urn:...:enterprise:2.0:User:manager.value`. */
  readonly path: string;
}

export type ResolvedTarget = { readonly kind: 'schema'; readonly schema: SchemaDef } | ({ readonly kind: 'attribute' } & ResolvedAttribute);

/**
 * Resolves `[URN ":"] attrName ["." subAttr]` (RFC 7644 §3.10) case-insensitively. A bare URN
 * names a whole extension (PATCH may target one). An unqualified name that is not a core
 * attribute is looked up in the extensions, because several clients leave the URN off.
 */
export function resolveAttributePath(resourceType: ResourceTypeDef, raw: string, errorType: ScimErrorType): ResolvedTarget {
  const fail = (detail: string): never => {
    throw new ScimError(errorType, detail);
  };
  const lower = raw.toLowerCase();
  let schema: SchemaDef | undefined;
  let rest = raw;
  for (const candidate of [resourceType.core, ...resourceType.extensions]) {
    const id = candidate.id.toLowerCase();
    if (lower === id) return { kind: 'schema', schema: candidate };
    if (lower.startsWith(`${id}:`)) {
      schema = candidate;
      rest = raw.slice(id.length + 1);
      break;
    }
  }
  if (!schema && raw.includes(':')) return fail(`Unknown schema in attribute path "${raw}"`);
  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) return fail(`Malformed attribute path "${raw}"`);
  const [name, subName] = parts as [string, string | undefined];

  let def: AttributeDef | undefined;
  if (schema) {
    def = findAttribute(schema.attributes, name);
  } else {
    def = findAttribute(resourceType.core.attributes, name);
    schema = resourceType.core;
    if (!def) {
      const hits = resourceType.extensions.flatMap((s) => {
        const d = findAttribute(s.attributes, name);
        return d ? [{ s, d }] : [];
      });
      if (hits.length === 1) ({ s: schema, d: def } = hits[0]!);
    }
  }
  if (!def) return fail(`Unknown attribute "${raw}" for resource type ${resourceType.name}`);
  let sub: AttributeDef | undefined;
  if (subName !== undefined) {
    sub = def.type === 'complex' ? findAttribute(def.subAttributes, subName) : undefined;
    if (!sub) return fail(`Unknown sub-attribute "${subName}" of "${def.name}"`);
  }
  const core = schema === resourceType.core;
  const base = core ? def.name : `${schema.id}:${def.name}`;
  return { kind: 'attribute', scope: 'resource', schema, core, def, ...(sub ? { sub } : {}), path: sub ? `${base}.${sub.name}` : base };
}

/** Like resolveAttributePath, but the result must be an attribute (not a bare schema URN). */
export function resolveAttribute(resourceType: ResourceTypeDef, raw: string, errorType: ScimErrorType): ResolvedAttribute {
  const target = resolveAttributePath(resourceType, raw, errorType);
  if (target.kind === 'schema') throw new ScimError(errorType, `"${raw}" names a schema, not an attribute`);
  return target;
}

/** A sub-attribute referenced inside a value filter (`emails[type eq "work"]`): relative to one element. */
export function resolveElementAttribute(parent: ResolvedAttribute, raw: string, errorType: ScimErrorType): ResolvedAttribute {
  // Some clients repeat the parent name (`emails[emails.type eq "work"]`); accept that spelling too.
  const prefix = `${parent.def.name.toLowerCase()}.`;
  const name = raw.toLowerCase().startsWith(prefix) ? raw.slice(prefix.length) : raw;
  const def = findAttribute(parent.def.subAttributes, name);
  if (!def || name.includes('.')) throw new ScimError(errorType, `Unknown sub-attribute "${raw}" of "${parent.def.name}"`);
  return { scope: 'element', schema: parent.schema, core: parent.core, def, path: `${parent.path}.${def.name}` };
}

/** The object that holds an attribute: the resource itself (core) or its extension object. */
export function containerOf(resource: Record<string, unknown>, attribute: ResolvedAttribute): Record<string, unknown> | undefined {
  if (attribute.core) return resource;
  const ext = getKey(resource, attribute.schema.id);
  return isPlainObject(ext) ? ext : undefined;
}

/** Reads a property by canonical name, falling back to a case-insensitive match (inbound JSON may use any case). */
export function getKey(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
