import { claimMapping } from '@plein/identity/domain';
import type { AuthorizationRequest, IdentityProvider, LoginTransaction } from '../ports/auth.port';
import { MemoryIdentity, testMetadata } from '../testing/memory-identity';
import { UserProvisioning } from '../users/provisioning';
import { LoginService } from './login.service';
import { RedirectAllowList } from './redirect-allow-list';
import type { SessionService } from './session.service';

const ISSUER = 'https://idp.example.org';

function setup(options: { jit?: boolean; claims?: Record<string, unknown>; linkBy?: readonly ('userName' | 'email')[]; preset?: 'generic' | 'entra-id' } = {}) {
  const mem = new MemoryIdentity();
  const transactions = new Map<string, LoginTransaction>();
  const links = new Map<string, string>();
  const opened: string[] = [];
  let expected: AuthorizationRequest | undefined;
  const idp: IdentityProvider = {
    authorizationUrl: async (request) => new URL(`${ISSUER}/auth?state=${request.state}`),
    completeAuthorization: async (_url, request) => {
      expected = request;
      return { issuer: ISSUER, claims: options.claims ?? { sub: 'idp-42', preferred_username: 'ada@demo.nl', email: 'ada@demo.nl', name: 'Ada', department: 'R&D', sid: 'idp-session' } };
    },
    endSessionUrl: async () => null,
    verifyLogoutToken: async () => {
      throw new Error('unused');
    },
  };
  const sessions = { open: async (user: { id: string }) => (opened.push(user.id), { sessionId: 's1', accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: new Date(), refreshTokenExpiresAt: new Date() }) };
  const provisioning = new UserProvisioning({ commands: mem.userCommands, users: mem.userDirectory, userNames: mem.userNames, marks: mem.marks });
  const service = new LoginService({
    idp,
    transactions: { save: async (t) => void transactions.set(t.id, t), get: async (id) => transactions.get(id) ?? null },
    marks: mem.marks,
    links: { find: async (iss, sub) => links.get(`${iss}|${sub}`) ?? null, link: async (iss, sub, userId) => void links.set(`${iss}|${sub}`, userId) },
    users: mem.userDirectory,
    commands: mem.userCommands,
    provisioning,
    sessions: sessions as unknown as SessionService,
    redirects: new RedirectAllowList(['https://intranet.example.org/']),
    settings: { claimMapping: claimMapping(options.preset ?? 'generic'), jitProvisioning: options.jit ?? true, updateAttributesOnLogin: true, linkExistingBy: options.linkBy ?? [] },
  });
  return { mem, service, opened, links, expected: () => expected };
}

const callback = (state: string) => new URL(`https://plein.example.org/auth/callback?code=c&state=${encodeURIComponent(state)}`);
const stateOf = (url: URL) => url.searchParams.get('state')!;

