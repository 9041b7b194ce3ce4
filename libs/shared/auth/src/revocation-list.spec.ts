import { FixedClock } from '@plein/shared/kernel';
import { RevocationList } from './revocation-list';

const at = (iso: string) => new Date(iso);
const secs = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('RevocationList', () => {
  it('refuses a user’s tokens issued up to the revocation (same second included) and accepts later ones', () => {
    const list = new RevocationList(600_000, new FixedClock(at('2026-01-01T10:00:00Z')));
    list.revokeUser('u1', at('2026-01-01T10:00:00.400Z'));
    expect(list.isRevoked({ userId: 'u1', sessionId: 's1', issuedAt: secs('2026-01-01T09:59:00Z') })).toBe(true);
    expect(list.isRevoked({ userId: 'u1', sessionId: 's1', issuedAt: secs('2026-01-01T10:00:00.900Z') })).toBe(true);
    expect(list.isRevoked({ userId: 'u1', sessionId: 's2', issuedAt: secs('2026-01-01T10:00:01Z') })).toBe(false);
    expect(list.isRevoked({ userId: 'u2', sessionId: 's1', issuedAt: secs('2026-01-01T09:59:00Z') })).toBe(false);
  });

  it('refuses every token of a revoked session, whenever issued', () => {
    const list = new RevocationList(600_000, new FixedClock(at('2026-01-01T10:00:00Z')));
    list.revokeSession('s1', at('2026-01-01T10:00:00Z'));
    expect(list.isRevoked({ userId: 'u1', sessionId: 's1', issuedAt: secs('2026-01-01T11:00:00Z') })).toBe(true);
    expect(list.isRevoked({ userId: 'u1', sessionId: 's2', issuedAt: secs('2026-01-01T09:00:00Z') })).toBe(false);
  });

  it('keeps the latest revocation of a user, and forgets entries older than the retention', () => {
    const clock = new FixedClock(at('2026-01-01T10:00:00Z'));
    const list = new RevocationList(600_000, clock);
    list.revokeUser('u1', at('2026-01-01T10:00:00Z'));
    list.revokeUser('u1', at('2026-01-01T09:00:00Z'));
    expect(list.isRevoked({ userId: 'u1', sessionId: 's', issuedAt: secs('2026-01-01T09:30:00Z') })).toBe(true);
    list.revokeSession('s9', at('2026-01-01T10:00:00Z'));
    clock.advance(600_001);
    list.prune();
    expect(list.size).toBe(0);
  });
});
