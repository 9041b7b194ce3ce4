import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ValidationError } from '@plein/shared/kernel';
import { Endpoint, LOGGER, RequestInput, validateRequest, type InputOf } from '@plein/shared/platform';
import type { JsonLogger } from '@plein/shared/observability';
import { PlatformTokenVerifier } from '@plein/shared/auth';
import { InvalidRefreshTokenError, LoginFailedError, type IssuedTokens } from '@plein/identity/application';
import { IDENTITY_CONFIG } from '../../identity.tokens';
import type { IdentityConfig } from '../../identity.config';
import { IdentityRuntime } from '../../runtime/identity-runtime';
import { clearCookie, clientIp, noStore, readCookie, requestMetadata, setCookie } from '../http-support';
import { RateLimiter } from '../rate-limiter';
import * as R from '../routes';

export const LOGIN_COOKIE = 'plein_login';
export const REFRESH_COOKIE = 'plein_refresh';

/**
 * Browser sign-in against the organisation's IdP, and Plein's own tokens:
 * - `GET /auth/login?return_to=` starts the authorization-code flow (PKCE, state, nonce),
 * - `GET /auth/callback` finishes it, sets the refresh token as an HttpOnly cookie and redirects
 *   to the allow-listed return URL (tokens never travel in URLs),
 * - `POST /auth/token` exchanges a refresh token (cookie, or `refresh_token` in the body) for a
 *   new access token and a rotated refresh token,
 * - `POST /auth/logout` ends the session and points to the IdP's end-session endpoint,
 * - `POST /auth/backchannel-logout` takes the IdP's logout tokens.
 */
@Controller()
export class AuthController {
  private readonly limiter: RateLimiter;
  private readonly logger: JsonLogger;
  private readonly cookies: { secure: boolean; sameSite: 'Lax' | 'Strict'; path: string };

