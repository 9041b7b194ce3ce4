import { FixedClock } from '@plein/shared/kernel';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { testConnection } from '../testing/test-db';
import { JoseAccessTokenSigner } from './jose-access-token-signer';
import { SigningKeyRing, type SigningKeyDocument } from './signing-keys';

const HOUR = 3_600_000;

describe('SigningKeyRing (real MongoDB)', () => {
  let db: Awaited<ReturnType<typeof testConnection>>;
  beforeAll(async () => {
    db = await testConnection();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('rotates by age: the next key is published before it signs, the previous one stays while its tokens live', async () => {
    const clock = new FixedClock(new Date(Date.UTC(2026, 0, 1, 0, 10)));
    const settings = { rotateAfterMs: HOUR, publishLeadMs: 10 * 60_000, retainAfterRetirementMs: 15 * 60_000 };
    const ring = new SigningKeyRing(db.connection.db!.collection('keys_rotation'), settings, clock);
    const signer = new JoseAccessTokenSigner(ring, { issuer: 'https://plein.test', audience: 'plein' }, clock);
    const verify = async (token: string) => jwtVerify(token, createLocalJWKSet(await ring.jwks()), { currentDate: clock.now() });

    const first = await ring.current();
    expect((await ring.jwks()).keys.map((k) => k.kid)).toEqual([first.kid]);

    clock.set(new Date(Date.UTC(2026, 0, 1, 0, 55))); // within the publish lead of the next generation
    await ring.maintain();
    const published = (await ring.jwks()).keys.map((k) => k.kid);
    expect(published).toHaveLength(2);
    expect((await ring.current()).kid).toBe(first.kid); // the successor is published, not yet signing
    clock.set(new Date(Date.UTC(2026, 0, 1, 0, 58)));
    const early = await signer.sign({ sub: 'u', sid: 's', roles: ['employee'] }, 300);

    clock.set(new Date(Date.UTC(2026, 0, 1, 1, 0, 1)));
    const second = await ring.current();
    expect(second.kid).not.toBe(first.kid);
    expect(published).toContain(second.kid);
    // A token signed with the retired key still verifies while it can be valid...
    await expect(verify(early.token)).resolves.toMatchObject({ protectedHeader: { kid: first.kid } });
    expect((await ring.jwks()).keys.map((k) => k.kid)).toEqual([first.kid, second.kid]);
    // ...and the key leaves the JWKS once nothing it signed can be valid any more.
    clock.set(new Date(Date.UTC(2026, 0, 1, 1, 16)));
    await ring.maintain();
    expect((await ring.jwks()).keys.map((k) => k.kid)).toEqual([second.kid]);
    await expect(verify(early.token)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    const late = await signer.sign({ sub: 'u', sid: 's', roles: ['employee'] }, 300);
    await expect(verify(late.token)).resolves.toMatchObject({ protectedHeader: { kid: second.kid, typ: 'at+jwt' } });
  });

  it('lets concurrent replicas agree on one key per generation, and can keep private keys encrypted', async () => {
    const collection = db.connection.db!.collection<SigningKeyDocument>('keys_race');
    const clock = new FixedClock(new Date(Date.UTC(2026, 0, 1, 12)));
    const settings = { rotateAfterMs: HOUR, publishLeadMs: 0, retainAfterRetirementMs: HOUR, encryptionSecret: 'x'.repeat(32) };
    const rings = [0, 1, 2].map(() => new SigningKeyRing(collection, settings, clock));
    const kids = await Promise.all(rings.map(async (r) => (await r.current()).kid));
    expect(new Set(kids).size).toBe(1);
    const stored = await collection.findOne({});
    expect(stored?.privateJwk).toEqual({ sealed: expect.any(String) });
    expect(JSON.stringify(stored)).not.toContain('"d"');
    await expect(new SigningKeyRing(collection, { ...settings, encryptionSecret: undefined }, clock).current()).rejects.toThrow(/IDENTITY_KEY_ENCRYPTION_SECRET/);
  });
});
