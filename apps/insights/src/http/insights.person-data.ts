/**
 * Walks an OpenAPI document and lists every way a route could take or return person-level data
 * (docs/insights/privacy.md). The insights service must have none; its OpenAPI test fails on any.
 *
 * - no path or query parameter names a person (user, person, member, author, ... id, name, email)
 *   or takes a UUID or an email address (an id of someone);
 * - no success response property names a person or holds a UUID or an email address;
 * - the insights data routes (`/v1/insights/...`) answer only aggregate cells: numbers, booleans,
 *   nulls, and strings only as the labels listed in LABELS (periods, dimension values, metric
 *   names, statement text); a non-JSON answer only where NON_JSON says why it is aggregate too.
 */
type Json = Record<string, unknown>;

const PERSON = /^(?:user|person|people|member|employee|actor|author|owner|manager|subject|recipient|viewer|requester|reporter|creator|colleague|sub)s?(?:id|ids|key|keys|name|names|ref)?$|^(?:display|user|first|last|full|given|family)?name$|^e-?mail(?:address)?$|^(?:uid|upn|login|handle|sid)$/;
const normalise = (name: string): string => name.toLowerCase().replace(/[_\s-]/g, '');

/** String properties an aggregate answer may carry: labels of cells and the statement's words. */
export const LABELS: ReadonlySet<string> = new Set(['metric', 'granularity', 'by', 'parent', 'period', 'key', 'level', 'orgUnit', 'band', 'bucket', 'state', 'from', 'to', 'viewerRole', 'en', 'nl', 'service', 'lang']);

/** Non-JSON answers of data routes, each with the reason it is aggregate too. */
export const NON_JSON: Readonly<Record<string, string>> = {
  '/v1/insights/export.csv': 'the series table as CSV, built by the same suppressed query as /v1/insights/series',
  '/v1/insights/adoption.csv': 'the adoption view as CSV, the figures of /v1/insights/adoption (numbers and labels) and nothing else',
  '/v1/insights/leadership.csv': 'the leadership view as CSV, the figures of /v1/insights/leadership (numbers and labels) and nothing else',
  '/v1/insights/engagement.csv': 'the engagement view as CSV, the figures of /v1/insights/engagement (numbers and labels) and nothing else',
  '/v1/insights/transparency.html': 'the transparency statement (settings and policy text, no figures)',
};

export function personLevelFindings(document: Json): string[] {
  const findings: string[] = [];
  const components = ((document['components'] as Json | undefined)?.['schemas'] as Record<string, Json> | undefined) ?? {};
  const resolve = (schema: Json): Json => {
    const ref = schema['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) return components[ref.slice('#/components/schemas/'.length)] ?? {};
    return schema;
  };

  const walk = (where: string, schema: Json | undefined, aggregateOnly: boolean, property: string | null, seen: Set<Json>): void => {
    if (!schema || typeof schema !== 'object') return;
    const s = resolve(schema);
    if (seen.has(s)) return;
    seen.add(s);
    if (s['format'] === 'uuid' || s['format'] === 'email') findings.push(`${where}: a ${String(s['format'])} (an id or address of someone)`);
    const types = ([] as unknown[]).concat(s['type'] ?? []);
    if (aggregateOnly && types.includes('string') && property !== null && !LABELS.has(property)) findings.push(`${where}: string property ${property} is not an aggregate figure or a known label`);
    for (const [name, sub] of Object.entries((s['properties'] as Record<string, Json> | undefined) ?? {})) {
      if (PERSON.test(normalise(name))) findings.push(`${where}.${name}: names a person`);
      walk(`${where}.${name}`, sub, aggregateOnly, name, new Set(seen));
    }
    for (const key of ['items', 'additionalProperties', 'not']) if (s[key] && typeof s[key] === 'object') walk(`${where}[]`, s[key] as Json, aggregateOnly, property, new Set(seen));
    for (const key of ['anyOf', 'oneOf', 'allOf']) for (const sub of (s[key] as Json[] | undefined) ?? []) walk(where, sub, aggregateOnly, property, new Set(seen));
  };

  for (const [path, operations] of Object.entries((document['paths'] as Record<string, Record<string, Json>>) ?? {})) {
    const dataRoute = path.startsWith('/v1/insights/');
    for (const [method, op] of Object.entries(operations)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const param of (op['parameters'] as Json[] | undefined) ?? []) {
        const p = resolve(param);
        if (p['in'] !== 'path' && p['in'] !== 'query') continue;
        const name = String(p['name']);
        if (PERSON.test(normalise(name))) findings.push(`${at}: ${String(p['in'])} parameter ${name} names a person`);
        walk(`${at} ${String(p['in'])}.${name}`, p['schema'] as Json | undefined, false, null, new Set());
      }
      for (const [status, response] of Object.entries((op['responses'] as Record<string, Json> | undefined) ?? {})) {
        if (!status.startsWith('2')) continue;
        for (const [type, media] of Object.entries((resolve(response)['content'] as Record<string, Json> | undefined) ?? {})) {
          const json = type.includes('json');
          if (!json && dataRoute && !(path in NON_JSON)) findings.push(`${at} ${status}: answers ${type}, which this walker cannot check (add it to NON_JSON with a reason)`);
          if (json) walk(`${at} ${status}`, media['schema'] as Json | undefined, dataRoute, null, new Set());
        }
      }
    }
  }
  return findings;
}
