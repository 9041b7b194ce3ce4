import { systemClock, uuidv7, type Clock, type CommandMetadata } from '@plein/shared/kernel';
import { mapClaimsToUser, type AccountLinkClaim, type ClaimMapping, type MappedClaims } from '@plein/identity/domain';
import { LoginFailedError } from '../errors';
import type { IdentityProvider, LoginLinks, LoginTransactionStore } from '../ports/auth.port';
import type { UserCommandBus } from '../ports/commands.port';
import type { UserDirectory, UserRecord } from '../ports/directory.port';
import { stepMetadata } from '../ports/metadata';
import type { OneTimeMarks } from '../ports/one-time-marks.port';
import type { UserProvisioning } from '../users/provisioning';
import type { RedirectAllowList } from './redirect-allow-list';
import { randomSecret, safeEqual } from './secrets';
import type { IssuedTokens, SessionService } from './session.service';

export interface LoginSettings {
  readonly claimMapping: ClaimMapping;
  /** Create users at their first login (when the directory does not provision them by SCIM). */
  readonly jitProvisioning: boolean;
  /** Update directory attributes from the ID token at each login (only sensible without SCIM). */
  readonly updateAttributesOnLogin: boolean;
  /**
   * Besides an earlier link and the directory id (externalId claim), the claims that may link a
   * new IdP identity to an existing account (ACCOUNT_LINK_CLAIMS). Empty by default: usernames and
   * some IdPs' e-mails are editable by their users.
   */
  readonly linkExistingBy: readonly AccountLinkClaim[];
  /** How long a started login may take (default 10 min). */
  readonly transactionTtlSeconds?: number;
}

export interface LoginServiceDependencies {
  readonly idp: IdentityProvider;
  readonly transactions: LoginTransactionStore;
  readonly marks: OneTimeMarks;
  readonly links: LoginLinks;
  readonly users: UserDirectory;
  readonly commands: UserCommandBus;
  readonly provisioning: UserProvisioning;
  readonly sessions: SessionService;
  readonly redirects: RedirectAllowList;
  readonly settings: LoginSettings;
  readonly clock?: Clock;
}

export interface StartedLogin {
  /** Bind it to the browser (HttpOnly cookie): only that browser can finish this login. */
  readonly transactionId: string;
  readonly expiresAt: Date;
  readonly authorizationUrl: URL;
}

export interface CompletedLogin {
  readonly userId: string;
  readonly tokens: IssuedTokens;
  readonly returnTo: string;
}

/**
 * OpenID Connect authorization-code login with PKCE (S256), state and nonce. The transaction
 * (state, nonce, verifier, return URL) stays on the server; the browser only carries its id in a
 * cookie, so a callback is accepted once, from the browser that started it, with the state that
 * was issued. ID token validation is the IdentityProvider's job; mapping claims, linking the IdP
 * identity to a Plein user and just-in-time provisioning are done here.
 */
export class LoginService {
  private readonly clock: Clock;

  constructor(private readonly deps: LoginServiceDependencies) {
    this.clock = deps.clock ?? systemClock;
  }

