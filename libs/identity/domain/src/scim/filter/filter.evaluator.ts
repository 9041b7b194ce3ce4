import { containerOf, getKey, isPlainObject, type ResolvedAttribute } from '../scim-path';
import type { AttributeDef } from '../scim.schema';
import type { CompareOperator, CompareValue } from './filter.ast';
import { leafOf, type ResolvedFilter } from './filter.resolve';

type Json = Record<string, unknown>;

/**
 * Whether `resource` (a SCIM resource as JSON) matches `filter` (RFC 7644 §3.4.2.2):
 * - a multi-valued attribute matches if any of its values does;
 * - strings of caseExact=false attributes compare case-insensitively, dateTimes as instants;
 * - `ne` is the negation of `eq`, so it also matches when the attribute is absent, and `eq null`
 *   matches exactly the resources where the attribute is unassigned (RFC 7643 §2.5);
 * - `pr` needs a non-empty value (not null, "", [] or {}).
 */
export function matchesScimFilter(filter: ResolvedFilter, resource: Json): boolean {
  return evaluate(filter, resource, undefined);
}

/** Whether one value of a multi-valued attribute matches the inside of a value filter (`[type eq "work"]`). */
export function matchesScimElement(filter: ResolvedFilter, element: Json): boolean {
  return evaluate(filter, {}, element);
}

function evaluate(filter: ResolvedFilter, resource: Json, element: Json | undefined): boolean {
  switch (filter.type) {
    case 'and':
      return evaluate(filter.left, resource, element) && evaluate(filter.right, resource, element);
    case 'or':
      return evaluate(filter.left, resource, element) || evaluate(filter.right, resource, element);
    case 'not':
      return !evaluate(filter.filter, resource, element);
    case 'valuePath':
      return attributeValues(filter.attribute, resource, undefined).some((value) => isPlainObject(value) && evaluate(filter.filter, resource, value));
    case 'present':
      return attributeValues(filter.attribute, resource, element).some(isNonEmpty);
    case 'compare': {
      const values = attributeValues(filter.attribute, resource, element).filter((v) => v !== null && v !== undefined);
      const expected = filter.value;
      if (expected === null) return filter.operator === 'eq' ? values.length === 0 : values.length > 0;
      const leaf = leafOf(filter.attribute);
      if (filter.operator === 'ne') return !values.some((v) => compareScimValue(leaf, 'eq', v, expected));
      return values.some((v) => compareScimValue(leaf, filter.operator, v, expected));
    }
  }
}

/** All values an attribute path yields on a resource (or on one element inside a value filter). */
export function attributeValues(attribute: ResolvedAttribute, resource: Json, element: Json | undefined): unknown[] {
  const holder = attribute.scope === 'element' ? element : containerOf(resource, attribute);
  if (!holder) return [];
  const raw = getKey(holder, attribute.def.name);
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  if (!attribute.sub) return list;
  const sub = attribute.sub.name;
  return list.flatMap((v) => (isPlainObject(v) ? [getKey(v, sub)] : []));
}

const isNonEmpty = (value: unknown): boolean => {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.values(value).some(isNonEmpty);
  return true;
};

/** One attribute value against one operand, with the attribute's case and type rules (`ne` is plain inequality here). */
export function compareScimValue(leaf: AttributeDef, operator: CompareOperator, actual: unknown, expected: Exclude<CompareValue, null>): boolean {
  if (typeof expected === 'boolean' || typeof expected === 'number') {
    if (typeof actual !== typeof expected) return false;
    return order(operator, actual as number, expected as number);
  }
  if (typeof actual !== 'string') return false;
  if (leaf.type === 'dateTime' && operator !== 'co' && operator !== 'sw' && operator !== 'ew') {
    const a = Date.parse(actual);
    return !Number.isNaN(a) && order(operator, a, Date.parse(expected));
  }
  const a = leaf.caseExact ? actual : actual.toLowerCase();
  const e = leaf.caseExact ? expected : expected.toLowerCase();
  switch (operator) {
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    default:
      return order(operator, a, e);
  }
}

function order<T extends string | number | boolean>(operator: CompareOperator, a: T, e: T): boolean {
  switch (operator) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
    default:
      return false;
  }
}
