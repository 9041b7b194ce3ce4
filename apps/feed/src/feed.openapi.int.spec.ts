import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { uuidv7 } from '@plein/shared/kernel';
import { FEED_CONTROLLERS } from './feed.module';
import { newUser, startFeed, type FeedUnderTest } from './testing/feed-test-kit';

/** Every route the controllers declare, as `METHOD /path` with `{param}` placeholders. */
function declaredRoutes(): string[] {
  const out: string[] = [];
  for (const controller of FEED_CONTROLLERS) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as unknown as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (method === undefined || path === undefined) continue;
      const full = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:([A-Za-z]+)/g, '{$1}');
      out.push(`${RequestMethod[method]} ${full}`);
    }
  }
  return out.sort();
}

/** The OpenAPI document served by the feed agrees with its controllers, in both directions. */
describe('feed OpenAPI document (real servers)', () => {
  let feed: FeedUnderTest;
  beforeAll(async () => {
    feed = await startFeed();
  }, 120_000);
  afterAll(async () => {
    await feed?.close();
  });

  it('documents exactly the routes the service has', async () => {
    const res = await fetch(`${feed.service.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\.1/);
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const declared = declaredRoutes().filter((r) => r !== 'GET /v1/openapi.json'); // the document itself
    expect(declared.length).toBeGreaterThan(50);
    expect(documented).toEqual(declared);
  });

  it('answers every documented route with its own answer, never the unknown-route 404', async () => {
    const res = await fetch(`${feed.service.url}/v1/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const user = newUser();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const concrete = path.replace(/\{kind\}/g, 'person').replace(/\{[A-Za-z]+\}/g, () => uuidv7());
        const answer = await feed.call(user, method.toUpperCase(), concrete, ['post', 'put', 'patch'].includes(method) ? {} : undefined);
        expect({ route: `${method} ${path}`, unknownRoute: answer.body?.code === 'PLATFORM.NOT_FOUND', serverError: answer.status >= 500 }).toEqual({ route: `${method} ${path}`, unknownRoute: false, serverError: false });
      }
    }
  });
});
