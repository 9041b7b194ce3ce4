import { getKey, isPlainObject } from '../scim-path';
import { jsonEqual } from '../scim-values';
import type { AttributeDef, ResourceTypeDef } from '../scim.schema';

/**
 * Canonical paths of the attributes that differ between two resources: a single-valued complex
 * attribute reports its changed sub-attributes (`name.givenName`), everything else the attribute
 * (`emails`, `active`, `<enterprise URN>:manager.value`). Order follows the schema.
 */
export function changedAttributes(resourceType: ResourceTypeDef, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const changed: string[] = [];
  const walk = (defs: readonly AttributeDef[], a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined, prefix: string) => {
    for (const def of defs) {
      const va = a ? getKey(a, def.name) : undefined;
      const vb = b ? getKey(b, def.name) : undefined;
      if (jsonEqual(normal(va), normal(vb))) continue;
      if (def.type === 'complex' && !def.multiValued) {
        for (const sub of def.subAttributes) {
          const sa = isPlainObject(va) ? getKey(va, sub.name) : undefined;
          const sb = isPlainObject(vb) ? getKey(vb, sub.name) : undefined;
          if (!jsonEqual(normal(sa), normal(sb))) changed.push(`${prefix}${def.name}.${sub.name}`);
        }
      } else {
        changed.push(`${prefix}${def.name}`);
      }
    }
  };
  walk(resourceType.core.attributes, before, after, '');
  for (const ext of resourceType.extensions) {
    const a = getKey(before, ext.id);
    const b = getKey(after, ext.id);
    walk(ext.attributes, isPlainObject(a) ? a : undefined, isPlainObject(b) ? b : undefined, `${ext.id}:`);
  }
  return changed;
}

/** Unassigned spellings (undefined, null, "", [], {}) compare equal (RFC 7643 §2.5). */
const normal = (value: unknown): unknown =>
  value === null || value === '' || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0) ? undefined : value;
