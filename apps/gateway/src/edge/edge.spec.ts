import { checkCsrf, CSRF_HEADER } from './csrf';
import { parseCookies, parseSetCookie, serializeSessionCookie, sessionCookieName } from './cookies';
import { CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers';
import { staticPath } from './static-files';
import { forwardableRequestHeaders, forwardableResponseHeaders } from '../proxy/forward';

const ORIGIN = 'https://plein.example.org';

describe('CSRF check', () => {
  const post = (headers: Record<string, string>) => checkCsrf({ method: 'POST', headers }, ORIGIN);

  it('lets safe methods through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(checkCsrf({ method, headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } }, ORIGIN)).toEqual({ ok: true });
  });

  it('accepts a same-origin script request carrying the header', () => {
    expect(post({ [CSRF_HEADER]: '1', 'sec-fetch-site': 'same-origin', origin: ORIGIN })).toEqual({ ok: true });
    // Older browsers send neither Sec-Fetch-Site nor Origin on some requests: the header alone decides.
    expect(post({ [CSRF_HEADER]: '1' })).toEqual({ ok: true });
  });

  it('refuses state-changing requests without the header, from another site or another origin', () => {
    expect(post({ 'sec-fetch-site': 'same-origin', origin: ORIGIN })).toMatchObject({ ok: false, reason: expect.stringContaining(CSRF_HEADER) });
    expect(post({ [CSRF_HEADER]: '  ' })).toMatchObject({ ok: false });
    expect(post({ [CSRF_HEADER]: '1', 'sec-fetch-site': 'cross-site' })).toMatchObject({ ok: false, reason: expect.stringContaining('cross-site') });
    expect(post({ [CSRF_HEADER]: '1', 'sec-fetch-site': 'same-site' })).toMatchObject({ ok: false });
    expect(post({ [CSRF_HEADER]: '1', origin: 'https://plein.example.org.evil.example' })).toMatchObject({ ok: false, reason: expect.stringContaining('origin') });
    expect(post({ [CSRF_HEADER]: '1', origin: 'null' })).toMatchObject({ ok: false });
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(checkCsrf({ method, headers: {} }, ORIGIN)).toMatchObject({ ok: false });
  });
});

describe('security headers', () => {
  it('forbid inline script and framing, and send HSTS only on https', () => {
    const http = securityHeaders(false);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("worker-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(http).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'content-security-policy': CONTENT_SECURITY_POLICY });
    expect(http['strict-transport-security']).toBeUndefined();
    expect(securityHeaders(true)['strict-transport-security']).toMatch(/^max-age=\d{8,}/);
  });
});

describe('cookies', () => {
  it('reads a Cookie header, first value of a name winning', () => {
    expect([...parseCookies('a=1; plein_session=abc=def;b=2; a=3; junk')]).toEqual([
      ['a', '1'],
      ['plein_session', 'abc=def'],
      ['b', '2'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('reads Set-Cookie attributes', () => {
    const c = parseSetCookie('plein_refresh=tok.en; Path=/auth; Max-Age=28800; HttpOnly; SameSite=Strict');
    expect(c).toMatchObject({ name: 'plein_refresh', value: 'tok.en' });
    expect(c.attributes.get('max-age')).toBe('28800');
    expect(c.attributes.get('httponly')).toBe('');
  });

  it('writes the session cookie HttpOnly, SameSite=Strict, and with __Host- and Secure on https', () => {
    expect(serializeSessionCookie('v', { secure: false, maxAgeSeconds: 60.7 })).toBe('plein_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Strict');
    expect(serializeSessionCookie('v', { secure: true, maxAgeSeconds: 60 })).toBe('__Host-plein_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure');
    expect(serializeSessionCookie('', { secure: false, maxAgeSeconds: -5 })).toContain('Max-Age=0');
    expect(sessionCookieName(true)).toBe('__Host-plein_session');
  });
});

describe('static paths', () => {
  it('stay inside the root, also when encoded', () => {
    expect(staticPath('/srv/web', '/app/main.js')).toBe('/srv/web/app/main.js');
    expect(staticPath('/srv/web', '/a/../index.html')).toBe('/srv/web/index.html');
    for (const bad of ['/../etc/passwd', '/%2e%2e/etc/passwd', '/a/../../etc', '/..%2fetc', '/x%00.js', '/a%5c..%5c..%5cetc', '/%E0%A4%A']) expect(staticPath('/srv/web', bad)).toBeUndefined();
    expect(staticPath('/srv/web', '/../web2/x')).toBeUndefined();
  });
});

describe('proxied headers', () => {
  it('never pass the browser\'s credentials, cookies, forwarding claims or hop-by-hop headers to a service', () => {
    const out = forwardableRequestHeaders({
      authorization: 'Bearer stolen',
      cookie: 'plein_session=x',
      'x-forwarded-for': '6.6.6.6',
      forwarded: 'for=6.6.6.6',
      connection: 'keep-alive, x-secret',
      'x-secret': 'hop',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      traceparent: '00-aaaa-bbbb-01',
      'x-plein-csrf': '1',
      'content-type': 'application/json',
      'idempotency-key': 'k1',
      'last-event-id': '42',
      accept: 'text/event-stream',
    });
    expect(out).toEqual({ 'content-type': 'application/json', 'idempotency-key': 'k1', 'last-event-id': '42', accept: 'text/event-stream' });
  });

  it('drop a service\'s cookies unless asked, and hop-by-hop headers and CORS grants always', () => {
    const upstream = { 'set-cookie': ['a=1'], connection: 'close', 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' };
    expect(forwardableResponseHeaders(upstream, false)).toEqual({ 'content-type': 'application/json' });
    expect(forwardableResponseHeaders(upstream, true)).toEqual({ 'content-type': 'application/json', 'set-cookie': ['a=1'] });
  });
});
