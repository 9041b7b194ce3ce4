import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { AccountDirectory } from './accounts';
import type { DevIdpConfig } from './dev-idp.config';
import { interactionHandler, type InteractionLog } from './interactions';
import { escapeHtml, page } from './login-page';
import { loadOrganisation, type Organisation } from './organisation';
import { createProvider, generateSigningKey, providerConfiguration } from './provider';

export interface DevIdp {
  /** The issuer URL (discovery at `${issuer}/.well-known/openid-configuration`). */
  readonly issuer: string;
  readonly port: number;
  readonly accounts: number;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly log?: InteractionLog & { warn(message: string): void };
  /** Overrides `config.organisationFile` (tests). */
  readonly organisation?: Organisation;
}

const quiet = { info: () => undefined, warn: () => undefined };

/**
 * Starts the development OpenID provider: a plain Node HTTP server that serves the login pages
 * itself and hands every other request to oidc-provider (a Koa app). With port 0 the OS picks a
 * port and the issuer follows it, which is what the in-process integration test uses.
 */
export async function startDevIdp(config: DevIdpConfig, options: StartOptions = {}): Promise<DevIdp> {
  const log = options.log ?? quiet;
  const organisation = options.organisation ?? loadOrganisation(resolve(config.organisationFile));
  const accounts = new AccountDirectory(organisation);

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(config.http.port, config.http.host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = config.issuer ?? `http://${config.http.host}:${port}`;

  const provider = await createProvider(
    issuer,
    providerConfiguration({
      client: config.client,
      accounts,
      cookieKeys: config.cookieKeys ?? [randomBytes(32).toString('base64url')],
      signingKey: generateSigningKey(),
      idTokenTtlSeconds: config.idTokenTtlSeconds,
    }),
  );
  const callback = provider.callback();
  const interactions = interactionHandler(provider, accounts, log);
  handle = (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (!path.startsWith('/interaction/')) {
      void callback(req, res);
      return;
    }
    interactions(req, res, path).catch((error: { statusCode?: number; error?: string; error_description?: string; message?: string }) => {
      // oidc-provider errors (expired interaction, missing cookie) carry an OAuth error and status.
      const status = error.statusCode ?? 500;
      if (status >= 500) log.warn(`interaction failed: ${error.message ?? String(error)}`);
      if (res.headersSent) return res.end();
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Fout', `<h1>${escapeHtml(error.error ?? 'server_error')}</h1><p>${escapeHtml(error.error_description ?? 'Probeer opnieuw in te loggen.')}</p>`));
    });
  };

  return {
    issuer,
    port,
    accounts: accounts.size,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}
