import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { PleinError } from '@plein/shared/kernel';
import { getRequestContext, isAcceptableCorrelationId, runWithRequestContext, type JsonLogger } from '@plein/shared/observability';
import { CORRELATION_ID_HEADER, LOGGER, RateLimitedError, RateLimiter, sendProblem, toProblem } from '@plein/shared/platform';
import type { GatewaySettings, UpstreamName } from './gateway.config';
import { GATEWAY_SETTINGS } from './gateway.tokens';
import { parseCookies, parseSetCookie, serializeSessionCookie, sessionCookieName } from './edge/cookies';
import { checkCsrf } from './edge/csrf';
import { securityHeaders } from './edge/security-headers';
import { serveStatic } from './edge/static-files';
import { forward, forwardableRequestHeaders, forwardableResponseHeaders, gatewayProblem } from './proxy/forward';
import { SessionStore, type AccessGrant, type Session } from './session/sessions';
import { TokenBroker } from './session/token-broker';
import { VisitRecorder } from './session/visits';

export const REQUEST_ID_HEADER = 'x-request-id';
/** identity's cookies: the login transaction passes through (path /auth); the refresh token never reaches the browser. */
const LOGIN_COOKIE = 'plein_login';
const REFRESH_COOKIE = 'plein_refresh';
/** The gateway's own routes (platform health and its OpenAPI document), answered by Nest. */
const OWN_ROUTES = new Set(['/health', '/ready', '/openapi.json']);
/** identity's browser routes reachable through the gateway; `POST /auth/token` is not: tokens stay here. */
const AUTH_ROUTES: ReadonlyMap<string, string> = new Map([
  ['/auth/login', 'GET'],
  ['/auth/callback', 'GET'],
  ['/auth/logout', 'POST'],
  ['/auth/backchannel-logout', 'POST'],
]);

/** A refused request, answered as problem+json by the middleware. */
class GatewayRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * The edge, in front of every route: security headers and the request id on every answer; the
 * web client's files; `/api/<service>/…` proxied to the service with the session's platform token;
 * identity's browser flow under `/auth/*` with its refresh token swapped for a session cookie.
 */
@Injectable()
export class GatewayMiddleware implements NestMiddleware {
  private readonly personLimiter: RateLimiter;
  private readonly addressLimiter: RateLimiter;
  private readonly logger: JsonLogger;