  constructor(
    private readonly runtime: IdentityRuntime,
    private readonly verifier: PlatformTokenVerifier,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) logger: JsonLogger,
  ) {
    this.logger = logger.child('Auth');
    this.limiter = new RateLimiter(config.identity.rateLimits.loginPerMinute);
    this.cookies = { secure: config.identity.secureCookies, sameSite: 'Lax', path: '/auth' };
  }

  @Endpoint(R.LOGIN)
  async login(@RequestInput() { query }: InputOf<typeof R.LOGIN>, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.limiter.take(clientIp(req));
    const { login } = await this.runtime.services();
    const started = await login.start(query.return_to);
    noStore(res);
    setCookie(res, LOGIN_COOKIE, started.transactionId, { ...this.cookies, maxAgeSeconds: (started.expiresAt.getTime() - Date.now()) / 1000 });
    res.redirect(302, started.authorizationUrl.href);
  }

  @Endpoint(R.CALLBACK)
  async callback(@RequestInput() _input: InputOf<typeof R.CALLBACK>, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.limiter.take(clientIp(req));
    const { login } = await this.runtime.services();
    noStore(res);
    clearCookie(res, LOGIN_COOKIE, this.cookies);
    const callbackUrl = new URL(req.originalUrl, this.config.identity.publicUrl);
    try {
      const done = await login.complete(readCookie(req, LOGIN_COOKIE), callbackUrl, requestMetadata(req, 'system:login'));
      this.setRefreshCookie(res, done.tokens);
      this.logger.info('sign-in completed', { aggregateId: done.userId });
      res.redirect(303, done.returnTo);
    } catch (error) {
      if (error instanceof LoginFailedError) this.logger.warn('sign-in refused', { reason: error.reason });
      throw error;
    }
  }

  @Endpoint(R.TOKEN)
  async token(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.limiter.take(clientIp(req));
    noStore(res);
    const raw = (req.body ?? {}) as Record<string, unknown>;
    if (raw['grant_type'] !== undefined && raw['grant_type'] !== 'refresh_token') {
      throw new ValidationError('AUTH.UNSUPPORTED_GRANT', [{ field: 'body.grant_type', message: 'must be refresh_token' }]);
    }
    const { body } = validateRequest(R.TOKEN, req) as InputOf<typeof R.TOKEN>;
    const fromBody = body.refresh_token;
    const presented = fromBody ?? readCookie(req, REFRESH_COOKIE);
    if (!presented) throw new InvalidRefreshTokenError('missing');
    const { sessions } = await this.runtime.services();
    try {
      const tokens = await sessions.refresh(presented, requestMetadata(req, 'system:token'));
      if (!fromBody) this.setRefreshCookie(res, tokens);
      res.json({
        access_token: tokens.accessToken,
        token_type: 'Bearer',
        expires_in: Math.max(0, Math.floor((tokens.accessTokenExpiresAt.getTime() - Date.now()) / 1000)),
        ...(fromBody ? { refresh_token: tokens.refreshToken, refresh_token_expires_in: Math.floor((tokens.refreshTokenExpiresAt.getTime() - Date.now()) / 1000) } : {}),
      });
    } catch (error) {
      if (error instanceof InvalidRefreshTokenError) {
        this.logger.warn('refresh refused', { reason: error.reason });
        if (!fromBody) clearCookie(res, REFRESH_COOKIE, this.cookies);
      }
      throw error;
    }
  }

  /** Ends the session of the bearer token, else of the refresh cookie; answers where the browser goes next. */
  @Endpoint(R.LOGOUT)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.limiter.take(clientIp(req));
    noStore(res);
    const { sessions, login } = await this.runtime.services();
    const bearer = /^Bearer (\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    const sessionId = bearer ? (await this.verifier.verify(bearer)).sessionId : (await sessions.sessionOfRefreshToken(readCookie(req, REFRESH_COOKIE) ?? ''))?.id;
    if (sessionId) await sessions.revokeById(sessionId, 'logout', requestMetadata(req, 'system:logout'));
    clearCookie(res, REFRESH_COOKIE, this.cookies);
    const postLogout = this.config.identity.oidc.postLogoutRedirectUri;
    const next = (await login.logoutUrl(postLogout))?.href ?? postLogout;
    if ((req.header('accept') ?? '').includes('application/json')) res.status(200).json({ loggedOut: Boolean(sessionId), redirectTo: next });
    else res.redirect(303, next);
  }

  /** OIDC Back-Channel Logout 1.0 §2.5: 200 on success, 400 with an OAuth error otherwise. */
  @Endpoint(R.BACKCHANNEL_LOGOUT)
  async backchannelLogout(@Req() req: Request, @Res() res: Response): Promise<void> {
    noStore(res);
    // Validated against the declaration here, not by @RequestInput: this endpoint answers OAuth errors, not problems.
    const parsed = R.LOGOUT_TOKEN_BODY.safeParse(req.body ?? {});
    const token = parsed.success ? parsed.data.logout_token : undefined;
    const { login } = await this.runtime.services();
    try {
      if (typeof token !== 'string') throw new LoginFailedError('no logout_token', 'logout_token is required');
      const ended = await login.backchannelLogout(token, requestMetadata(req, 'system:backchannel-logout'));
      this.logger.info('back-channel logout', { count: ended });
      res.status(200).end();
    } catch (error) {
      if (!(error instanceof LoginFailedError)) throw error;
      this.logger.warn('back-channel logout refused', { reason: error.reason });
      res.status(400).json({ error: 'invalid_request', error_description: error.message });
    }
  }

  private setRefreshCookie(res: Response, tokens: IssuedTokens): void {
    setCookie(res, REFRESH_COOKIE, tokens.refreshToken, { ...this.cookies, sameSite: 'Strict', maxAgeSeconds: (tokens.refreshTokenExpiresAt.getTime() - Date.now()) / 1000 });
  }
}
