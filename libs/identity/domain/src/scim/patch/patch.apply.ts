import { matchesScimElement } from '../filter/filter.evaluator';
import type { FilterNode } from '../filter/filter.ast';
import { parseScimPath } from '../filter/filter.parser';
import { resolveScimFilter } from '../filter/filter.resolve';
import { ScimError } from '../scim.errors';
import { getKey, isPlainObject, resolveAttributePath, type ResolvedAttribute } from '../scim-path';
import { coerceSingle, coerceValue, deleteKey, isUnassigned, jsonEqual, setKey, withSchemas, type ScimResource } from '../scim-values';
import { findAttribute, type AttributeDef, type ResourceTypeDef } from '../scim.schema';
import type { PatchOpName, PatchOperation } from './patch-request';
import { changedAttributes } from './resource-diff';

export interface PatchResult {
  /** The resource after all operations, with `schemas` recomputed. */
  readonly resource: ScimResource;
  /** Canonical paths that actually changed (see changedAttributes); empty for a no-op PATCH. */
  readonly changed: readonly string[];
}

type Json = Record<string, unknown>;

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a copy of `resource`; all or nothing, since any
 * error aborts before the caller sees a result. Shapes accepted besides plain RFC syntax:
 * - no-path `add`/`replace` whose value keys are paths (`"name.givenName"`,
 *   `"emails[type eq \"work\"].value"`, `"<enterprise URN>:department"`) or an extension URN
 *   holding an object, as Entra ID and Okta send them;
 * - `add`/`replace` through a value filter that matches nothing creates the value when the filter
 *   only tests equality (`emails[type eq "work"].value` on a user without a work email, Entra's
 *   way of setting one); any other unmatched filter fails with noTarget;
 * - `remove` with a `value` list on a multi-valued attribute removes those values (Entra's way of
 *   removing group members); `remove` whose filter matches nothing is a no-op, so retries succeed;
 * - read-only attributes sent with their current value (Okta echoes `id`) are ignored.
 */
export function applyScimPatch(resourceType: ResourceTypeDef, resource: ScimResource, operations: readonly PatchOperation[]): PatchResult {
  const working = structuredClone(resource) as Json;
  for (const operation of operations) {
    if (operation.path === undefined) {
      if (operation.op === 'remove') throw new ScimError('noTarget', 'remove needs a "path"');
      if (!isPlainObject(operation.value)) throw new ScimError('invalidValue', `${operation.op} without a path needs an object of attributes as its value`);
      for (const [key, value] of Object.entries(operation.value)) {
        if (key.toLowerCase() !== 'schemas') applyAtPath(resourceType, working, operation.op, key, value);
      }
    } else {
      applyAtPath(resourceType, working, operation.op, operation.path, operation.value);
    }
  }
  const result = withSchemas(resourceType, working);
  return { resource: result, changed: changedAttributes(resourceType, resource, result) };
}

function applyAtPath(resourceType: ResourceTypeDef, resource: Json, op: PatchOpName, rawPath: string, value: unknown): void {
  const path = parseScimPath(rawPath);
  const target = resolveAttributePath(resourceType, path.attribute, 'invalidPath');
  if (target.kind === 'schema') {
    if (path.filter) throw new ScimError('invalidPath', `"${rawPath}" cannot filter a schema`);
    const isCore = target.schema === resourceType.core;
    if (op === 'remove') {
      if (isCore) throw new ScimError('invalidPath', 'The core schema cannot be removed');
      deleteKey(resource, target.schema.id);
      return;
    }
    if (!isPlainObject(value)) throw new ScimError('invalidValue', `"${target.schema.id}" needs an object of attributes as its value`);
    for (const [key, v] of Object.entries(value)) applyAtPath(resourceType, resource, op, isCore ? key : `${target.schema.id}:${key}`, v);
    return;
  }
  if (path.filter) return applyThroughFilter(resourceType, resource, op, target, path.filter, path.subAttribute, value);
  if (target.sub) return applySubAttribute(resource, op, target, target.sub, value);
  return applyAttribute(resource, op, target, value);
}

function holder(resource: Json, attribute: ResolvedAttribute, create: boolean): Json | undefined {
  if (attribute.core) return resource;
  const existing = getKey(resource, attribute.schema.id);
  if (isPlainObject(existing)) return existing;
  if (!create) return undefined;
  const fresh: Json = {};
  setKey(resource, attribute.schema.id, fresh);
  return fresh;
}