  async start(returnTo: string | undefined): Promise<StartedLogin> {
    const target = this.deps.redirects.check(returnTo);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + (this.deps.settings.transactionTtlSeconds ?? 600) * 1000);
    const transaction = { id: randomSecret(), state: randomSecret(), nonce: randomSecret(), codeVerifier: randomSecret(), returnTo: target, createdAt: now, expiresAt };
    await this.deps.transactions.save(transaction);
    const authorizationUrl = await this.deps.idp.authorizationUrl(transaction);
    return { transactionId: transaction.id, expiresAt, authorizationUrl };
  }

  async complete(transactionId: string | undefined, callbackUrl: URL, metadata: CommandMetadata): Promise<CompletedLogin> {
    if (!transactionId) throw new LoginFailedError('no login transaction cookie');
    const transaction = await this.deps.transactions.get(transactionId);
    if (!transaction || transaction.expiresAt <= this.clock.now()) throw new LoginFailedError('unknown or expired login transaction');
    const state = callbackUrl.searchParams.get('state') ?? '';
    if (!safeEqual(state, transaction.state)) throw new LoginFailedError('state mismatch');
    if (!(await this.deps.marks.claim(`login:${transaction.id}`, transaction.expiresAt))) throw new LoginFailedError('login transaction replayed');
    const login = await this.deps.idp.completeAuthorization(callbackUrl, transaction);
    let mapped: MappedClaims;
    try {
      mapped = mapClaimsToUser(login.claims, this.deps.settings.claimMapping);
    } catch {
      throw new LoginFailedError('claims do not identify a user');
    }
    const user = await this.resolveUser(login.issuer, mapped, metadata);
    if (!user.active) throw new LoginFailedError('user deactivated');
    const sid = typeof login.claims['sid'] === 'string' ? login.claims['sid'] : undefined;
    const tokens = await this.deps.sessions.open(user, { issuer: login.issuer, subject: mapped.subject, ...(sid ? { sid } : {}) });
    return { userId: user.id, tokens, returnTo: transaction.returnTo };
  }

  private async findByOptedInClaims(mapped: MappedClaims): Promise<UserRecord | null> {
    const by = this.deps.settings.linkExistingBy;
    const { userName, email } = mapped.attributes;
    if (by.includes('userName') && mapped.sources.userName !== 'email') {
      const user = await this.deps.users.findByUserName(userName);
      if (user) return user;
    }
    if (by.includes('email') && mapped.emailVerified && mapped.sources.email === 'email' && email) return this.deps.users.findByUserName(email);
    return null;
  }

  /** Where to send the browser after a Plein logout: the IdP's end-session endpoint, or null. */
  logoutUrl(postLogoutRedirectUri: string): Promise<URL | null> {
    return this.deps.idp.endSessionUrl({ state: randomSecret(16), postLogoutRedirectUri });
  }

  /**
   * OIDC Back-Channel Logout: the IdP ended a session (`sid`) or all sessions of a subject. Each
   * logout token is accepted once; the matching Plein sessions are revoked (and the revocations
   * published, so every service refuses their tokens within seconds).
   */
  async backchannelLogout(logoutToken: string, metadata: CommandMetadata): Promise<number> {
    const claims = await this.deps.idp.verifyLogoutToken(logoutToken);
    if (!(await this.deps.marks.claim(`logout:${claims.issuer}:${claims.jti}`, claims.expiresAt))) {
      throw new LoginFailedError('logout token replayed', 'The logout token was already used');
    }
    const sessions = await this.deps.sessions.findActiveByIdp(claims.issuer, { ...(claims.sid ? { sid: claims.sid } : {}), ...(claims.sub ? { subject: claims.sub } : {}) });
    for (const session of sessions) await this.deps.sessions.revoke(session, 'logout', stepMetadata(metadata, session.id));
    return sessions.length;
  }

  /**
   * The Plein user behind an IdP identity: the earlier link (issuer + sub), else the immutable
   * directory id (externalId claim, e.g. Entra `oid`), else, only where opted in, the userName or
   * the verified e-mail; linked from then on. An account that exists under this userName but could
   * not be linked is refused (never taken over, never duplicated). Unknown people are provisioned
   * just in time when that is enabled, else refused.
   */
  private async resolveUser(issuer: string, mapped: MappedClaims, metadata: CommandMetadata): Promise<UserRecord> {
    const { users, links } = this.deps;
    const linkedId = await links.find(issuer, mapped.subject);
    let user = linkedId ? await users.get(linkedId) : null;
    user ??= mapped.attributes.externalId ? await users.findByExternalId(mapped.attributes.externalId) : null;
    user ??= await this.findByOptedInClaims(mapped);
    if (!user && (await users.findByUserName(mapped.attributes.userName))) {
      throw new LoginFailedError(`an account named like this login exists but is not linked to it (linking by ${mapped.sources.userName ?? 'userName'} is not enabled or not verified)`);
    }
    if (!user) {
      if (!this.deps.settings.jitProvisioning) throw new LoginFailedError('user not provisioned');
      const userId = uuidv7();
      await this.deps.provisioning.provisionFromLogin(userId, mapped.subject, mapped.attributes, { ...stepMetadata(metadata, 'provision'), actorId: 'system:login' });
      user = await users.get(userId);
      if (!user) throw new LoginFailedError('provisioning did not complete');
    } else if (this.deps.settings.updateAttributesOnLogin && user.active) {
      const { userName: _keep, ...changes } = mapped.attributes;
      const result = await this.deps.commands.execute({ type: 'UpdateUserAttributes', userId: user.id, changes }, { ...stepMetadata(metadata, 'claims'), actorId: 'system:login' });
      if (result.events.length > 0) user = (await users.get(user.id)) ?? user;
    }
    if (linkedId !== user.id) await links.link(issuer, mapped.subject, user.id);
    return user;
  }
}
