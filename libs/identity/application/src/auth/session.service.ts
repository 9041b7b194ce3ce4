import { systemClock, uuidv7, type Clock, type CommandMetadata } from '@plein/shared/kernel';
import { InvalidRefreshTokenError, SessionNotFoundError } from '../errors';
import type { AccessTokenSigner, IdpSessionRef, RefreshTokenStore, SessionRecord, SessionRevocationEvents, SessionRevocationReason, SessionStore } from '../ports/auth.port';
import type { UserDirectory, UserRecord } from '../ports/directory.port';
import type { OneTimeMarks } from '../ports/one-time-marks.port';
import type { UserSessions } from '../ports/user-sessions.port';
import { matchesHash, randomSecret, sha256 } from './secrets';

export interface TokenSettings {
  /** Access JWT lifetime (short: revocation is enforced by deny-lists for at most this long). */
  readonly accessTokenTtlSeconds: number;
  /** Absolute session lifetime; refresh tokens never outlive their session. */
  readonly sessionTtlSeconds: number;
}

export interface IssuedTokens {
  readonly sessionId: string;
  readonly accessToken: string;
  readonly accessTokenExpiresAt: Date;
  /** `<id>.<secret>`: the id finds the record, the secret is compared with its stored hash. */
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: Date;
}

export interface SessionServiceDependencies {
  readonly sessions: SessionStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly marks: OneTimeMarks;
  readonly events: SessionRevocationEvents;
  readonly signer: AccessTokenSigner;
  readonly users: UserDirectory;
  readonly settings: TokenSettings;
  readonly clock?: Clock;
}

/**
 * Plein sessions and their tokens. Refresh tokens rotate on every use; each is single-use
 * (OneTimeMarks), and presenting a used one again is taken as theft: the whole session is
 * revoked (OAuth 2.0 Security BCP §4.14.2). Revocations publish `identity.session.revoked`, which
 * every service's deny-list applies within seconds.
 */
export class SessionService implements UserSessions {
  private readonly clock: Clock;

  constructor(private readonly deps: SessionServiceDependencies) {
    this.clock = deps.clock ?? systemClock;
  }

  async open(user: UserRecord, idp: IdpSessionRef | null): Promise<IssuedTokens> {
    const now = this.clock.now();
    const session: SessionRecord = {
      id: uuidv7(now.getTime()),
      userId: user.id,
      status: 'active',
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.deps.settings.sessionTtlSeconds * 1000),
      idp,
    };
    await this.deps.sessions.create(session);
    return this.issue(session, user);
  }

  async refresh(presented: string, metadata: CommandMetadata): Promise<IssuedTokens> {
    const dot = presented.indexOf('.');
    if (dot <= 0 || presented.length > 200) throw new InvalidRefreshTokenError('malformed');
    const record = await this.deps.refreshTokens.get(presented.slice(0, dot));
    if (!record || !matchesHash(presented.slice(dot + 1), record.secretHash)) throw new InvalidRefreshTokenError('unknown');
    const now = this.clock.now();
    if (record.expiresAt <= now) throw new InvalidRefreshTokenError('expired');
    const session = await this.deps.sessions.get(record.sessionId);
    if (!session || session.status !== 'active' || session.expiresAt <= now) throw new InvalidRefreshTokenError('session ended');
    if (!(await this.deps.marks.claim(`refresh:${record.id}`, record.expiresAt))) {
      await this.revoke(session, 'security', metadata);
      throw new InvalidRefreshTokenError('reused');
    }
    const user = await this.deps.users.get(record.userId);
    if (!user || !user.active) {
      await this.deps.sessions.markRevoked(session.id, 'deactivated', now);
      throw new InvalidRefreshTokenError('user deactivated');
    }
    return this.issue(session, user);
  }

  /** The active session a refresh token belongs to (for logout by cookie); does not use up the token. */
  async sessionOfRefreshToken(presented: string): Promise<SessionRecord | null> {
    const dot = presented.indexOf('.');
    if (dot <= 0 || presented.length > 200) return null;
    const record = await this.deps.refreshTokens.get(presented.slice(0, dot));
    if (!record || !matchesHash(presented.slice(dot + 1), record.secretHash)) return null;
    const session = await this.deps.sessions.get(record.sessionId);
    return session?.status === 'active' ? session : null;
  }

  findActiveByIdp(issuer: string, ref: { sid?: string; subject?: string }): Promise<SessionRecord[]> {
    return this.deps.sessions.findActiveByIdp(issuer, ref);
  }

  get(sessionId: string): Promise<SessionRecord | null> {
    return this.deps.sessions.get(sessionId);
  }

  listActive(userId: string): Promise<SessionRecord[]> {
    return this.deps.sessions.listActiveForUser(userId);
  }

  /** Revokes one session by id (logout, an admin, a user ending another device). */
  async revokeById(sessionId: string, reason: SessionRevocationReason, metadata: CommandMetadata): Promise<SessionRecord> {
    const session = await this.deps.sessions.get(sessionId);
    if (!session) throw new SessionNotFoundError(sessionId);
    await this.revoke(session, reason, metadata);
    return session;
  }

  /**
   * Marks the session revoked and publishes the event. The event is published even when the
   * session was already marked (a crash may have come between the two); the event store keeps
   * one revocation per session, so this stays idempotent.
   */
  async revoke(session: SessionRecord, reason: SessionRevocationReason, metadata: CommandMetadata): Promise<void> {
    await this.deps.sessions.markRevoked(session.id, reason, this.clock.now());
    await this.deps.events.revoked(session, reason, metadata);
  }

  /**
   * Ends every session of a deactivated or deleted user. No per-session events: the user's
   * `deactivated` event already makes every service refuse all their tokens.
   */
  async endAllForUser(userId: string, reason: 'deactivated' | 'administrator'): Promise<number> {
    const now = this.clock.now();
    let ended = 0;
    for (const session of await this.deps.sessions.listActiveForUser(userId)) {
      if (await this.deps.sessions.markRevoked(session.id, reason, now)) ended++;
    }
    return ended;
  }

  private async issue(session: SessionRecord, user: UserRecord): Promise<IssuedTokens> {
    const now = this.clock.now();
    const ttl = Math.max(1, Math.min(this.deps.settings.accessTokenTtlSeconds, Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000)));
    const access = await this.deps.signer.sign({ sub: user.id, sid: session.id, roles: user.roles }, ttl);
    const id = uuidv7(now.getTime());
    const secret = randomSecret();
    await this.deps.refreshTokens.save({ id, sessionId: session.id, userId: user.id, secretHash: sha256(secret).toString('hex'), createdAt: now, expiresAt: session.expiresAt });
    return { sessionId: session.id, accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: `${id}.${secret}`, refreshTokenExpiresAt: session.expiresAt };
  }
}
