import type { RefreshTokenRecord, SessionRecord } from '../ports/auth.port';
import { MemoryIdentity, testMetadata } from '../testing/memory-identity';
import { SessionService } from './session.service';

function setup() {
  const mem = new MemoryIdentity();
  const sessions = new Map<string, SessionRecord>();
  const tokens = new Map<string, RefreshTokenRecord>();
  const revoked: { sessionId: string; reason: string }[] = [];
  const service = new SessionService({
    sessions: {
      create: async (s) => void sessions.set(s.id, s),
      get: async (id) => sessions.get(id) ?? null,
      findActiveByIdp: async () => [],
      listActiveForUser: async (userId) => [...sessions.values()].filter((s) => s.userId === userId && s.status === 'active'),
      markRevoked: async (id) => {
        const s = sessions.get(id);
        if (!s || s.status === 'revoked') return false;
        sessions.set(id, { ...s, status: 'revoked' });
        return true;
      },
    },
    refreshTokens: { save: async (t) => void tokens.set(t.id, t), get: async (id) => tokens.get(id) ?? null },
    marks: mem.marks,
    events: { revoked: async (session, reason) => void revoked.push({ sessionId: session.id, reason }) },
    signer: { sign: async (claims, ttl) => ({ token: `jwt:${claims.sub}:${claims.sid}:${claims.roles.join('+')}`, expiresAt: new Date(Date.now() + ttl * 1000) }) },
    users: mem.userDirectory,
    settings: { accessTokenTtlSeconds: 300, sessionTtlSeconds: 3600 },
  });
  return { mem, service, sessions, revoked };
}

async function provisioned(mem: MemoryIdentity) {
  const userId = '01964b1e-0000-7000-8000-000000000101';
  await mem.userCommands.execute({ type: 'ProvisionUser', userId, attributes: { userName: 'a@demo.nl' } }, testMetadata());
  return (await mem.userDirectory.get(userId))!;
}

describe('SessionService', () => {
  it('issues an access token carrying the session and roles, and rotates refresh tokens', async () => {
    const { mem, service } = setup();
    const first = await service.open(await provisioned(mem), null);
    expect(first.accessToken).toBe(`jwt:${'01964b1e-0000-7000-8000-000000000101'}:${first.sessionId}:employee`);
    const second = await service.refresh(first.refreshToken, testMetadata());
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(service.refresh(second.refreshToken, testMetadata())).resolves.toBeDefined();
  });

  it('treats a reused refresh token as theft: the session is revoked and the event published', async () => {
    const { mem, service, revoked, sessions } = setup();
    const first = await service.open(await provisioned(mem), null);
    const second = await service.refresh(first.refreshToken, testMetadata());
    await expect(service.refresh(first.refreshToken, testMetadata())).rejects.toMatchObject({ code: 'AUTH.INVALID_REFRESH_TOKEN', reason: 'reused' });
    expect(revoked).toEqual([{ sessionId: first.sessionId, reason: 'security' }]);
    expect(sessions.get(first.sessionId)!.status).toBe('revoked');
    await expect(service.refresh(second.refreshToken, testMetadata())).rejects.toMatchObject({ reason: 'session ended' });
  });

  it('refuses tampered secrets and tokens of deactivated users', async () => {
    const { mem, service } = setup();
    const user = await provisioned(mem);
    const tokens = await service.open(user, null);
    const [id] = tokens.refreshToken.split('.');
    await expect(service.refresh(`${id}.forged`, testMetadata())).rejects.toMatchObject({ reason: 'unknown' });
    await expect(service.refresh('garbage', testMetadata())).rejects.toMatchObject({ reason: 'malformed' });
    await mem.userCommands.execute({ type: 'DeactivateUser', userId: user.id, reason: 'deprovisioned' }, testMetadata());
    await expect(service.refresh(tokens.refreshToken, testMetadata())).rejects.toMatchObject({ reason: 'user deactivated' });
  });

  it('ends every session of a user without per-session events', async () => {
    const { mem, service, revoked } = setup();
    const user = await provisioned(mem);
    const a = await service.open(user, null);
    await service.open(user, null);
    expect(await service.endAllForUser(user.id, 'deactivated')).toBe(2);
    expect(revoked).toEqual([]);
    await expect(service.refresh(a.refreshToken, testMetadata())).rejects.toMatchObject({ reason: 'session ended' });
  });
});
