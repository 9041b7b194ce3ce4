import type { mongo } from 'mongoose';

/**
 * Query shapes captured from a running service, and whether the server answers each from an
 * index (docs/performance.md, "Query shapes"). Capture: the driver's command monitoring
 * (`monitorCommands=true` in the URI) on the service's own client records every filter it sends
 * (find with its sort, count, distinct, findAndModify, update and delete statements, an
 * aggregate's first $match). Check: after the service stopped, each distinct shape is explained on
 * the same collections, padded with filler documents so PostgreSQL plans as on a real collection.
 */
export interface QueryShape {
  readonly command: string;
  readonly collection: string;
  readonly filter: Record<string, unknown>;
  readonly sort?: Record<string, unknown>;
}

export interface ShapeResult {
  /** `find <svc>_posts_v2 {"groupId":"string"} sort {"_id":-1}` */
  readonly shape: string;
  readonly indexed: boolean;
  readonly plan: string;
}

/** A filter with its values replaced by their types: `{groupId: 'string', userId: {$gt: 'string'}}`. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 && value.every((v) => typeof v !== 'object' || v === null) ? [shapeOf(value[0])] : value.map(shapeOf);
  if (value instanceof Date) return 'date';
  if (value && typeof value === 'object' && !(value as { _bsontype?: string })._bsontype) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  if (value && typeof value === 'object') return (value as { _bsontype: string })._bsontype;
  return value === null ? 'null' : typeof value;
}

/** The driver passes a sort as a Map. */
const plain = (sort: unknown): Record<string, unknown> => (sort instanceof Map ? Object.fromEntries(sort) : (sort as Record<string, unknown>));

function filtersOf(event: mongo.CommandStartedEvent): QueryShape[] {
  const c = event.command as Record<string, unknown>;
  const collection = String(c[event.commandName]);
  const query = (field: string) => (c[field] ?? {}) as Record<string, unknown>;
  switch (event.commandName) {
    case 'find':
      return [{ command: 'find', collection, filter: query('filter'), ...(c['sort'] ? { sort: plain(c['sort']) } : {}) }];
    case 'count':
    case 'distinct':
    case 'findAndModify':
      return [{ command: event.commandName, collection, filter: query('query') }];
    case 'update':
      return (c['updates'] as { q: Record<string, unknown> }[]).map((u) => ({ command: 'update', collection, filter: u.q }));
    case 'delete':
      return (c['deletes'] as { q: Record<string, unknown> }[]).map((d) => ({ command: 'delete', collection, filter: d.q }));
    case 'aggregate': {
      const first = (c['pipeline'] as Record<string, unknown>[])[0];
      return [{ command: 'aggregate', collection, filter: (first?.['$match'] ?? {}) as Record<string, unknown> }];
    }
    default:
      return [];
  }
}

/** Records the distinct shapes a client sends; `prefix` (the service's collection prefix) is shown as `<svc>_`. */
export function captureQueryShapes(client: mongo.MongoClient, prefix: string): Map<string, QueryShape> {
  const seen = new Map<string, QueryShape>();
  client.on('commandStarted', (event: mongo.CommandStartedEvent) => {
    for (const shape of filtersOf(event)) {
      const key = `${shape.command} ${shape.collection.replace(`${prefix}_`, '<svc>_')} ${JSON.stringify(shapeOf(shape.filter))}${shape.sort ? ` sort ${JSON.stringify(shape.sort)}` : ''}`;
      if (!seen.has(key)) seen.set(key, shape);
    }
  });
  return seen;
}

/**
 * Explains every shape on `db` (call it once the service has stopped: it inserts filler documents
 * into each collection). Index-backed: FerretDB's PostgreSQL plan has an index scan and no
 * sequential scan; MongoDB's winning plan has an IXSCAN.
 */
export async function explainShapes(db: mongo.Db, shapes: ReadonlyMap<string, QueryShape>, fillers = 2_000): Promise<ShapeResult[]> {
  const info = await db.admin().command({ buildInfo: 1 });
  const ferretdb = typeof info['ferretdbVersion'] === 'string';
  const padded = new Set<string>();
  const results: ShapeResult[] = [];
  for (const [shape, { command, collection, filter, sort }] of shapes) {
    if (!padded.has(collection)) {
      padded.add(collection);
      await db.collection(collection).insertMany(Array.from({ length: fillers }, (_, i) => ({ _id: `pad-${i}`, pad: i })) as never[], { ordered: false });
      // FerretDB: VACUUM ANALYZE, so PostgreSQL plans with statistics.
      if (ferretdb) await db.command({ compact: collection });
    }
    const query = command === 'aggregate' ? { aggregate: collection, pipeline: [{ $match: filter }], cursor: {} } : { find: collection, filter, ...(sort ? { sort } : {}) };
    const explained = await db.command({ explain: query, verbosity: 'queryPlanner' });
    const plan = JSON.stringify(explained['queryPlanner'] ?? explained['stages'] ?? explained);
    results.push({ shape, indexed: ferretdb ? /Index (?:Only )?Scan/.test(plan) && !plan.includes('Seq Scan') : plan.includes('IXSCAN'), plan });
  }
  return results.sort((a, b) => a.shape.localeCompare(b.shape));
}

/** One line per shape, for the test's output and docs/performance.md. */
export const shapeReport = (results: readonly ShapeResult[]): string => results.map((r) => `${r.indexed ? 'index' : 'SCAN '} ${r.shape}`).join('\n');
