import type { PushResult, PushSender, StoredPushSubscription } from '@plein/notifications/application';
import { backoffMs, type PushMessage } from '@plein/notifications/domain';
import webpush from 'web-push';

export interface VapidKeys {
  /** `mailto:` or `https:` contact the push services can reach the operator at (RFC 8292). */
  readonly subject: string;
  /** Uncompressed P-256 public key, base64url (what browsers pass as applicationServerKey). */
  readonly publicKey: string;
  /** P-256 private key, base64url. */
  readonly privateKey: string;
}

/** Fresh VAPID keys (development; production keeps its pair in a secret: changing it invalidates every subscription). */
export const generateVapidKeys = (): { publicKey: string; privateKey: string } => webpush.generateVAPIDKeys();

export interface WebPushSenderOptions {
  readonly vapid: VapidKeys;
  /** Attempts for 429 and 5xx answers and network errors, the first included. Default 4. */
  readonly attempts?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Per-request timeout. Default 10 s. */
  readonly timeoutMs?: number;
  /** The HTTP client (global fetch by default). */
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class PushServiceError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Seconds or an HTTP date in Retry-After, as milliseconds. */
function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Web push (RFC 8030) with `web-push` building the request: the payload encrypted for the
 * subscription (RFC 8291, aes128gcm) and signed with VAPID (RFC 8292), with TTL, Urgency and Topic.
 * 201/202 sent; 404/410 `gone` (the caller forgets the subscription); 429, 5xx and network errors
 * retried with bounded exponential backoff (honouring Retry-After), then thrown; other 4xx thrown at once.
 */
export class WebPushSender implements PushSender {
  private readonly attempts: number;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebPushSenderOptions) {
    this.attempts = Math.max(1, options.attempts ?? 4);
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async send(subscription: StoredPushSubscription, message: PushMessage): Promise<PushResult> {
    const request = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.keys.p256dh, auth: subscription.keys.auth } }, JSON.stringify(message.payload), {
      vapidDetails: this.options.vapid,
      TTL: message.ttlSeconds,
      urgency: message.urgency,
      topic: message.topic,
      contentEncoding: 'aes128gcm',
    });
    let last: PushServiceError | null = null;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      let status: number | null = null;
      let retryAfter: number | undefined;
      try {
        const response = await this.fetch(request.endpoint, {
          method: 'POST',
          headers: request.headers as Record<string, string>,
          body: new Uint8Array(request.body as Buffer),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        status = response.status;
        retryAfter = retryAfterMs(response.headers.get('retry-after'));
        await response.arrayBuffer().catch(() => undefined);
      } catch (error) {
        last = new PushServiceError(`push request failed: ${String(error)}`, null);
      }
      if (status !== null) {
        if (status >= 200 && status < 300) return 'sent';
        if (status === 404 || status === 410) return 'gone';
        last = new PushServiceError(`push service answered ${status}`, status);
        if (status !== 429 && status < 500) throw last;
      }
      if (attempt < this.attempts) {
        await this.sleep(backoffMs(attempt, { baseMs: this.options.backoffBaseMs ?? 500, maxMs: this.options.backoffMaxMs ?? 30_000, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) }));
      }
    }
    throw last ?? new PushServiceError('push failed', null);
  }
}
