import type { RunningService } from '@plein/shared/platform';
import { describeServiceBasics } from '@plein/shared/testing';
import { bootstrapProfiles } from './bootstrap';

// Boots the real profiles service in-process against the local servers (npm run infra:up).
describeServiceBasics('profiles', bootstrapProfiles, ['kafka', 'mongodb', 'elasticsearch'], { checks: [] });

describe('profiles HTTP', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await bootstrapProfiles({ env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'warn' }, handleSignals: false });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers the example route and lists it in its OpenAPI document', async () => {
    const res = await fetch(`${service.url}/v1/profiles/about?lang=nl`);
    expect([res.status, await res.json()]).toEqual([200, { service: 'profiles', lang: 'nl' }]);
    const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/profiles/about');
  });

  it('refuses bad input with a problem naming the field', async () => {
    const res = await fetch(`${service.url}/v1/profiles/about?lang=fr`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['query.lang']);
  });
});
