import { uuidv7 } from '@plein/shared/kernel';
import { profilesPerSuite, waitFor } from './testing/profiles-harness';

/** Endorsements and expertise over HTTP on the running profiles service (real Kafka and FerretDB). */
describe('profiles expertise HTTP: endorsements and expertise', () => {
  const suite = profilesPerSuite();
  let alice: string, bob: string;

  const endorsement = (caller: string, userId: string, skill: string, method: 'PUT' | 'DELETE', headers: Record<string, string> = {}) =>
    suite.profiles.call(caller, method, `/v1/profiles/${userId}/endorsements/${encodeURIComponent(skill)}`, undefined, headers);
  const expertise = (caller: string, userId: string) => suite.profiles.call(caller, 'GET', `/v1/profiles/${userId}/expertise`);

  beforeAll(async () => {
    alice = await suite.profiles.identity.provision({ displayName: 'Alice' });
    bob = await suite.profiles.identity.provision({ displayName: 'Bob' });
    // The evidence read model knows both once identity's events are consumed.
    await waitFor('alice and bob known to expertise', async () => (await expertise(alice, bob)).status === 200 && (await expertise(bob, alice)).status === 200);
  });

  it('endorses once (PUT again answers the same), shows it as evidence, and withdraws idempotently', async () => {
    const first = await endorsement(bob, alice, '#Kubernetes', 'PUT', { 'Idempotency-Key': 'endorse-1' });
    expect([first.status, first.body]).toEqual([200, { userId: alice, skill: 'kubernetes', endorsed: true }]);
    expect((await endorsement(bob, alice, 'kubernetes', 'PUT')).body).toEqual(first.body);
    const shown = await expertise(bob, alice);
    expect(shown.status).toBe(200);
    expect(shown.body.topics).toEqual([
      expect.objectContaining({ topic: 'kubernetes', recent: expect.objectContaining({ endorsement: 1 }), explanation: { en: 'Endorsed by 1 colleague for #kubernetes', nl: 'Aanbevolen door 1 collega voor #kubernetes' } }),
    ]);

    // The profile view shows the same evidence.
    expect((await suite.profiles.call(bob, 'GET', `/v1/profiles/${alice}`)).body.expertise).toEqual(shown.body.topics);

    expect((await endorsement(bob, alice, 'kubernetes', 'DELETE')).status).toBe(204);
    expect((await endorsement(bob, alice, 'kubernetes', 'DELETE')).status).toBe(204);
    expect((await expertise(bob, alice)).body.topics).toEqual([]);
  });

  it('refuses self-endorsement, a bad skill, a bad id and a bad Idempotency-Key with problems naming the field', async () => {
    const cases: [Promise<{ status: number; headers: Headers; body: { code?: string; errors?: { field: string }[] } }>, string, string][] = [
      [endorsement(alice, alice, 'kubernetes', 'PUT'), 'PROFILES.SELF_ENDORSEMENT', 'path.userId'],
      [endorsement(bob, alice, '!!!', 'PUT'), 'PROFILES.INVALID_SKILL', 'path.skill'],
      [suite.profiles.call(bob, 'PUT', '/v1/profiles/not-a-uuid/endorsements/kubernetes'), '', 'path.userId'],
      [endorsement(bob, alice, 'kubernetes', 'PUT', { 'Idempotency-Key': 'bad key with spaces' }), 'PLATFORM.INVALID_IDEMPOTENCY_KEY', 'header.Idempotency-Key'],
    ];
    for (const [request, code, field] of cases) {
      const res = await request;
      expect([res.status, res.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
      if (code) expect(res.body.code).toBe(code);
      expect(res.body.errors?.map((e) => e.field)).toEqual([field]);
    }
  });

  it('answers 404 for someone unknown, as for a deactivated colleague, and 401 without a token', async () => {
    const unknown = uuidv7();
    for (const res of [await endorsement(bob, unknown, 'kubernetes', 'PUT'), await expertise(bob, unknown)]) {
      expect([res.status, res.body.code]).toEqual([404, 'PROFILES.PERSON_NOT_FOUND']);
    }
    const carol = await suite.profiles.identity.provision();
    await waitFor('carol known', async () => (await expertise(bob, carol)).status === 200);
    await suite.profiles.identity.deactivated(carol);
    await waitFor('carol deactivated', async () => (await expertise(bob, carol)).status === 404);
    expect((await endorsement(bob, carol, 'kubernetes', 'PUT')).status).toBe(404);
    expect((await suite.profiles.call(null, 'GET', `/v1/profiles/${alice}/expertise`)).status).toBe(401);
  });

  it('lists its routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${suite.profiles.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/v1/profiles/{userId}/endorsements/{skill}'] ?? {}).sort()).toEqual(['delete', 'put']);
    expect(Object.keys(doc.paths['/v1/profiles/{userId}/expertise'] ?? {})).toEqual(['get']);
  });
});