  constructor(
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) logger: JsonLogger,
    private readonly sessions: SessionStore,
    private readonly broker: TokenBroker,
    private readonly visits: VisitRecorder,
  ) {
    this.logger = logger.child('Gateway');
    this.personLimiter = new RateLimiter(settings.rateLimitPerMinute);
    this.addressLimiter = new RateLimiter(settings.anonymousRateLimitPerMinute);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const incoming = req.headers[REQUEST_ID_HEADER];
    const requestId = isAcceptableCorrelationId(incoming) ? incoming : (getRequestContext()?.correlationId ?? '');
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.setHeader(CORRELATION_ID_HEADER, requestId);
    for (const [name, value] of Object.entries(securityHeaders(this.https(req)))) res.setHeader(name, value);
    runWithRequestContext({ correlationId: requestId }, () => {
      this.route(req, res, next).catch((error: unknown) => this.fail(req, res, error));
    });
  }

  private async route(req: Request, res: Response, next: NextFunction): Promise<void> {
    const rawPath = req.originalUrl.split('?')[0] ?? '/';
    if (OWN_ROUTES.has(rawPath)) return next();
    if (rawPath === '/api' || rawPath.startsWith('/api/')) return this.api(req, res, rawPath);
    if (rawPath.startsWith('/auth/')) return this.auth(req, res, rawPath, next);
    if (req.method === 'GET' || req.method === 'HEAD') {
      const { served, page } = await serveStatic(this.settings.staticDir, rawPath, req.method, res);
      if (page) this.visitInBackground(req);
      if (served) return;
    }
    next();
  }

  /** `/api/<service>/<path>` → `<service base URL>/<path>`, with the session's access token. */
  private async api(req: Request, res: Response, rawPath: string): Promise<void> {
    const service = rawPath.split('/')[2] ?? '';
    if (!Object.hasOwn(this.settings.upstreams, service)) {
      throw new GatewayRefusal(404, 'GATEWAY.UNKNOWN_SERVICE', 'Not Found', `No service is called "${service.slice(0, 40)}"; the gateway routes /api/<service>/… to ${Object.keys(this.settings.upstreams).join(', ')}`);
    }
    this.checkCsrf(req);
    const grant = await this.signedIn(req, res);
    this.limit(req, grant);
    const base = this.settings.upstreams[service as UpstreamName];
    const rest = rawPath.slice(`/api/${service}`.length) || '/';
    const query = req.originalUrl.slice(rawPath.length);
    const target = new URL(`${base}${rest}${query}`);
    if (grant) void this.visits.record(grant.userId, grant.token);
    await forward({
      req,
      res,
      target,
      headers: { ...forwardableRequestHeaders(req.headers), ...this.forwarded(req), ...(grant ? { authorization: `Bearer ${grant.token}` } : {}) },
      maxBodyBytes: this.settings.maxBodyBytes,
      logger: this.logger,
      instance: rawPath,
      correlationId: getRequestContext()?.correlationId,
      responseHeaders: (_status, upstream) => this.answerHeaders(req, upstream, false),
    });
  }

  /** identity's browser flow on the gateway's origin; the refresh token it sets is kept here, the browser gets a session cookie. */
  private async auth(req: Request, res: Response, rawPath: string, next: NextFunction): Promise<void> {
    if (rawPath === '/auth/token') throw new GatewayRefusal(404, 'GATEWAY.TOKENS_STAY_HERE', 'Not Found', 'Browsers get no tokens: the gateway adds them to /api/… calls of a signed-in session');
    const method = AUTH_ROUTES.get(rawPath);
    if (!method || method !== req.method) return next();
    this.addressLimiter.take(`auth:${req.ip}`);
    const cookies = parseCookies(req.headers.cookie);
    const secure = this.https(req);
    let cookieHeader: string | undefined;
    let rewrite: (status: number, setCookies: string[]) => string[] = (_s, setCookies) => withoutRefreshCookie(setCookies);
    if (rawPath === '/auth/callback') {
      const login = cookies.get(LOGIN_COOKIE);
      cookieHeader = login ? `${LOGIN_COOKIE}=${login}` : undefined;
      rewrite = (status, setCookies) => {
        const refresh = setCookies.map(parseSetCookie).find((c) => c.name === REFRESH_COOKIE && c.value !== '');
        const kept = withoutRefreshCookie(setCookies);
        if (!refresh || status >= 400) return kept;
        const maxAge = Number(refresh.attributes.get('max-age') ?? 0);
        this.sessions.close(cookies.get(sessionCookieName(secure)));
        const id = this.sessions.open(refresh.value, Date.now() + maxAge * 1000);
        this.logger.info('session opened', { count: this.sessions.size });
        return [...kept, serializeSessionCookie(id, { secure, maxAgeSeconds: maxAge })];
      };
    } else if (rawPath === '/auth/logout') {
      this.checkCsrf(req);
      const session = this.sessions.close(cookies.get(sessionCookieName(secure)));
      cookieHeader = session ? `${REFRESH_COOKIE}=${session.refreshToken}` : undefined;
      rewrite = (_s, setCookies) => [...withoutRefreshCookie(setCookies), serializeSessionCookie('', { secure, maxAgeSeconds: 0 })];
    }
    const identity = this.settings.upstreams.identity;
    await forward({
      req,
      res,
      target: new URL(`${identity}${req.originalUrl}`),
      headers: { ...forwardableRequestHeaders(req.headers), ...this.forwarded(req), ...(cookieHeader ? { cookie: cookieHeader } : {}) },
      maxBodyBytes: this.settings.maxBodyBytes,
      logger: this.logger,
      instance: rawPath,
      correlationId: getRequestContext()?.correlationId,
      responseHeaders: (status, upstream) => {
        const headers = this.answerHeaders(req, upstream, true);
        headers['set-cookie'] = rewrite(status, upstream['set-cookie'] ?? []);
        return headers;
      },
    });
  }

  /** The session's access token (renewed at identity when due), or undefined without a live session; a dead session's cookie is cleared. */
  private async signedIn(req: Request, res: Response): Promise<AccessGrant | undefined> {
    const secure = this.https(req);
    const id = parseCookies(req.headers.cookie).get(sessionCookieName(secure));
    if (!id) return undefined;
    const session: Session | undefined = this.sessions.find(id);
    const grant = session ? await this.broker.accessFor(session, req.ip) : undefined;
    if (!grant) res.appendHeader('set-cookie', serializeSessionCookie('', { secure, maxAgeSeconds: 0 }));
    return grant;
  }

  /** A page load of a signed-in person counts as a visit too (in the background; nothing waits for it). */
  private visitInBackground(req: Request): void {
    const session = this.sessions.find(parseCookies(req.headers.cookie).get(sessionCookieName(this.https(req))));
    if (!session) return;
    this.broker.accessFor(session, req.ip).then(
      (grant) => (grant ? this.visits.record(grant.userId, grant.token) : undefined),
      () => undefined,
    );
  }

  private limit(req: Request, grant: AccessGrant | undefined): void {
    if (grant) this.personLimiter.take(`person:${grant.userId}`);
    else this.addressLimiter.take(`address:${req.ip}`);
  }

  private checkCsrf(req: Request): void {
    const verdict = checkCsrf(req, this.settings.publicOrigin ?? `${req.protocol}://${req.get('host') ?? ''}`);
    if (!verdict.ok) throw new GatewayRefusal(403, 'GATEWAY.CSRF_REFUSED', 'Forbidden', verdict.reason);
  }

  private https(req: Request): boolean {
    return this.settings.secure || req.protocol === 'https';
  }

  /** Who asked, for the service's logs and limits (it trusts these only from a proxy listed in its HTTP_TRUSTED_PROXIES), and the request id. */
  private forwarded(req: Request): OutgoingHttpHeaders {
    const id = getRequestContext()?.correlationId;
    return {
      'x-forwarded-for': req.ip ?? '',
      'x-forwarded-proto': req.protocol,
      'x-forwarded-host': req.get('host') ?? '',
      ...(id ? { [CORRELATION_ID_HEADER]: id, [REQUEST_ID_HEADER]: id } : {}),
    };
  }

  private answerHeaders(req: Request, upstream: IncomingHttpHeaders, keepCookies: boolean): OutgoingHttpHeaders {
    const id = getRequestContext()?.correlationId ?? '';
    return { ...forwardableResponseHeaders(upstream, keepCookies), ...securityHeaders(this.https(req)), [REQUEST_ID_HEADER]: id, [CORRELATION_ID_HEADER]: id };
  }

  private fail(req: Request, res: Response, error: unknown): void {
    const instance = req.originalUrl.split('?')[0] ?? '/';
    const correlationId = getRequestContext()?.correlationId;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof GatewayRefusal) {
      sendProblem(res, gatewayProblem(error.status, error.code, error.title, error.message, instance, correlationId));
      return;
    }
    const { problem, unexpected } = toProblem(error, { instance, ...(correlationId ? { correlationId } : {}) });
    if (unexpected) this.logger.error('gateway request failed', { route: instance, reason: error instanceof Error ? error.message : String(error) });
    sendProblem(res, problem, error instanceof RateLimitedError ? { 'retry-after': String(error.retryAfterSeconds) } : error instanceof PleinError && error.kind === 'unavailable' ? { 'retry-after': '5' } : {});
  }
}

/** identity's refresh cookie (set or cleared) never reaches the browser. */
function withoutRefreshCookie(setCookies: readonly string[]): string[] {
  return setCookies.filter((c) => parseSetCookie(c).name !== REFRESH_COOKIE);
}
