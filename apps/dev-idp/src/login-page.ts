/** Minimal HTML for the dev IdP's own pages. Every interpolated value goes through `escapeHtml`. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE =
  'body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:3rem 1rem}' +
  'main{max-width:22rem;margin:auto;background:#fff;padding:2rem;border-radius:.5rem;box-shadow:0 1px 3px #0003}' +
  'label{display:block;margin:.75rem 0 .25rem}input{width:100%;box-sizing:border-box;padding:.5rem}' +
  'button{margin-top:1rem;width:100%;padding:.6rem;border:0;border-radius:.3rem;background:#1f6feb;color:#fff;font-size:1rem}' +
  '.secondary{background:#e5e7eb;color:#111}.error{color:#b42318}.note{color:#555;font-size:.85rem}';

export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface LoginPageOptions {
  readonly uid: string;
  readonly clientName: string;
  readonly login?: string;
  readonly error?: string;
}

export function loginPage(options: LoginPageOptions): string {
  const uid = encodeURIComponent(options.uid);
  return page(
    'Plein Demo – inloggen',
    `<h1>Plein Demo BV</h1>
<p>Inloggen bij <strong>${escapeHtml(options.clientName)}</strong></p>
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login" autocomplete="off">
<label for="login">Gebruikersnaam</label><input id="login" name="login" required autofocus value="${escapeHtml(options.login ?? '')}">
<label for="password">Wachtwoord</label><input id="password" name="password" type="password" required>
<button type="submit">Inloggen</button>
</form>
<form method="post" action="/interaction/${uid}/abort"><button class="secondary" type="submit">Annuleren</button></form>
<p class="note">Development identity provider: demo accounts only (see docs/identity/dev-idp.md).</p>`,
  );
}
