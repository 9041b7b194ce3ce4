/** Cookie parsing and writing for the gateway (RFC 6265 shapes, no dependency). */

/** The cookies of a `Cookie` header; the first of a repeated name wins (the most specific path, as browsers order them). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export interface SetCookie {
  readonly name: string;
  readonly value: string;
  /** Lower-cased attribute names to values ('' for flags). */
  readonly attributes: ReadonlyMap<string, string>;
}

/** One `Set-Cookie` value. */
export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attributes = new Map<string, string>();
  for (const attribute of rest) {
    const at = attribute.indexOf('=');
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    if (key) attributes.set(key, at < 0 ? '' : attribute.slice(at + 1).trim());
  }
  return { name: (eq < 0 ? '' : pair.slice(0, eq)).trim(), value: (eq < 0 ? pair : pair.slice(eq + 1)).trim(), attributes };
}

export interface CookieOptions {
  readonly secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  readonly maxAgeSeconds: number;
}

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict, Path=/; on https Secure and
 * the `__Host-` prefix (the browser then refuses it from a sub-domain or over http).
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-plein_session' : 'plein_session';
}

export function serializeSessionCookie(value: string, options: CookieOptions): string {
  return [
    `${sessionCookieName(options.secure)}=${value}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
