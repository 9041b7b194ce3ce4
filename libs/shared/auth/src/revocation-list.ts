import { systemClock, type Clock } from '@plein/shared/kernel';

export interface TokenIdentity {
  readonly userId: string;
  readonly sessionId: string;
  /** The token's `iat` (seconds). */
  readonly issuedAt: number;
}

/**
 * The in-memory deny-list every service checks after verifying a token's signature.
 * - A user revocation (deactivated, deleted, a role taken away) refuses the user's tokens issued
 *   at or before it: tokens issued later (after a reactivation, or with the reduced roles after a
 *   refresh) pass. Same-second tokens are refused, erring on the safe side.
 * - A session revocation refuses every token of that session.
 * Entries are needed only while a token issued before them can still be valid, so they are
 * dropped `retentionMs` (≥ the longest token lifetime plus clock tolerance) after they happened.
 */
export class RevocationList {
  private readonly users = new Map<string, number>();
  private readonly sessions = new Map<string, number>();
  private lastPrune = 0;

  constructor(
    readonly retentionMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  revokeUser(userId: string, at: Date): void {
    this.users.set(userId, Math.max(this.users.get(userId) ?? 0, at.getTime()));
    this.pruneNowAndThen();
  }

  revokeSession(sessionId: string, at: Date): void {
    this.sessions.set(sessionId, Math.max(this.sessions.get(sessionId) ?? 0, at.getTime()));
    this.pruneNowAndThen();
  }

  isRevoked(token: TokenIdentity): boolean {
    if (this.sessions.has(token.sessionId)) return true;
    const userRevokedAt = this.users.get(token.userId);
    return userRevokedAt !== undefined && token.issuedAt <= Math.floor(userRevokedAt / 1000);
  }

  get size(): number {
    return this.users.size + this.sessions.size;
  }

  prune(): void {
    const horizon = this.clock.now().getTime() - this.retentionMs;
    for (const map of [this.users, this.sessions]) for (const [id, at] of map) if (at < horizon) map.delete(id);
  }

  private pruneNowAndThen(): void {
    const now = this.clock.now().getTime();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    this.prune();
  }
}
