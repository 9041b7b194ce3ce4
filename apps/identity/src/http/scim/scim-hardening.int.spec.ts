import { request } from 'node:http';
import { harnessPerSuite, SCIM_URNS } from '../../testing/identity-harness';

/**
 * What an outside fuzzer (schemathesis) found in SCIM: body-parser refusals answered 500, methods
 * no route declares answered 501 instead of 405, `Allow` listed the methods of `/{id}` on
 * `/.search`, a create without `schemas` was accepted and over-long attribute selections too.
 */
const { USER, GROUP, PATCH_OP, ERROR } = SCIM_URNS;

describe('SCIM hardening (real servers)', () => {
  const suite = harnessPerSuite();
  const unique = suite.unique;

  /** Any method, TRACE included (fetch refuses to send it). */
  function raw(method: string, path: string, body?: string, contentType?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }> {
    const token = suite.h.scimToken;
    return new Promise((resolve, reject) => {
      const req = request(`${suite.h.url}/scim/v2${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(contentType ? { 'content-type': contentType } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  describe('body parser refusals answer the SCIM error with their 4xx status, never 500', () => {
    let userId: string;
    beforeAll(async () => {
      userId = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('charset') })).body['id'] as string;
    });

    it.each([
      ['application/json; charset=x-unknown', 415, undefined],
      ['application/scim+json; charset=x-unknown', 415, undefined],
      ['application/scim+json; charset=utf-16', 415, undefined],
      ['application/json; charset=utf-16', 400, 'invalidSyntax'], // decoded as UTF-16, it is no JSON
    ])('POST, PUT and PATCH with %s answer %d', async (contentType, status, scimType) => {
      const requests: [string, string, unknown][] = [
        ['POST', '/Users', { schemas: [USER], userName: unique('cs') }],
        ['PUT', `/Users/${userId}`, { schemas: [USER], userName: unique('cs') }],
        ['PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }],
      ];
      for (const [method, path, body] of requests) {
        const res = await raw(method, path, JSON.stringify(body), contentType);
        expect({ method, status: res.status, type: res.headers['content-type'], body: res.body }).toEqual({
          method,
          status,
          type: expect.stringMatching(/^application\/scim\+json/),
          body: { schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail: expect.any(String) },
        });
      }
    });

    it('answers malformed JSON as 400 invalidSyntax under both media types', async () => {
      for (const contentType of ['application/json', 'application/scim+json']) {
        const res = await raw('POST', '/Users', '{"schemas":', contentType);
        expect({ contentType, status: res.status, body: res.body }).toEqual({ contentType, status: 400, body: { schemas: [ERROR], status: '400', scimType: 'invalidSyntax', detail: expect.any(String) } });
      }
    });
  });

  describe('405 with Allow for what a path really accepts', () => {
    it.each(['TRACE', 'OPTIONS'])('%s /Me answers 405 with the methods /Me declares', async (method) => {
      const res = await raw(method, '/Me');
      expect(res.status).toBe(405);
      expect(res.headers['allow']).toBe('GET, HEAD, POST, PUT, PATCH, DELETE');
      expect(res.body).toEqual({ schemas: [ERROR], status: '405', detail: expect.any(String) });
    });

    it.each(['/Users/.search', '/Groups/.search'])('%s allows POST only', async (path) => {
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'TRACE']) {
        const res = await raw(method, path, method === 'GET' || method === 'DELETE' || method === 'TRACE' ? undefined : JSON.stringify({ schemas: [USER] }), 'application/scim+json');
        expect({ method, status: res.status, allow: res.headers['allow'], body: res.body }).toEqual({ method, status: 405, allow: 'POST', body: { schemas: [ERROR], status: '405', detail: expect.any(String) } });
      }
    });

    it('keeps /Users/{id} answering its own methods', async () => {
      const res = await raw('TRACE', '/Users/some-id');
      expect({ status: res.status, allow: res.headers['allow'] }).toEqual({ status: 405, allow: 'GET, HEAD, PUT, PATCH, DELETE' });
    });
  });

  describe('RFC 7644 §3.3: a create carries schemas', () => {
    it.each([
      ['Users', { userName: 'no-schemas' }],
      ['Users', { schemas: [], userName: 'empty-schemas' }],
      ['Users', { schemas: 'not-a-list', userName: 'string-schemas' }],
      ['Groups', { displayName: 'No schemas' }],
    ])('POST /%s %j answers 400 invalidSyntax and creates nothing', async (resource, body) => {
      const res = await suite.h.scim('POST', `/${resource}`, body);
      expect(res).toMatchObject({ status: 400, body: { schemas: [ERROR], status: '400', scimType: 'invalidSyntax', detail: expect.stringContaining('schemas') } });
      const name = (body as { userName?: string; displayName?: string }).userName ?? (body as { displayName?: string }).displayName;
      const filter = resource === 'Users' ? `userName eq "${name}"` : `displayName eq "${name}"`;
      expect((await suite.h.scim('GET', `/${resource}?filter=${encodeURIComponent(filter)}`)).body['totalResults']).toBe(0);
    });

    it('still creates with the core schema only, as Entra ID and Okta send it', async () => {
      expect((await suite.h.scim('POST', '/Groups', { schemas: [GROUP], displayName: unique('With schemas') })).status).toBe(201);
    });
  });

  describe('attributes and excludedAttributes are at most 2,000 characters (as documented)', () => {
    const long = Array.from({ length: 300 }, (_, k) => `name${k}`).join(','); // over 2,000 characters
    let userId: string;
    beforeAll(async () => {
      userId = (await suite.h.scim('POST', '/Users', { schemas: [USER], userName: unique('select') })).body['id'] as string;
    });

    it.each(['attributes', 'excludedAttributes'])('%s over the limit answers 400 naming it, on lists, reads and writes', async (name) => {
      expect(long.length).toBeGreaterThan(2_000);
      const query = `?${name}=${long}`;
      const answers = [
        await suite.h.scim('GET', `/Users${query}`),
        await suite.h.scim('GET', `/Groups${query}`),
        await suite.h.scim('GET', `/Users/${userId}${query}`),
        await suite.h.scim('PATCH', `/Users/${userId}${query}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }),
      ];
      for (const res of answers) expect(res).toMatchObject({ status: 400, body: { schemas: [ERROR], status: '400', scimType: 'invalidValue', detail: expect.stringContaining(name) } });
      // The PATCH was refused before it changed anything.
      expect((await suite.h.scim('GET', `/Users/${userId}`)).body['title']).toBeUndefined();
    });

    it('accepts a selection of exactly 2,000 characters', async () => {
      const exact = `name,${'x'.repeat(1_995)}`;
      expect(exact.length).toBe(2_000);
      expect((await suite.h.scim('GET', `/Users/${userId}?excludedAttributes=${exact}`)).status).toBe(200);
    });
  });
});
