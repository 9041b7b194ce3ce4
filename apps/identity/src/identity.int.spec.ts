import type { RunningService } from '@plein/shared/platform';
import { bootstrapIdentity } from './bootstrap';

// Boots the real identity service in-process against the local servers (npm run infra:up).
describe('identity service (in-process, real servers)', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await bootstrapIdentity({ env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'warn' }, handleSignals: false });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers liveness on GET /health', async () => {
    const res = await fetch(`${service.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when kafka and mongodb answer', async () => {
    const res = await fetch(`${service.url}/ready`);
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
    expect({ status: res.status, body }).toMatchObject({ status: 200, body: { status: 'ready', checks: { kafka: { status: 'up' }, mongodb: { status: 'up' } } } });
    expect(Object.keys(body.checks).sort()).toEqual(['kafka', 'mongodb']);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await fetch(`${service.url}/no/such/route`, { headers: { 'x-correlation-id': 'int-test-1' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('x-correlation-id')).toBe('int-test-1');
    expect(await res.json()).toMatchObject({ status: 404, code: 'PLATFORM.NOT_FOUND', instance: '/no/such/route', correlationId: 'int-test-1' });
  });

  it('answers malformed JSON with a 400 problem naming body', async () => {
    const res = await fetch(`${service.url}/anything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 400, code: 'PLATFORM.MALFORMED_BODY', errors: [{ field: 'body' }] });
  });
});
