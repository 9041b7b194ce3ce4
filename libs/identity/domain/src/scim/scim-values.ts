import { ScimError } from './scim.errors';
import { getKey, isPlainObject } from './scim-path';
import { findAttribute, type AttributeDef, type ResourceTypeDef } from './scim.schema';

export type ScimResource = Record<string, unknown>;

/**
 * Converts an inbound value to the attribute's type, in canonical spelling. Tolerates what real
 * IdPs send: booleans as "True"/"False" (Entra ID before its 2020 compliance fix), a plain string
 * for a complex attribute that has a `value` sub-attribute (Entra's manager), a single object for
 * a multi-valued attribute. Read-only sub-attributes (`manager.displayName`, `members.display`)
 * are server-computed and dropped. `null` means unassigned (RFC 7643 §2.5) and is kept as null.
 */
export function coerceValue(def: AttributeDef, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return null;
  if (def.multiValued) {
    const list = Array.isArray(value) ? value : [value];
    const values = list.map((v) => coerceSingle(def, v, path)).filter((v) => v !== null);
    // RFC 7643 §2.4: the primary value "MUST appear no more than once".
    if (values.filter((v) => isPlainObject(v) && v['primary'] === true).length > 1) throw invalid(path, 'more than one value has "primary": true');
    return values;
  }
  if (Array.isArray(value)) {
    if (value.length === 1) return coerceSingle(def, value[0], path);
    throw invalid(path, 'expected a single value, got an array');
  }
  return coerceSingle(def, value, path);
}

/** One value of `def` (for a multi-valued attribute: one element). */
export function coerceSingle(def: AttributeDef, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return null;
  switch (def.type) {
    case 'complex': {
      const valueSub = findAttribute(def.subAttributes, 'value');
      if (!isPlainObject(value)) {
        if (valueSub && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
          return { value: coerceSingle(valueSub, value, `${path}.value`) };
        }
        throw invalid(path, 'expected an object');
      }
      const out: Record<string, unknown> = {};
      for (const [key, raw] of Object.entries(value)) {
        const sub = findAttribute(def.subAttributes, key);
        if (!sub) throw invalid(`${path}.${key}`, `unknown sub-attribute of "${def.name}"`);
        if (sub.mutability === 'readOnly') continue;
        const coerced = coerceSingle(sub, raw, `${path}.${sub.name}`);
        if (coerced !== null) out[sub.name] = coerced;
      }
      return out;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(?:true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
      throw invalid(path, 'expected a boolean');
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw invalid(path, 'expected an integer');
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw invalid(path, 'expected a number');
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw invalid(path, 'expected an xsd:dateTime string');
    default:
      if (typeof value === 'string') return value;
      throw invalid(path, 'expected a string');
  }
}

const invalid = (path: string, why: string) => new ScimError('invalidValue', `Invalid value for "${path}": ${why}`);

/** Whether a value counts as unassigned (RFC 7643 §2.5: null, "" and [] all mean "no value"). */
export const isUnassigned = (value: unknown): boolean =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);

/** Structural equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Sets `name` on `object`, removing keys that differ only in case, so the canonical spelling wins. */
export function setKey(object: Record<string, unknown>, name: string, value: unknown): void {
  deleteKey(object, name);
  object[name] = value;
}

export function deleteKey(object: Record<string, unknown>, name: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) delete object[key];
}

/**
 * A full resource (POST/PUT body) in canonical form: known attributes only, canonical spelling,
 * coerced values, unassigned values dropped, `schemas` listing the core schema and every
 * extension in use. Unknown attributes and extensions are ignored, as RFC 7644 §3.3 allows for
 * attributes a provider does not support; read-only attributes (id, meta, groups) are dropped
 * because clients may echo them but never set them.
 */
export function normaliseScimResource(resourceType: ResourceTypeDef, body: unknown): ScimResource {
  if (!isPlainObject(body)) throw new ScimError('invalidSyntax', 'The request body must be a JSON object');
  const out: ScimResource = {};
  copyAttributes(resourceType.core.attributes, body, out, '');
  for (const ext of resourceType.extensions) {
    const raw = getKey(body, ext.id);
    if (!isPlainObject(raw)) continue;
    const target: ScimResource = {};
    copyAttributes(ext.attributes, raw, target, `${ext.id}:`);
    if (Object.keys(target).length > 0) out[ext.id] = target;
  }
  return withSchemas(resourceType, out);
}

function copyAttributes(defs: readonly AttributeDef[], source: Record<string, unknown>, target: ScimResource, prefix: string): void {
  for (const def of defs) {
    if (def.mutability === 'readOnly') continue;
    const raw = getKey(source, def.name);
    const value = coerceValue(def, raw, `${prefix}${def.name}`);
    if (!isUnassigned(value)) target[def.name] = value;
  }
}

/** Recomputes `schemas` and drops empty extension objects. */
export function withSchemas(resourceType: ResourceTypeDef, resource: ScimResource): ScimResource {
  const schemas = [resourceType.core.id];
  for (const ext of resourceType.extensions) {
    const value = getKey(resource, ext.id);
    if (isPlainObject(value) && Object.keys(value).length > 0) schemas.push(ext.id);
    else deleteKey(resource, ext.id);
  }
  deleteKey(resource, 'schemas');
  return { schemas, ...resource };
}

