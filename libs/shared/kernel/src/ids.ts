import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Time-sortable, so ids double as
 * a rough creation order. Monotonic within one process: a second id in the same millisecond
 * increments the random tail instead of re-drawing it.
 */
let lastMs = -1;
let lastTail: Buffer = Buffer.alloc(10);

export function uuidv7(now: number = Date.now()): string {
  const bytes = Buffer.alloc(16);
  let tail: Buffer;
  if (now <= lastMs) {
    now = lastMs;
    tail = Buffer.from(lastTail);
    for (let i = tail.length - 1; i >= 0; i--) {
      tail[i] = (tail[i]! + 1) & 0xff;
      if (tail[i] !== 0) break;
    }
  } else {
    tail = randomBytes(10);
  }
  lastMs = now;
  lastTail = tail;
  bytes.writeUIntBE(now, 0, 6);
  tail.copy(bytes, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