describe('LoginService', () => {
  it('provisions on first login, links the IdP identity and opens a session', async () => {
    const { service, mem, opened, links, expected } = setup();
    const started = await service.start('/people');
    const done = await service.complete(started.transactionId, callback(stateOf(started.authorizationUrl)), testMetadata());
    expect(done.returnTo).toBe('https://intranet.example.org/people');
    expect(opened).toEqual([done.userId]);
    expect(links.get(`${ISSUER}|idp-42`)).toBe(done.userId);
    expect((await mem.userDirectory.get(done.userId))!.attributes).toMatchObject({ userName: 'ada@demo.nl', externalId: 'idp-42', department: 'R&D' });
    expect(expected()).toMatchObject({ state: stateOf(started.authorizationUrl) });
    expect(expected()!.codeVerifier.length).toBeGreaterThanOrEqual(43);
  });

  it('refuses a tampered state, a missing cookie and a replayed callback', async () => {
    const { service } = setup();
    const started = await service.start(undefined);
    await expect(service.complete(started.transactionId, callback('tampered'), testMetadata())).rejects.toMatchObject({ code: 'AUTH.LOGIN_FAILED', reason: 'state mismatch' });
    await expect(service.complete(undefined, callback(stateOf(started.authorizationUrl)), testMetadata())).rejects.toMatchObject({ reason: 'no login transaction cookie' });
    await service.complete(started.transactionId, callback(stateOf(started.authorizationUrl)), testMetadata());
    await expect(service.complete(started.transactionId, callback(stateOf(started.authorizationUrl)), testMetadata())).rejects.toMatchObject({ reason: 'login transaction replayed' });
  });

  it('refuses an open redirect before contacting the IdP', async () => {
    const { service } = setup();
    await expect(service.start('https://evil.example.org/')).rejects.toMatchObject({ code: 'AUTH.REDIRECT_NOT_ALLOWED' });
  });

  it('signs in a SCIM-provisioned user found by userName when that is opted in, and refuses a deactivated one', async () => {
    const { service, mem } = setup({ jit: false, linkBy: ['userName'] });
    const userId = '01964b1e-0000-7000-8000-000000000101';
    await mem.userCommands.execute({ type: 'ProvisionUser', userId, attributes: { userName: 'ADA@demo.nl' } }, testMetadata());
    const first = await service.start(undefined);
    expect((await service.complete(first.transactionId, callback(stateOf(first.authorizationUrl)), testMetadata())).userId).toBe(userId);
    await mem.userCommands.execute({ type: 'DeactivateUser', userId, reason: 'deprovisioned' }, testMetadata());
    const second = await service.start(undefined);
    await expect(service.complete(second.transactionId, callback(stateOf(second.authorizationUrl)), testMetadata())).rejects.toMatchObject({ reason: 'user deactivated' });
  });

  it('refuses unknown people when just-in-time provisioning is off', async () => {
    const { service } = setup({ jit: false });
    const started = await service.start(undefined);
    await expect(service.complete(started.transactionId, callback(stateOf(started.authorizationUrl)), testMetadata())).rejects.toMatchObject({ reason: 'user not provisioned' });
  });

  describe('linking a new IdP identity to an existing account (nOAuth)', () => {
    const ADA = '01964b1e-0000-7000-8000-000000000201';
    const provisionAda = (mem: MemoryIdentity, externalId?: string) =>
      mem.userCommands.execute({ type: 'ProvisionUser', userId: ADA, attributes: { userName: 'ada@demo.nl', ...(externalId ? { externalId } : {}) } }, testMetadata());
    const login = async (service: LoginService) => {
      const started = await service.start(undefined);
      return service.complete(started.transactionId, callback(stateOf(started.authorizationUrl)), testMetadata());
    };

    it('never links by a user-editable username by default: the login is refused and nothing is linked', async () => {
      const { service, mem, opened, links } = setup({ claims: { sub: 'attacker', preferred_username: 'ada@demo.nl' } });
      await provisionAda(mem);
      await expect(login(service)).rejects.toMatchObject({ code: 'AUTH.LOGIN_FAILED', reason: expect.stringMatching(/not linked/) });
      expect(opened).toEqual([]);
      expect(links.size).toBe(0);
      expect((await mem.userDirectory.get(ADA))!.roles).toEqual(['employee']);
    });

    it('links by the immutable directory id (Entra oid) without any opt-in', async () => {
      const { service, mem, links } = setup({ preset: 'entra-id', claims: { sub: 'pairwise-1', oid: 'oid-ada', preferred_username: 'renamed@demo.nl' } });
      await provisionAda(mem, 'oid-ada');
      expect((await login(service)).userId).toBe(ADA);
      expect(links.get(`${ISSUER}|pairwise-1`)).toBe(ADA);
    });

    it('links by email only when opted in and the IdP says email_verified: true', async () => {
      const unverified = setup({ linkBy: ['email'], claims: { sub: 's1', email: 'ada@demo.nl' } });
      await provisionAda(unverified.mem);
      await expect(login(unverified.service)).rejects.toMatchObject({ reason: expect.stringMatching(/not linked/) });

      // The userName came from the email claim: opting in to username linking is not enough.
      const usernameOnly = setup({ linkBy: ['userName'], claims: { sub: 's1', email: 'ada@demo.nl', email_verified: true } });
      await provisionAda(usernameOnly.mem);
      await expect(login(usernameOnly.service)).rejects.toMatchObject({ reason: expect.stringMatching(/not linked/) });

      const verified = setup({ linkBy: ['email'], claims: { sub: 's1', email: 'ada@demo.nl', email_verified: true } });
      await provisionAda(verified.mem);
      expect((await login(verified.service)).userId).toBe(ADA);
    });
  });
});
