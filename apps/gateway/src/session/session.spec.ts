import { JsonLogger } from '@plein/shared/observability';
import { SessionStore } from './sessions';
import { IdentityUnavailableError, SessionEndedError, subjectOf, TokenBroker, type RefreshedTokens } from './token-broker';
import { VisitRecorder } from './visits';

const jwt = (sub: string, n: number): string => `h.${Buffer.from(JSON.stringify({ sub, n })).toString('base64url')}.s`;
const silent = new JsonLogger({ service: 'gateway-test', level: 'fatal', write: () => undefined });

describe('SessionStore', () => {
  it('finds a session by its cookie value only, until it expires, and stays bounded', () => {
    let now = 1_000;
    const store = new SessionStore(2, () => now);
    const a = store.open('refresh-a', 61_000);
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(store.find(a)?.refreshToken).toBe('refresh-a');
    expect(store.find('refresh-a')).toBeUndefined();
    expect(store.find(undefined)).toBeUndefined();
    const b = store.open('refresh-b', 1_000_000);
    store.open('refresh-c', 1_000_000);
    expect(store.size).toBe(2);
    expect(store.find(a)).toBeUndefined(); // the oldest made room
    expect(store.find(b)).toBeDefined();
    now = 1_000_001;
    expect(store.find(b)).toBeUndefined();
    expect(store.close(b)).toBeUndefined();
  });
});

describe('TokenBroker', () => {
  function setup() {
    let now = 0;
    const store = new SessionStore(10, () => now);
    const calls: string[] = [];
    let answer: (token: string) => Promise<RefreshedTokens> = async (token) => ({ accessToken: jwt('user-1', calls.length), expiresInSeconds: 300, refreshToken: `${token}+`, refreshExpiresInSeconds: 3600 });
    const broker = new TokenBroker(store, (token) => {
      calls.push(token);
      return answer(token);
    }, () => now);
    const id = store.open('r0', 3_600_000);
    return { store, broker, calls, session: store.find(id)!, id, tick: (ms: number) => (now += ms), answerWith: (fn: typeof answer) => (answer = fn) };
  }

  it('refreshes once for concurrent requests, rotates the refresh token and caches the access token until 30 s before expiry', async () => {
    const t = setup();
    const [a, b, c] = await Promise.all([t.broker.accessFor(t.session), t.broker.accessFor(t.session), t.broker.accessFor(t.session)]);
    expect(t.calls).toEqual(['r0']);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(a).toMatchObject({ userId: 'user-1', expiresAt: 300_000 });
    expect(t.session.refreshToken).toBe('r0+');
    t.tick(269_000);
    expect(await t.broker.accessFor(t.session)).toBe(a);
    expect(t.calls).toHaveLength(1);
    t.tick(2_000); // 29 s left: renewed with the rotated refresh token
    const next = await t.broker.accessFor(t.session);
    expect(t.calls).toEqual(['r0', 'r0+']);
    expect(next?.token).not.toBe(a?.token);
  });

  it('forgets the session when identity refuses its refresh token, and keeps it when identity is down', async () => {
    const t = setup();
    t.answerWith(async () => {
      throw new IdentityUnavailableError();
    });
    await expect(t.broker.accessFor(t.session)).rejects.toBeInstanceOf(IdentityUnavailableError);
    expect(t.store.find(t.id)).toBe(t.session);
    t.answerWith(async () => {
      throw new SessionEndedError('revoked');
    });
    expect(await t.broker.accessFor(t.session)).toBeUndefined();
    expect(t.store.find(t.id)).toBeUndefined();
  });

  it('reads the subject of an access token', () => {
    expect(subjectOf(jwt('abc', 1))).toBe('abc');
    expect(() => subjectOf('h.e30.s')).toThrow('sub');
  });
});

describe('VisitRecorder', () => {
  it('posts at most one visit per person per UTC day, retries after a failure, and never throws', async () => {
    let now = Date.parse('2026-03-01T23:59:00Z');
    const posted: string[] = [];
    let failing = false;
    const visits = new VisitRecorder(async (token) => {
      if (failing) throw new Error('insights down');
      posted.push(token);
    }, silent, () => now);
    expect(await visits.record('u1', 't1')).toBe(true);
    expect(visits.record('u1', 't1b')).toBe(false);
    expect(await visits.record('u2', 't2')).toBe(true);
    now += 120_000; // the next day
    failing = true;
    expect(await visits.record('u1', 't3')).toBe(false);
    failing = false;
    expect(await visits.record('u1', 't4')).toBe(true);
    expect(visits.record('u1', 't5')).toBe(false);
    expect(posted).toEqual(['t1', 't2', 't4']);
  });
});