/**
 * Read-only and immutable attributes may be "set" to the value they already have (clients echo
 * whole resources); anything else is a mutability error. Returns true when the write is a no-op.
 */
function unchangedOrForbidden(def: AttributeDef, path: string, current: unknown, next: unknown): boolean {
  if (def.mutability !== 'readOnly' && def.mutability !== 'immutable') return false;
  if (jsonEqual(current, next)) return true;
  if (def.mutability === 'immutable' && isUnassigned(current)) return false;
  throw new ScimError('mutability', `"${path}" is ${def.mutability}`);
}

function unassign(container: Json, def: AttributeDef, path: string): void {
  const current = getKey(container, def.name);
  if (isUnassigned(current)) return;
  if (def.required) throw new ScimError('invalidValue', `"${path}" is required and cannot be removed`);
  unchangedOrForbidden(def, path, current, undefined);
  deleteKey(container, def.name);
}

function applyAttribute(resource: Json, op: PatchOpName, attribute: ResolvedAttribute, value: unknown): void {
  const { def, path } = attribute;
  const container = holder(resource, attribute, op !== 'remove');
  if (!container) return;
  const current = getKey(container, def.name);
  if (op === 'remove' && def.multiValued && value !== undefined && value !== null) {
    const doomed = coerceValue(def, value, path) as unknown[];
    if (def.mutability === 'readOnly') throw new ScimError('mutability', `"${path}" is readOnly`);
    const kept = asList(current).filter((element) => !doomed.some((d) => sameElement(def, element, d)));
    return kept.length > 0 ? setKey(container, def.name, kept) : deleteKey(container, def.name);
  }
  const next = op === 'remove' ? null : coerceValue(def, value, path);
  if (isUnassigned(next)) return unassign(container, def, path);
  if (def.multiValued) {
    const incoming = next as unknown[];
    if (op === 'replace' && unchangedOrForbidden(def, path, current, incoming)) return;
    if (def.mutability === 'readOnly') throw new ScimError('mutability', `"${path}" is readOnly`);
    const list = op === 'replace' ? [] : [...asList(current)];
    const touched = new Set<unknown>();
    for (const element of incoming) {
      const index = list.findIndex((existing) => sameElement(def, existing, element));
      const merged = index >= 0 && isPlainObject(list[index]) && isPlainObject(element) ? { ...list[index], ...element } : element;
      if (index >= 0) list[index] = merged;
      else list.push(merged);
      touched.add(merged);
    }
    setKey(container, def.name, singlePrimary(list, touched));
    return;
  }
  // RFC 7644 §3.5.2.1/3: a complex value adds or replaces the sub-attributes it names; others stay.
  const merged = def.type === 'complex' && isPlainObject(current) ? { ...current, ...(next as Json) } : next;
  if (unchangedOrForbidden(def, path, current, merged)) return;
  setKey(container, def.name, merged);
}

function applySubAttribute(resource: Json, op: PatchOpName, attribute: ResolvedAttribute, sub: AttributeDef, value: unknown): void {
  const { def, path } = attribute;
  if (def.mutability === 'readOnly' || sub.mutability === 'readOnly') throw new ScimError('mutability', `"${path}" is readOnly`);
  const container = holder(resource, attribute, op !== 'remove');
  if (!container) return;
  const current = getKey(container, def.name);
  const next = op === 'remove' ? null : coerceValue(sub, value, path);
  if (def.multiValued) {
    // `emails.value` without a filter addresses every value; adding one that way is ambiguous.
    if (op === 'add') throw new ScimError('invalidPath', `"${path}" addresses every value of "${def.name}"; use a value filter such as ${def.name}[type eq "work"].${sub.name}`);
    for (const element of asList(current)) if (isPlainObject(element)) writeSub(element, sub, path, next);
    return;
  }
  if (isUnassigned(next) && !isPlainObject(current)) return;
  const object: Json = isPlainObject(current) ? current : {};
  writeSub(object, sub, path, next);
  return Object.keys(object).length > 0 ? setKey(container, def.name, object) : deleteKey(container, def.name);
}

function writeSub(element: Json, sub: AttributeDef, path: string, next: unknown): void {
  const current = getKey(element, sub.name);
  if (unchangedOrForbidden(sub, path, current, isUnassigned(next) ? undefined : next)) return;
  if (isUnassigned(next)) {
    if (sub.required) throw new ScimError('invalidValue', `"${path}" is required and cannot be removed`);
    deleteKey(element, sub.name);
  } else {
    setKey(element, sub.name, next);
  }
}

