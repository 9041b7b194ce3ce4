import { SCIM_SCHEMAS, type ScimResource } from '@plein/identity/domain';

/** Always returned whatever the client selects (RFC 7643 `returned: always`, plus meta for ETags). */
const ALWAYS = new Set(['schemas', 'id', 'meta']);
const EXTENSIONS = [SCIM_SCHEMAS.enterpriseUser, SCIM_SCHEMAS.pleinUser].map((s) => s.toLowerCase());

interface Selector {
  /** Top-level key (an attribute name or an extension URN), lower-cased. */
  readonly key: string;
  /** Sub-attribute path below it, lower-cased, or null for the whole attribute. */
  readonly sub: string | null;
}

/**
 * Applies `attributes` / `excludedAttributes` (RFC 7644 §3.9) to a rendered resource. Names are
 * case-insensitive; `name.givenName`, `emails.value` (in every value of a multi-valued attribute)
 * and `urn:...:enterprise:2.0:User:department` reach one level down. `id`, `schemas` and `meta` stay. Unknown names select nothing (they are not an error).
 */
export function selectAttributes(resource: ScimResource, attributes: readonly string[], excluded: readonly string[]): ScimResource {
  if (attributes.length > 0) {
    const selectors = attributes.map(parse);
    const out: ScimResource = {};
    for (const [key, value] of Object.entries(resource)) {
      const lower = key.toLowerCase();
      if (ALWAYS.has(lower)) out[key] = value;
      else {
        const hits = selectors.filter((s) => s.key === lower);
        if (hits.some((s) => s.sub === null)) out[key] = value;
        else if (hits.length > 0) {
          const kept = eachValue(value, (v) => pick(v, hits.map((s) => s.sub!)));
          if (kept !== undefined) out[key] = kept;
        }
      }
    }
    return out;
  }
  if (excluded.length === 0) return resource;
  const selectors = excluded.map(parse);
  const out: ScimResource = {};
  for (const [key, value] of Object.entries(resource)) {
    const lower = key.toLowerCase();
    const hits = selectors.filter((s) => s.key === lower);
    if (ALWAYS.has(lower) || hits.length === 0) out[key] = value;
    else if (hits.every((s) => s.sub !== null)) {
      const subs = new Set(hits.map((s) => s.sub!));
      const kept = eachValue(value, (v) => Object.fromEntries(Object.entries(v).filter(([k]) => !subs.has(k.toLowerCase()))));
      if (kept !== undefined) out[key] = kept;
    }
  }
  return out;
}

function parse(raw: string): Selector {
  const lower = raw.toLowerCase();
  const extension = EXTENSIONS.find((urn) => lower.startsWith(`${urn}:`));
  if (extension) {
    const rest = lower.slice(extension.length + 1);
    return { key: extension, sub: rest === '' ? null : rest };
  }
  const core = /^urn:ietf:params:scim:schemas:core:2\.0:(?:user|group):(.+)$/.exec(lower);
  if (core) return parse(core[1]!);
  if (lower.startsWith('urn:')) return { key: lower, sub: null };
  const dot = lower.indexOf('.');
  return dot < 0 ? { key: lower, sub: null } : { key: lower.slice(0, dot), sub: lower.slice(dot + 1) };
}

/**
 * Applies `select` to a complex value, or to each value of a multi-valued complex attribute
 * (`emails.value` selects `value` in every e-mail). Values left empty are dropped; undefined when
 * nothing is left.
 */
function eachValue(value: unknown, select: (v: Record<string, unknown>) => Record<string, unknown>): unknown {
  if (isPlainObject(value)) {
    const kept = select(value);
    return Object.keys(kept).length > 0 ? kept : undefined;
  }
  if (Array.isArray(value)) {
    const kept = value.filter(isPlainObject).map(select).filter((v) => Object.keys(v).length > 0);
    return kept.length > 0 ? kept : undefined;
  }
  return undefined;
}

function pick(value: Record<string, unknown>, subs: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => subs.includes(k.toLowerCase())));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
