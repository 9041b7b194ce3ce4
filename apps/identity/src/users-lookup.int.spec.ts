import { uuidv7 } from '@plein/shared/kernel';
import { signIn, startHarness, type Harness } from './testing/identity-harness';

/** GET /v1/users?ids=…: many people's organisation data in one call, against the real servers. */
describe('batch lookup of people over HTTP (real servers)', () => {
  let h: Harness;
  let token: string;
  let me: Record<string, unknown>;

  const get = async (path: string, bearer: string | null = token) => {
    const res = await fetch(`${h.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const provision = async (userName: string) => {
    const created = await h.scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, displayName: `Display ${userName.split('@')[0]}` });
    expect(created.status).toBe(201);
    return created.body['id'] as string;
  };

  beforeAll(async () => {
    h = await startHarness();
    token = (await signIn(h, 'julia.hoekstra')).accessToken;
    me = (await get('/v1/me')).body;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('answers each known person once, in the order asked, as GET /v1/users/{id} does; unknown and deleted ids are absent', async () => {
    const anna = await provision('anna.lookup@org.test');
    const bram = await provision('bram.lookup@org.test');
    const gone = await provision('gone.lookup@org.test');
    expect((await h.scim('DELETE', `/Users/${gone}`)).status).toBe(204);
    const unknown = uuidv7();

    const res = await get(`/v1/users?ids=${[bram, unknown, me['id'], gone, anna.toUpperCase(), bram].join(',')}`);
    expect(res.status).toBe(200);
    const items = res.body['items'] as Record<string, unknown>[];
    expect(items.map((p) => p['id'])).toEqual([bram, me['id'], anna]);
    expect(items.map((p) => p['displayName'])).toEqual(['Display bram.lookup', me['displayName'], 'Display anna.lookup']);
    // Exactly what the single lookup answers for the person, no more.
    expect(items[2]).toEqual((await get(`/v1/users/${anna}`)).body);
    expect((await get(`/v1/users/${gone}`)).status).toBe(404);
  });

  it('answers an empty list when nobody asked for is known', async () => {
    expect(await get(`/v1/users?ids=${uuidv7()}`)).toMatchObject({ status: 200, body: { items: [] } });
  });

  it('refuses bad ids, too many ids, a missing or repeated parameter with a problem naming query.ids', async () => {
    const ids = (n: number) => Array.from({ length: n }, () => uuidv7());
    const bad = await get(`/v1/users?ids=${uuidv7()},not-a-uuid`);
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'query.ids', message: expect.stringContaining('not-a-uuid') }] } });
    expect(bad.type).toContain('application/problem+json');
    expect(await get(`/v1/users?ids=${ids(101).join(',')}`)).toMatchObject({ status: 400, body: { errors: [{ field: 'query.ids' }] } });
    expect((await get(`/v1/users?ids=${ids(100).join(',')}`)).status).toBe(200);
    expect(await get('/v1/users')).toMatchObject({ status: 400, body: { errors: [{ field: 'query.ids' }] } });
    expect(await get('/v1/users?ids=')).toMatchObject({ status: 400, body: { errors: [{ field: 'query.ids' }] } });
    expect(await get(`/v1/users?ids=${uuidv7()}&ids=${uuidv7()}`)).toMatchObject({ status: 400, body: { errors: [{ field: 'query.ids' }] } });
  });

  it('needs a platform token', async () => {
    expect((await get(`/v1/users?ids=${String(me['id'])}`, null)).status).toBe(401);
  });
});
