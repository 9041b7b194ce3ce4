import { signIn, startHarness, type Harness } from './testing/identity-harness';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The rule "Plein keeps an active admin" on every path (users API, SCIM) and under concurrency (real servers). */
describe('last active admin (real servers)', () => {
  let h: Harness;
  let wouter: { token: string; id: string };
  let julia: { token: string; id: string };
  /** An employee whose token is never revoked here, to read the admins' state. */
  let observer: { token: string; id: string };

  const call = async (token: string, method: string, path: string) => {
    const res = await fetch(`${h.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const admins = async (): Promise<string[]> => {
    const ids: string[] = [];
    for (const who of [wouter, julia]) {
      const user = (await call(observer.token, 'GET', `/v1/users/${who.id}`)).body;
      if (user['active'] === true && (user['roles'] as string[]).includes('admin')) ids.push(who.id);
    }
    return ids;
  };
  const signInAs = async (login: string) => {
    const { accessToken } = await signIn(h, login);
    return { token: accessToken, id: (await call(accessToken, 'GET', '/v1/me')).body['id'] as string };
  };

  beforeAll(async () => {
    h = await startHarness({ env: { IDENTITY_BOOTSTRAP_ADMINS: 'wouter.schouten@demo.plein.dev,julia.hoekstra@demo.plein.dev' } });
    wouter = await signInAs('wouter.schouten');
    julia = await signInAs('julia.hoekstra');
    observer = await signInAs('sven.prins');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('two admins removing each other at the same time: exactly one wins, one admin stays', async () => {
    for (let round = 0; round < 4; round++) {
      expect((await admins()).sort()).toEqual([wouter.id, julia.id].sort());
      // Revocations and deactivations, crossed, all at once.
      const [a, b] =
        round % 2 === 0
          ? await Promise.all([call(wouter.token, 'DELETE', `/v1/users/${julia.id}/roles/admin`), call(julia.token, 'DELETE', `/v1/users/${wouter.id}/roles/admin`)])
          : await Promise.all([call(wouter.token, 'POST', `/v1/users/${julia.id}/deactivate`), call(julia.token, 'POST', `/v1/users/${wouter.id}/deactivate`)]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect([a, b].find((r) => r.status === 409)!.body).toMatchObject({ code: 'IDENTITY.LAST_ADMIN' });
      const left = await admins();
      expect(left).toHaveLength(1);
      // The survivor restores the other for the next round; the loser's tokens were revoked, so
      // they sign in again (a second later: tokens of the revocation's second stay refused).
      const survivor = left[0] === wouter.id ? wouter : julia;
      const other = survivor === wouter ? julia : wouter;
      expect((await call(survivor.token, 'POST', `/v1/users/${other.id}/reactivate`)).status).toBe(200);
      expect((await call(survivor.token, 'PUT', `/v1/users/${other.id}/roles/admin`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      Object.assign(other, await signInAs(other === wouter ? 'wouter.schouten' : 'julia.hoekstra'));
    }
  }, 120_000);

  it('the directory cannot remove the last active admin either: SCIM active:false and DELETE are 409', async () => {
    expect((await call(wouter.token, 'DELETE', `/v1/users/${julia.id}/roles/admin`)).status).toBe(200);
    const deactivate = await h.scim('PATCH', `/Users/${wouter.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(deactivate).toMatchObject({ status: 409, body: { status: '409', detail: expect.stringContaining('without an active admin') } });
    const remove = await h.scim('DELETE', `/Users/${wouter.id}`);
    expect(remove).toMatchObject({ status: 409 });
    expect(await admins()).toEqual([wouter.id]);
    // Once someone else is admin, the directory may deprovision them.
    expect((await call(wouter.token, 'PUT', `/v1/users/${julia.id}/roles/admin`)).status).toBe(200);
    expect((await h.scim('DELETE', `/Users/${wouter.id}`)).status).toBe(204);
  });
});
