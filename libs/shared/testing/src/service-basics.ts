/**
 * The behaviour every Plein service shares (liveness, readiness per dependency, problem+json for
 * unknown routes and malformed bodies), as one int-test suite each app runs against the real servers.
 */
export interface BootedService {
  readonly url: string;
  close(): Promise<void>;
}

export type Dependency = 'kafka' | 'mongodb' | 'elasticsearch';

export interface ServiceBasicsOptions {
  /**
   * Readiness checks besides the dependencies that the service reports (e.g. `revocation-list`
   * with PlatformAuthModule); when given, /ready must report exactly these plus the dependencies.
   */
  readonly checks?: readonly string[];
  /**
   * The processors the service runs (bootstrapService's `processors`), reported on /ready as
   * `processor:<name>`; when given, /ready must report exactly these, each up. Processor checks
   * are never counted against `checks`.
   */
  readonly processors?: readonly string[];
}

/** How bootstrapService names a processor's check on /ready. */
const PROCESSOR_CHECK = /^processor:/;

export function describeServiceBasics(
  name: string,
  boot: (options: { env: NodeJS.ProcessEnv; handleSignals: boolean }) => Promise<BootedService>,
  dependencies: readonly Dependency[],
  options: ServiceBasicsOptions = {},
): void {
  describe(`${name} service (in-process, real servers)`, () => {
    let service: BootedService;

    beforeAll(async () => {
      service = await boot({ env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'warn' }, handleSignals: false });
    });
    afterAll(async () => {
      await service?.close();
    });

    it('answers liveness on GET /health', async () => {
      const res = await fetch(`${service.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    });

    it(`is ready when ${dependencies.join(' and ')} answer`, async () => {
      // Checks other than the dependencies (a deny-list loading) may take a few seconds after boot.
      let res: Response;
      let body: { status: string; checks: Record<string, { status: string }> };
      for (const deadline = Date.now() + 30_000; ; ) {
        res = await fetch(`${service.url}/ready`);
        body = (await res.json()) as typeof body;
        if (res.status === 200 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const processors = (options.processors ?? []).map((p) => `processor:${p}`);
      const checks = Object.fromEntries([...dependencies, ...processors].map((check) => [check, { status: 'up' }]));
      // Names every check that is down, with its reason, when the service is not ready.
      expect(Object.entries(body.checks).filter(([, check]) => check.status !== 'up')).toEqual([]);
      expect({ status: res.status, body }).toMatchObject({ status: 200, body: { status: 'ready', checks } });
      const names = Object.keys(body.checks);
      if (options.checks) expect(names.filter((n) => !PROCESSOR_CHECK.test(n)).sort()).toEqual([...dependencies, ...options.checks].sort());
      else expect(names).toEqual(expect.arrayContaining([...dependencies]));
      if (options.processors) expect(names.filter((n) => PROCESSOR_CHECK.test(n)).sort()).toEqual([...processors].sort());
    });

    it('answers an unknown route with a 404 problem', async () => {
      const res = await fetch(`${service.url}/no/such/route`, { headers: { 'x-correlation-id': 'int-test-1' } });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('x-correlation-id')).toBe('int-test-1');
      expect(await res.json()).toMatchObject({ status: 404, code: 'PLATFORM.NOT_FOUND', instance: '/no/such/route', correlationId: 'int-test-1' });
    });

    it('serves its OpenAPI 3.1 document at GET /openapi.json without authentication', async () => {
      const res = await fetch(`${service.url}/openapi.json`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/openapi.json']));
    });

    it('answers a method a path does not have with a 405 problem and Allow, and a repeated query parameter with a 400', async () => {
      const res = await fetch(`${service.url}/health`, { method: 'DELETE' });
      expect({ status: res.status, allow: res.headers.get('allow'), type: res.headers.get('content-type') }).toEqual({ status: 405, allow: 'GET, HEAD', type: expect.stringMatching(/^application\/problem\+json/) });
      const repeated = await fetch(`${service.url}/health?a=1&a=2`);
      expect(repeated.status).toBe(400);
      expect(await repeated.json()).toMatchObject({ code: 'PLATFORM.INVALID_QUERY', errors: [{ field: 'query.a' }] });
    });

    it('answers malformed JSON with a 400 problem naming body', async () => {
      const res = await fetch(`${service.url}/anything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ status: 400, code: 'PLATFORM.MALFORMED_BODY', errors: [{ field: 'body' }] });
    });

    it('answers a NUL character in the body, query or path with a 400 problem naming the field', async () => {
      const body = await fetch(`${service.url}/anything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: { given: 'An\u0000na' } }) });
      expect(body.status).toBe(400);
      expect(body.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await body.json()).toMatchObject({ status: 400, code: 'PLATFORM.NUL_CHARACTER', errors: [{ field: 'body.name.given' }] });
      const query = await fetch(`${service.url}/anything?cursor=a%00b`);
      expect(await query.json()).toMatchObject({ status: 400, errors: [{ field: 'query.cursor' }] });
      const path = await fetch(`${service.url}/v1/posts/abc%00def`);
      expect(await path.json()).toMatchObject({ status: 400, errors: [{ field: 'path' }] });
    });
  });
}
