import { join } from 'node:path';
import { AccountDirectory } from './accounts';
import { loadDevIdpConfig } from './dev-idp.config';
import { loadOrganisation } from './organisation';
import { generateSigningKey, providerConfiguration } from './provider';

const configuration = providerConfiguration({
  client: loadDevIdpConfig({ DEV_IDP_BACKCHANNEL_LOGOUT_URI: 'http://127.0.0.1:3001/auth/backchannel-logout' }).client,
  accounts: new AccountDirectory(loadOrganisation(join(__dirname, '../../../deploy/demo/organisation.json'))),
  cookieKeys: ['k'.repeat(32)],
  signingKey: generateSigningKey(),
});

describe('providerConfiguration', () => {
  it('registers one confidential code-flow client with back-channel logout', () => {
    expect(configuration.clients).toEqual([
      expect.objectContaining({
        client_id: 'plein',
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        backchannel_logout_uri: 'http://127.0.0.1:3001/auth/backchannel-logout',
        backchannel_logout_session_required: true,
      }),
    ]);
    expect(configuration.features?.devInteractions?.enabled).toBe(false);
  });

  it('drops oidc-provider\'s SSRF guard on outgoing calls, which would block back-channel logout to 127.0.0.1', async () => {
    const real = globalThis.fetch;
    const seen: RequestInit[] = [];
    globalThis.fetch = (async (_url: unknown, init?: RequestInit) => {
      seen.push(init ?? {});
      return new Response('');
    }) as typeof fetch;
    try {
      await configuration.fetch!('http://127.0.0.1:3001/auth/backchannel-logout', { method: 'POST', body: 'x', dispatcher: { guard: true } } as unknown as RequestInit);
    } finally {
      globalThis.fetch = real;
    }
    expect(seen).toEqual([{ method: 'POST', body: 'x' }]);
  });

  it('releases the employee claims for a known subject only', async () => {
    const findAccount = configuration.findAccount!;
    const account = await findAccount({} as never, '1038');
    expect(await account!.claims('id_token', 'openid', {}, [])).toMatchObject({ sub: '1038', department: 'Finance' });
    expect(await findAccount({} as never, 'nobody')).toBeUndefined();
  });
});
