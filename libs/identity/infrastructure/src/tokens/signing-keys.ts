import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '@plein/shared/kernel';
import { isDuplicateKeyError } from '@plein/shared/messaging';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { mongo } from 'mongoose';

export const SIGNING_ALGORITHM = 'ES256';

export interface KeyRotationSettings {
  /** A key signs for this long, then its successor takes over. */
  readonly rotateAfterMs: number;
  /** A successor is published this long before it signs, so verifiers' JWKS caches know it in time. */
  readonly publishLeadMs: number;
  /** A retired key stays published this long after its successor took over (≥ the longest token lifetime). */
  readonly retainAfterRetirementMs: number;
  /** When set, private keys are stored AES-256-GCM encrypted with a key derived from it. */
  readonly encryptionSecret?: string;
}

export interface SigningKeyDocument {
  /** `gen-<n>`: one key per rotation generation; a unique id settles races between replicas. */
  _id: string;
  kid: string;
  generation: number;
  alg: typeof SIGNING_ALGORITHM;
  publicJwk: JWK;
  privateJwk: JWK | { readonly sealed: string };
  createdAt: Date;
  activatesAt: Date;
}

export interface ActiveKey {
  readonly kid: string;
  readonly key: CryptoKey;
}

/**
 * Rotating ES256 signing keys in `identity_signing_keys`. Time is cut into generations of
 * `rotateAfterMs`; generation n's key signs from the start of generation n, is created and
 * published `publishLeadMs` before that, and stays in the JWKS until `retainAfterRetirementMs`
 * after generation n+1 took over. So the JWKS serves the current key, the previous one while its
 * tokens live, and the next one shortly before it is used.
 */
export class SigningKeyRing {
  private readonly clock: Clock;
  private readonly privateKeys = new Map<string, CryptoKey>();
  private cache: { keys: SigningKeyDocument[]; at: number } | null = null;

  constructor(
    private readonly collection: mongo.Collection<SigningKeyDocument>,
    private readonly settings: KeyRotationSettings,
    clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  /** The key to sign with now (creating keys that are due). */
  async current(): Promise<ActiveKey> {
    const now = this.clock.now().getTime();
    const keys = await this.keys(now);
    const active = keys.filter((k) => k.activatesAt.getTime() <= now).at(-1);
    if (!active) throw new Error('no active signing key');
    let key = this.privateKeys.get(active.kid);
    if (!key) {
      key = (await importJWK(this.unseal(active.privateJwk), SIGNING_ALGORITHM)) as CryptoKey;
      this.privateKeys.set(active.kid, key);
    }
    return { kid: active.kid, key };
  }

  /** The published verification keys (RFC 7517 JWK Set). */
  async jwks(): Promise<{ keys: JWK[] }> {
    const now = this.clock.now().getTime();
    const keys = await this.keys(now);
    return { keys: keys.filter((k, i) => this.published(k, keys[i + 1], now)).map((k) => ({ ...k.publicJwk, kid: k.kid, alg: SIGNING_ALGORITHM, use: 'sig' })) };
  }

  /** Creates the current and next generation's keys when missing and drops retired ones. */
  async maintain(): Promise<void> {
    this.cache = null;
    await this.keys(this.clock.now().getTime());
  }

  private async keys(now: number): Promise<SigningKeyDocument[]> {
    if (this.cache && now - this.cache.at < 10_000) {
      const generation = Math.floor(now / this.settings.rotateAfterMs);
      if (this.cache.keys.some((k) => k.generation === generation) && !this.nextDue(now, this.cache.keys)) return this.cache.keys;
    }
    const { rotateAfterMs } = this.settings;
    let keys = await this.load();
    const generation = Math.floor(now / rotateAfterMs);
    if (!keys.some((k) => k.generation === generation)) {
      // First key of an installation (or the service was down for a whole generation): sign at once.
      await this.create(generation, new Date(now));
      keys = await this.load();
    }
    if (this.nextDue(now, keys)) {
      await this.create(generation + 1, new Date((generation + 1) * rotateAfterMs));
      keys = await this.load();
    }
    const retired = keys.filter((k, i) => !this.published(k, keys[i + 1], now));
    if (retired.length > 0) {
      await this.collection.deleteMany({ _id: { $in: retired.map((k) => k._id) } });
      keys = keys.filter((k) => !retired.includes(k));
    }
    this.cache = { keys, at: now };
    return keys;
  }

  private nextDue(now: number, keys: readonly SigningKeyDocument[]): boolean {
    const next = Math.floor(now / this.settings.rotateAfterMs) + 1;
    return now >= next * this.settings.rotateAfterMs - this.settings.publishLeadMs && !keys.some((k) => k.generation === next);
  }

  private published(_key: SigningKeyDocument, successor: SigningKeyDocument | undefined, now: number): boolean {
    if (!successor || successor.activatesAt.getTime() > now) return true;
    return now < successor.activatesAt.getTime() + this.settings.retainAfterRetirementMs;
  }

  private async load(): Promise<SigningKeyDocument[]> {
    return this.collection.find({}).sort({ generation: 1, createdAt: 1 }).toArray();
  }

  private async create(generation: number, activatesAt: Date): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const kid = `${generation.toString(36)}-${randomBytes(6).toString('hex')}`;
    const privateJwk = await exportJWK(privateKey);
    try {
      await this.collection.insertOne({
        _id: `gen-${generation}`,
        kid,
        generation,
        alg: SIGNING_ALGORITHM,
        publicJwk: await exportJWK(publicKey),
        privateJwk: this.seal(privateJwk),
        createdAt: this.clock.now(),
        activatesAt,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // another replica created this generation's key
    }
  }

  private seal(jwk: JWK): SigningKeyDocument['privateJwk'] {
    if (!this.settings.encryptionSecret) return jwk;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secretKey(), iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
    return { sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
  }

  private unseal(stored: SigningKeyDocument['privateJwk']): JWK {
    if (!('sealed' in stored)) return stored as JWK;
    if (!this.settings.encryptionSecret) throw new Error('signing keys are encrypted but no IDENTITY_KEY_ENCRYPTION_SECRET is set');
    const raw = Buffer.from(stored.sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.secretKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as JWK;
  }

  private secretKey(): Buffer {
    return createHash('sha256').update(this.settings.encryptionSecret!, 'utf8').digest();
  }
}
