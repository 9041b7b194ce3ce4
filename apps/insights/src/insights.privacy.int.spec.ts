import { randomBytes } from 'node:crypto';
import { ConfigError } from '@plein/shared/config';
import { uuidv7 } from '@plein/shared/kernel';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import mongoose from 'mongoose';
import { bootstrapInsights, type RunningInsights } from './bootstrap';
import { loadInsightsConfig } from './insights.config';

/**
 * Who may see insights (the role insights-viewer; administrators only with it), the transparency
 * statement for every signed-in person, the page without scripts, bad input as problem+json, and
 * k never below 5. The real service on the real servers, tokens signed with a test key.
 */
describe('insights access and transparency (real servers)', () => {
  let service: RunningInsights;
  let database: string;
  let privateKey: CryptoKey;
  const token = (roles: string[]) =>
    new SignJWT({ sid: uuidv7(), roles })
      .setProtectedHeader({ alg: 'ES256', kid: 'test', typ: 'at+jwt' })
      .setSubject(uuidv7())
      .setIssuer('http://127.0.0.1:3001')
      .setAudience('plein')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
  const get = async (path: string, roles: string[] | null) => {
    const res = await fetch(`${service.url}${path}`, { headers: roles ? { authorization: `Bearer ${await token(roles)}` } : {} });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  const range = 'granularity=week&from=2026-11-02&to=2026-11-29';

  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    database = `plein_test_insights_${suffix}`;
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'test', alg: 'ES256' }] });
    service = await bootstrapInsights({
      env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'error', MONGODB_DB: database, SERVICE_NAME: `insights-t${suffix}`, KAFKA_TOPIC_PREFIX: `t${suffix}.`, INSIGHTS_K: '7', INSIGHTS_FACT_RETENTION_DAYS: '40' },
      handleSignals: false,
      authKeys: keys,
    });
    // The guard answers 503 until the revocation list has loaded.
    for (const deadline = Date.now() + 30_000; (await get('/v1/insights/transparency', ['employee'])).status === 503; ) {
      if (Date.now() > deadline) throw new Error('revocation list never loaded');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    await service?.close();
    const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('answers the aggregate routes only to insights-viewer: 401 without a token, 403 for employees and for administrators without the role', async () => {
    const paths = [`/v1/insights/series?metric=active&${range}`, `/v1/insights/breakdown?metric=active&granularity=week&period=2026-11-02&by=level`, `/v1/insights/adoption?${range}`, `/v1/insights/leadership?${range}`, `/v1/insights/engagement?${range}`, `/v1/insights/export.csv?metric=active&${range}`];
    for (const path of paths) {
      expect({ path, status: (await get(path, null)).status }).toEqual({ path, status: 401 });
      const employee = await get(path, ['employee']);
      expect({ path, status: employee.status, code: employee.body?.['code'] }).toEqual({ path, status: 403, code: 'AUTH.MISSING_ROLE' });
      expect({ path, status: (await get(path, ['employee', 'admin'])).status }).toEqual({ path, status: 403 });
      expect({ path, status: (await get(path, ['employee', 'insights-viewer'])).status }).toEqual({ path, status: 200 });
    }
  });

  it('answers with aggregates only: an empty organisation is all hidden, never zero', async () => {
    const series = await get(`/v1/insights/series?metric=active&${range}&by=level`, ['insights-viewer']);
    expect(series.body).toMatchObject({ metric: 'active', granularity: 'week', by: 'level', k: 7 });
    const rows = series.body!['rows'] as { period: string; total: number | null; parts: { key: string; value: number | null }[] }[];
    expect(rows.map((r) => r.period)).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    for (const row of rows) expect([row.total, ...row.parts.map((p) => p.value)].every((v) => v === null)).toBe(true);
    const csv = await get(`/v1/insights/export.csv?metric=active&${range}`, ['insights-viewer']);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n')[1]).toBe('2026-W45,all,all,active,,true');
  });

  it('refuses bad input with problem+json naming the field', async () => {
    const cases: [string, string][] = [
      [`/v1/insights/series?metric=names&${range}`, 'query.metric'],
      ['/v1/insights/series?metric=active&granularity=year&from=2026-11-02&to=2026-11-29', 'query.granularity'],
      ['/v1/insights/series?metric=active&granularity=day&from=2024-01-01&to=2026-11-29', 'query.to'],
      ['/v1/insights/series?metric=active&granularity=day&from=2026-11-31&to=2026-12-01', 'query.from'],
      ['/v1/insights/series?metric=posts&granularity=month&from=2026-10-01&to=2026-11-29', 'query.granularity'],
      [`/v1/insights/series?metric=active&${range}&by=person`, 'query.by'],
      ['/v1/insights/breakdown?metric=active&granularity=week&period=2026-11-02&by=all', 'query.by'],
    ];
    for (const [path, field] of cases) {
      const res = await get(path, ['insights-viewer']);
      expect({ path, status: res.status, type: res.headers.get('content-type'), fields: (res.body?.['errors'] as { field: string }[] | undefined)?.map((e) => e.field) }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
        fields: [field],
      });
    }
    const unknownUnit = await get(`/v1/insights/series?metric=active&${range}&by=orgUnit&parent=legal`, ['insights-viewer']);
    expect([unknownUnit.status, unknownUnit.body?.['code']]).toEqual([404, 'INSIGHTS.ORG_UNIT_NOT_FOUND']);
  });

  it('tells every signed-in person what is measured, k, the retention and who can see it, in Dutch and English', async () => {
    expect((await get('/v1/insights/transparency', null)).status).toBe(401);
    const statement = await get('/v1/insights/transparency', ['employee']);
    expect(statement.status).toBe(200);
    expect(statement.body).toMatchObject({ k: 7, retentionDays: 40, viewerRole: 'insights-viewer' });
    const words = statement.body!['privacy'] as { en: string; nl: string }[];
    expect(words[0]!.en).toContain('at least 7 people');
    expect(words[0]!.nl).toContain('minstens 7 mensen');
    expect(words[2]!.nl).toContain('40 dagen');
    expect((statement.body!['whoCanSee'] as { en: string }).en).toContain('Administrators do not see the figures unless they have that role');
  });

  it('serves the statement as a page without scripts, locked down by its Content-Security-Policy', async () => {
    const page = await get('/v1/insights/transparency.html', null);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(page.text).not.toMatch(/<script|\son\w+=|javascript:/i);
    expect(page.text).toContain('Wat Plein Inzichten meet');
    expect(page.text).toContain('What Plein Insights measures');
    expect(page.text).toContain('minstens 7 mensen');
  });

  it('refuses to start with k below 5', () => {
    expect(() => loadInsightsConfig({ INSIGHTS_K: '4' })).toThrow(ConfigError);
    expect(() => loadInsightsConfig({ INSIGHTS_K: '4' })).toThrow(/INSIGHTS_K/);
    expect(loadInsightsConfig({ INSIGHTS_K: '5' }).query.k).toBe(5);
  });
});
