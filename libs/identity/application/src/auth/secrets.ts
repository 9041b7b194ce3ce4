import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A URL-safe random secret of `bytes` bytes of entropy. */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Compares two secrets in constant time: both sides are hashed first, so neither their content
 * nor their length leaks through timing.
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** Compares a presented secret with a stored SHA-256 hex digest in constant time. */
export function matchesHash(secret: string, hashHex: string): boolean {
  const expected = Buffer.from(hashHex, 'hex');
  const actual = sha256(secret);
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
