import { randomBytes } from 'node:crypto';
import { api, openApiDocument, route, type RunningService } from '@plein/shared/platform';
import mongoose from 'mongoose';
import { z } from 'zod';
import { bootstrapInsights } from './bootstrap';
import { INSIGHTS_ROUTES } from './http/insights.routes';
import { personLevelFindings } from './http/insights.person-data';

type Json = Record<string, unknown>;

/**
 * No insights route may take or return person-level data: the walker finds none in the service's
 * real OpenAPI document, and finds every planted one.
 */
describe('insights OpenAPI document: no route offers person-level data', () => {
  let service: RunningService;
  let database: string;
  let doc: Json;
  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    database = `plein_test_insights_${suffix}`;
    service = await bootstrapInsights({ env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'error', MONGODB_DB: database, SERVICE_NAME: `insights-t${suffix}`, KAFKA_TOPIC_PREFIX: `t${suffix}.` }, handleSignals: false });
    doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as Json;
  });
  afterAll(async () => {
    await service?.close();
    const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('lists every insights route and finds no parameter or response that names or identifies a person', () => {
    const paths = Object.keys(doc['paths'] as Json);
    for (const r of INSIGHTS_ROUTES) expect(paths).toContain(r.path);
    expect(personLevelFindings(doc)).toEqual([]);
  });

  it('fails on planted routes: a person in the path, a person query parameter, person fields in answers, an unchecked format', () => {
    const description = { title: 'planted', description: 'planted' };
    const plant = (extra: Parameters<typeof route>[0]) => personLevelFindings(openApiDocument(description, [...INSIGHTS_ROUTES, extra]));
    const base = { method: 'get', auth: 'bearer', summary: 'planted' } as const;

    expect(plant({ ...base, path: '/v1/insights/people/{userId}', params: z.object({ userId: api.uuid() }), response: { schema: z.object({ active: z.number() }) } })).toEqual([
      'GET /v1/insights/people/{userId}: path parameter userId names a person',
      'GET /v1/insights/people/{userId} path.userId: a uuid (an id or address of someone)',
    ]);
    expect(plant({ ...base, path: '/v1/insights/activity', query: z.object({ author: z.string() }), response: { schema: z.object({ posts: z.number() }) } })).toEqual([
      'GET /v1/insights/activity: query parameter author names a person',
    ]);
    expect(
      plant({ ...base, path: '/v1/insights/top-posters', response: { schema: z.object({ items: z.array(z.object({ personKey: z.string(), displayName: z.string(), posts: z.number() })) }) } }),
    ).toEqual([
      'GET /v1/insights/top-posters 200.items[].personKey: names a person',
      'GET /v1/insights/top-posters 200.items[].personKey: string property personKey is not an aggregate figure or a known label',
      'GET /v1/insights/top-posters 200.items[].displayName: names a person',
      'GET /v1/insights/top-posters 200.items[].displayName: string property displayName is not an aggregate figure or a known label',
    ]);
    // A person hidden behind a harmless name is still caught: only numbers and known labels pass.
    expect(plant({ ...base, path: '/v1/insights/most-active', response: { schema: z.object({ rows: z.array(z.object({ who: z.string(), posts: z.number() })) }) } })).toEqual([
      'GET /v1/insights/most-active 200.rows[].who: string property who is not an aggregate figure or a known label',
    ]);
    expect(plant({ ...base, path: '/v1/insights/raw.csv', response: { contentType: 'text/csv', schema: { type: 'string' } } })).toEqual([
      'GET /v1/insights/raw.csv 200: answers text/csv, which this walker cannot check (add it to NON_JSON with a reason)',
    ]);
  });
});
