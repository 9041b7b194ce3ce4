import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, so two equal documents hash equally whatever their field
 * order (a rebuilt document and a live one are built by different `$set` sequences).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
    .join(',')}}`;
}

/**
 * An order-independent digest of a set of documents: the sum of per-document SHA-256 prefixes
 * modulo 2^128. Needs no sort (cheap on the MongoDB-compatible server and on Elasticsearch scans),
 * and two sets differ in digest unless they hold the same documents (up to hash collisions).
 */
export class SetDigest {
  private sum = 0n;
  private count = 0;
  private static readonly MOD = 1n << 128n;

  add(canonical: string): void {
    const prefix = createHash('sha256').update(canonical).digest().subarray(0, 16).toString('hex');
    this.sum = (this.sum + BigInt(`0x${prefix}`)) % SetDigest.MOD;
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  toString(): string {
    return `${this.count}:${this.sum.toString(16).padStart(32, '0')}`;
  }
}
