/**
 * Just enough of a browser for the integration test: a cookie jar and manual redirects, so every
 * hop of the OIDC flow (authorize, interaction, resume, callback) is observable.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  async request(url: URL | string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: form ? 'POST' : 'GET', headers, redirect: 'manual', ...(form ? { body: new URLSearchParams(form).toString() } : {}) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now());
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /**
   * Requests `url` (GET, or POST of `form`) and follows redirects until a page answers or the next
   * location starts with `stopAt` (the client's redirect URI, which no server here listens on).
   */
  async follow(url: URL | string, stopAt: string, form?: Record<string, string>): Promise<{ response: Response; url: URL; stopped: boolean }> {
    let current = new URL(url);
    let response = await this.request(current, form);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current, stopped: false };
      const next = new URL(location, current);
      if (next.href.startsWith(stopAt)) return { response, url: next, stopped: true };
      current = next;
      response = await this.request(current);
    }
    throw new Error('too many redirects');
  }
}

/** The hidden inputs and action of a form in an HTML page. */
export function formIn(html: string, action: RegExp): { action: string; fields: Record<string, string> } {
  const form = html.match(/<form[^>]*>[\s\S]*?<\/form>/g)?.find((f) => action.test(f));
  if (!form) throw new Error(`no form with action ${action} in page`);
  const fields: Record<string, string> = {};
  for (const input of form.match(/<input[^>]*>/g) ?? []) {
    const name = input.match(/name="([^"]*)"/)?.[1];
    const value = input.match(/value="([^"]*)"/)?.[1];
    if (name && value !== undefined) fields[name] = value;
  }
  return { action: form.match(/action="([^"]*)"/)![1]!, fields };
}
