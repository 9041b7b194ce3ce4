/** The header a state-changing request must carry: a plain form or a cross-site page cannot set it without a CORS preflight, which the gateway never grants. */
export const CSRF_HEADER = 'x-plein-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Why a request is refused (the 403 problem's detail), or undefined when it passes. */
export type CsrfVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * CSRF defence for cookie-authenticated requests (OAuth 2.0 for Browser-Based Apps, BFF: the
 * session cookie is SameSite=Strict, and on top of it):
 * - safe methods pass (they change nothing, and the services keep it so);
 * - every other method needs the `X-Plein-CSRF` header (any non-empty value), which only same-origin
 *   script can send here;
 * - `Sec-Fetch-Site`, when the browser sends it, must be `same-origin` (or `none`: typed by the user);
 * - `Origin`, when present, must be the gateway's own origin (`expectedOrigin`).
 */
export function checkCsrf(req: CsrfRequest, expectedOrigin: string): CsrfVerdict {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return { ok: true };
  const fetchSite = one(req.headers['sec-fetch-site'])?.toLowerCase();
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return { ok: false, reason: `a ${fetchSite} request cannot change anything here` };
  const origin = one(req.headers['origin']);
  if (origin !== undefined && origin !== expectedOrigin) return { ok: false, reason: 'the request comes from another origin' };
  if (!one(req.headers[CSRF_HEADER])?.trim()) return { ok: false, reason: `state-changing requests need the ${CSRF_HEADER} header` };
  return { ok: true };
}