function applyThroughFilter(
  resourceType: ResourceTypeDef,
  resource: Json,
  op: PatchOpName,
  attribute: ResolvedAttribute,
  filterNode: FilterNode,
  subName: string | undefined,
  value: unknown,
): void {
  const { def, path } = attribute;
  if (!def.multiValued || def.type !== 'complex' || attribute.sub) throw new ScimError('invalidPath', `"${path}" takes no value filter`);
  if (def.mutability === 'readOnly') throw new ScimError('mutability', `"${path}" is readOnly`);
  const filter = resolveScimFilter(filterNode, resourceType, attribute);
  const sub = subName === undefined ? undefined : findAttribute(def.subAttributes, subName);
  if (subName !== undefined && !sub) throw new ScimError('invalidPath', `Unknown sub-attribute "${subName}" of "${def.name}"`);
  const container = holder(resource, attribute, op !== 'remove');
  if (!container) return;
  let list = asList(getKey(container, def.name)).map((e) => (isPlainObject(e) ? { ...e } : e));
  let matches = list.filter((e): e is Json => isPlainObject(e) && matchesScimElement(filter, e));
  const subPath = sub ? `${path}.${sub.name}` : path;
  if (op === 'remove') {
    if (sub) for (const element of matches) writeSub(element, sub, subPath, null);
    else list = list.filter((e) => !matches.includes(e as Json));
  } else {
    if (matches.length === 0) {
      const seed = equalitySeed(filterNode, def);
      if (!seed) throw new ScimError('noTarget', `No value of "${def.name}" matches the filter in the path`);
      list.push(seed);
      matches = [seed];
    }
    for (const element of matches) {
      if (sub) {
        writeSub(element, sub, subPath, coerceValue(sub, value, subPath));
        continue;
      }
      const next = coerceSingle(def, value, path);
      if (!isPlainObject(next)) throw new ScimError('invalidValue', `"${path}" needs an object value`);
      if (op === 'replace') for (const key of Object.keys(element)) delete element[key];
      Object.assign(element, next);
    }
    list = singlePrimary(list, new Set(matches));
  }
  const kept = list.filter((e) => !isUnassigned(e));
  return kept.length > 0 ? setKey(container, def.name, kept) : deleteKey(container, def.name);
}

/** `type eq "work"` (optionally and-ed) → `{ type: "work" }`: the value a filter would have matched. */
function equalitySeed(node: FilterNode, def: AttributeDef): Json | null {
  if (node.type === 'and') {
    const left = equalitySeed(node.left, def);
    const right = equalitySeed(node.right, def);
    return left && right ? { ...left, ...right } : null;
  }
  if (node.type !== 'compare' || node.operator !== 'eq' || node.value === null) return null;
  const name = node.attribute.toLowerCase().startsWith(`${def.name.toLowerCase()}.`) ? node.attribute.slice(def.name.length + 1) : node.attribute;
  const sub = findAttribute(def.subAttributes, name);
  return sub ? { [sub.name]: node.value } : null;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : isUnassigned(value) ? [] : [value]);

/**
 * Two values of a multi-valued attribute are the same when their `value` (and `type`, if both
 * carry one) agree; values without a `value` sub-attribute compare structurally.
 */
function sameElement(def: AttributeDef, a: unknown, b: unknown): boolean {
  const valueDef = findAttribute(def.subAttributes, 'value');
  if (!valueDef || !isPlainObject(a) || !isPlainObject(b) || a['value'] === undefined || b['value'] === undefined) return jsonEqual(a, b);
  const norm = (v: unknown) => (typeof v === 'string' && !valueDef.caseExact ? v.toLowerCase() : v);
  const typeA = a['type'];
  const typeB = b['type'];
  const sameType = typeA === undefined || typeB === undefined || String(typeA).toLowerCase() === String(typeB).toLowerCase();
  return norm(a['value']) === norm(b['value']) && sameType;
}

/** RFC 7643 §2.4: at most one value is primary; a value just written as primary wins. */
function singlePrimary(list: unknown[], touched: ReadonlySet<unknown>): unknown[] {
  const winner = [...touched].some((e) => isPlainObject(e) && e['primary'] === true);
  if (!winner) return list;
  return list.map((e) => (isPlainObject(e) && !touched.has(e) && e['primary'] === true ? { ...e, primary: false } : e));
}
