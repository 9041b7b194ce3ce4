import { ScimError, type ScimErrorType } from '../scim.errors';
import { resolveAttribute, resolveElementAttribute, type ResolvedAttribute } from '../scim-path';
import { findAttribute, type AttributeDef, type ResourceTypeDef } from '../scim.schema';
import type { CompareOperator, CompareValue, FilterNode } from './filter.ast';
import { parseScimFilter } from './filter.parser';

/** A filter whose attributes are resolved, canonical and type-checked against a resource type. */
export type ResolvedFilter =
  | { readonly type: 'compare'; readonly attribute: ResolvedAttribute; readonly operator: CompareOperator; readonly value: CompareValue }
  | { readonly type: 'present'; readonly attribute: ResolvedAttribute }
  | { readonly type: 'and' | 'or'; readonly left: ResolvedFilter; readonly right: ResolvedFilter }
  | { readonly type: 'not'; readonly filter: ResolvedFilter }
  | { readonly type: 'valuePath'; readonly attribute: ResolvedAttribute; readonly filter: ResolvedFilter };

/** Parses and resolves in one go: what a `GET /Users?filter=` handler calls. */
export function compileScimFilter(input: string, resourceType: ResourceTypeDef): ResolvedFilter {
  return resolveScimFilter(parseScimFilter(input), resourceType);
}

/**
 * Resolves attribute names and checks each comparison against the attribute's type, so that
 * evaluation and query translation never meet an ill-typed comparison. `element` resolves names
 * relative to one value of a multi-valued attribute (the inside of `emails[...]`).
 */
export function resolveScimFilter(
  node: FilterNode,
  resourceType: ResourceTypeDef,
  element?: ResolvedAttribute,
  errorType: ScimErrorType = 'invalidFilter',
): ResolvedFilter {
  switch (node.type) {
    case 'and':
    case 'or':
      return { type: node.type, left: resolveScimFilter(node.left, resourceType, element, errorType), right: resolveScimFilter(node.right, resourceType, element, errorType) };
    case 'not':
      return { type: 'not', filter: resolveScimFilter(node.filter, resourceType, element, errorType) };
    case 'valuePath': {
      const attribute = resolveAttribute(resourceType, node.attribute, errorType);
      if (!attribute.def.multiValued || attribute.def.type !== 'complex' || attribute.sub) {
        throw new ScimError(errorType, `"${attribute.path}" is not a multi-valued complex attribute, so it takes no value filter`);
      }
      return { type: 'valuePath', attribute, filter: resolveScimFilter(node.filter, resourceType, attribute, errorType) };
    }
    case 'present':
    case 'compare': {
      const raw = element ? resolveElementAttribute(element, node.attribute, errorType) : resolveAttribute(resourceType, node.attribute, errorType);
      const attribute = comparable(raw, errorType);
      if (node.type === 'present') return { type: 'present', attribute };
      checkComparison(attribute, node.operator, node.value, errorType);
      return { type: 'compare', attribute, operator: node.operator, value: node.value };
    }
  }
}

/** The attribute definition a comparison applies to (the sub-attribute, if any). */
export const leafOf = (attribute: ResolvedAttribute): AttributeDef => attribute.sub ?? attribute.def;

/**
 * A complex attribute compared without a sub-attribute (`emails co "@x"`, `members eq "id"`) is
 * compared on its `value` sub-attribute, the common reading of RFC 7644 §3.4.2.2.
 */
function comparable(attribute: ResolvedAttribute, errorType: ScimErrorType): ResolvedAttribute {
  const leaf = leafOf(attribute);
  if (leaf.mutability === 'writeOnly') throw new ScimError(errorType, `"${attribute.path}" is write-only and cannot be filtered on`);
  if (leaf.type !== 'complex') return attribute;
  const value = findAttribute(leaf.subAttributes, 'value');
  if (!value || attribute.scope === 'element') throw new ScimError(errorType, `"${attribute.path}" is complex: name a sub-attribute`);
  return { ...attribute, sub: value, path: `${attribute.path}.value` };
}

function checkComparison(attribute: ResolvedAttribute, operator: CompareOperator, value: CompareValue, errorType: ScimErrorType): void {
  const leaf = leafOf(attribute);
  const fail = (why: string): never => {
    throw new ScimError(errorType, `"${attribute.path}" ${operator} ${JSON.stringify(value)}: ${why}`);
  };
  if (value === null) {
    if (operator !== 'eq' && operator !== 'ne') fail('null can only be compared with eq or ne');
    return;
  }
  const ordering = operator === 'gt' || operator === 'ge' || operator === 'lt' || operator === 'le';
  const substring = operator === 'co' || operator === 'sw' || operator === 'ew';
  switch (leaf.type) {
    case 'boolean':
    case 'binary':
      if (ordering || substring) fail(`${leaf.type} attributes support only eq, ne and pr`);
      if (leaf.type === 'boolean' && typeof value !== 'boolean') fail('expected true or false');
      if (leaf.type === 'binary' && typeof value !== 'string') fail('expected a string');
      return;
    case 'integer':
    case 'decimal':
      if (substring) fail('numbers support no substring operators');
      if (typeof value !== 'number' || (leaf.type === 'integer' && !Number.isInteger(value))) fail(`expected ${leaf.type === 'integer' ? 'an integer' : 'a number'}`);
      return;
    case 'dateTime':
      if (typeof value !== 'string') fail('expected a date-time string');
      if (!substring && Number.isNaN(Date.parse(value as string))) fail('expected an xsd:dateTime such as "2026-01-01T00:00:00Z"');
      return;
    default:
      if (typeof value !== 'string') fail('expected a string');
  }
}
