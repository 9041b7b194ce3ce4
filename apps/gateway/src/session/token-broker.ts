import { PleinError } from '@plein/shared/kernel';
import type { AccessGrant, Session, SessionStore } from './sessions';

/** Identity's answer to a refresh (`POST /auth/token` with the refresh token in the body). */
export interface RefreshedTokens {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly refreshToken: string;
  readonly refreshExpiresInSeconds: number;
}

/** Identity refused the refresh token (revoked, expired, reused): the session is over. */
export class SessionEndedError extends Error {}

/** Identity could not be asked (down, timed out, 5xx): 503, the session stays. */
export class IdentityUnavailableError extends PleinError {
  readonly kind = 'unavailable' as const;
  readonly code = 'GATEWAY.IDENTITY_UNAVAILABLE';
  constructor() {
    super('The sign-in service is not reachable; retry shortly');
  }
}

/** Renews at identity; `clientAddress` is the browser's, sent as X-Forwarded-For so identity limits per person's address, not per gateway. */
export type Refresher = (refreshToken: string, clientAddress?: string) => Promise<RefreshedTokens>;

/** The user id (`sub`) of a platform access token; it came straight from identity, so it is read, not verified (the services verify it). */
export function subjectOf(accessToken: string): string {
  const payload = accessToken.split('.')[1] ?? '';
  const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
  if (typeof sub !== 'string' || sub === '') throw new Error('access token without sub');
  return sub;
}

/**
 * Platform access tokens for browser sessions, obtained server-side: the cached one while it has
 * more than `marginMs` to live, else one refresh at identity (rotating the refresh token kept in
 * the session), shared by the session's concurrent requests. Answers undefined when identity
 * refused the refresh token (the session is then forgotten).
 */
export class TokenBroker {
  constructor(
    private readonly store: SessionStore,
    private readonly refresh: Refresher,
    private readonly now: () => number = Date.now,
    private readonly marginMs = 30_000,
  ) {}

  async accessFor(session: Session, clientAddress?: string): Promise<AccessGrant | undefined> {
    if (session.access && session.access.expiresAt - this.marginMs > this.now()) return session.access;
    session.refreshing ??= this.renew(session, clientAddress).finally(() => {
      session.refreshing = undefined;
    });
    return session.refreshing;
  }

  private async renew(session: Session, clientAddress: string | undefined): Promise<AccessGrant | undefined> {
    let tokens: RefreshedTokens;
    try {
      tokens = await this.refresh(session.refreshToken, clientAddress);
    } catch (error) {
      if (error instanceof SessionEndedError) {
        this.store.forget(session);
        session.access = undefined;
        return undefined;
      }
      throw error;
    }
    const now = this.now();
    session.refreshToken = tokens.refreshToken;
    session.refreshExpiresAt = now + tokens.refreshExpiresInSeconds * 1000;
    session.access = { token: tokens.accessToken, expiresAt: now + tokens.expiresInSeconds * 1000, userId: subjectOf(tokens.accessToken) };
    return session.access;
  }
}
