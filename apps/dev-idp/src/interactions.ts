import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { AccountDirectory } from './accounts';
import { escapeHtml, loginPage, page } from './login-page';

export interface InteractionLog {
  info(message: string, fields?: Record<string, unknown>): void;
}

const MAX_FORM_BYTES = 16 * 1024;

/**
 * Serves `/interaction/:uid` (GET: the login form, or automatic consent) and its form posts
 * (`/login`, `/abort`). Consent is granted automatically: the only client is Plein itself,
 * which an organisation's IdP would likewise pre-approve.
 */
export function interactionHandler(provider: Provider, accounts: AccountDirectory, log: InteractionLog) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const [, , uid, action] = path.split('/');
    if (!uid) return send(res, 404, page('Niet gevonden', '<h1>Niet gevonden</h1>'));
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return send(res, 400, page('Fout', '<h1>Onbekende sessie</h1>'));
    const clientName = String((await provider.Client.find(String(details.params['client_id'])))?.['clientName'] ?? details.params['client_id']);

    if (req.method === 'GET' && action === undefined) {
      if (details.prompt.name === 'login') return send(res, 200, loginPage({ uid, clientName }));
      if (details.prompt.name === 'consent') return grantConsent(provider, req, res, details);
      return send(res, 400, page('Fout', `<h1>Onbekende stap ${escapeHtml(details.prompt.name)}</h1>`));
    }
    if (req.method === 'POST' && action === 'login' && details.prompt.name === 'login') {
      const form = new URLSearchParams(await readBody(req));
      const login = form.get('login') ?? '';
      const account = accounts.authenticate(login, form.get('password') ?? '');
      if (!account) {
        log.info('login refused', { reason: 'bad credentials' });
        return send(res, 401, loginPage({ uid, clientName, login, error: 'Onbekende gebruikersnaam of onjuist wachtwoord.' }));
      }
      log.info('login accepted', { accountId: account.sub });
      await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    if (req.method === 'POST' && action === 'abort') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in' }, { mergeWithLastSubmission: false });
      return;
    }
    return send(res, 405, page('Fout', '<h1>Niet toegestaan</h1>'));
  };
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

async function grantConsent(provider: Provider, req: IncomingMessage, res: ServerResponse, details: Details): Promise<void> {
  const accountId = details.session?.accountId;
  if (!accountId) return send(res, 400, page('Fout', '<h1>Niet ingelogd</h1>'));
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: String(details.params['client_id']) });
  if (!grant) return send(res, 400, page('Fout', '<h1>Toestemming verlopen</h1>'));
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
