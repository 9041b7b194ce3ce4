import { createHash, randomBytes } from 'node:crypto';

/** What the gateway keeps per browser session; the browser holds only the random id (in an HttpOnly cookie). */
export interface Session {
  /** The store's key (SHA-256 of the cookie value). */
  readonly key: string;
  refreshToken: string;
  refreshExpiresAt: number;
  access?: AccessGrant;
  /** The refresh in flight: concurrent requests of one session share it (a second refresh with the same token would look like theft to identity and end the session). */
  refreshing?: Promise<AccessGrant | undefined>;
}

export interface AccessGrant {
  readonly token: string;
  readonly expiresAt: number;
  readonly userId: string;
}

/**
 * Browser sessions in memory, keyed by the SHA-256 of the cookie value (a dump of the map holds
 * no usable cookie). Bounded: beyond `max` the oldest session is dropped; expired ones are dropped
 * when met and by a sweep once a minute. Per process: replicas need sticky sessions (docs/gateway.md).
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private lastSweep = 0;

  constructor(
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Opens a session; answers the cookie value (256 random bits). */
  open(refreshToken: string, refreshExpiresAt: number): string {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    if (this.sessions.size >= this.max) this.sessions.delete(this.sessions.keys().next().value!);
    const k = key(id);
    this.sessions.set(k, { key: k, refreshToken, refreshExpiresAt });
    return id;
  }

  find(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(key(id));
    if (session && session.refreshExpiresAt <= this.now()) {
      this.sessions.delete(key(id));
      return undefined;
    }
    return session;
  }

  close(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(key(id));
    this.sessions.delete(key(id));
    return session;
  }

  /** Drops a session by its object (identity refused its refresh token). */
  forget(session: Session): void {
    if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, s] of this.sessions) if (s.refreshExpiresAt <= now) this.sessions.delete(k);
  }
}

const key = (id: string): string => createHash('sha256').update(id).digest('base64url');
