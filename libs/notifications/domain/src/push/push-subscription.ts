import { createHash } from 'node:crypto';
import type { DeliveryItem } from '../delivery/delivery';

/** A browser's push subscription (PushSubscription.toJSON()): where to send and the keys to encrypt for (RFC 8291). */
export interface PushSubscriptionInput {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

export interface FieldViolation {
  readonly field: string;
  readonly message: string;
}

const BASE64URL = /^[\w-]+=*$/;
const MAX_ENDPOINT = 2048;
/** Hosts an http endpoint may name when a test or development setup allows it (never in production). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function base64urlBytes(value: string): Buffer | null {
  if (!BASE64URL.test(value)) return null;
  return Buffer.from(value, 'base64url');
}

/**
 * Checks a subscription before it is stored: an absolute https endpoint (push services speak only
 * TLS; RFC 8030), `p256dh` an uncompressed P-256 point (65 bytes, 0x04 first) and `auth` the 16-byte
 * secret, both base64url. `allowLoopbackHttp` lets http on 127.0.0.1/localhost through (local
 * development and tests with a push service of their own). Returns the violations, empty when valid.
 */
export function pushSubscriptionViolations(input: PushSubscriptionInput, options: { readonly allowLoopbackHttp?: boolean } = {}): FieldViolation[] {
  const out: FieldViolation[] = [];
  let url: URL | null = null;
  try {
    url = input.endpoint.length <= MAX_ENDPOINT ? new URL(input.endpoint) : null;
  } catch {
    url = null;
  }
  if (!url) out.push({ field: 'endpoint', message: `must be an absolute URL of at most ${MAX_ENDPOINT} characters` });
  else if (url.protocol !== 'https:' && !(options.allowLoopbackHttp && url.protocol === 'http:' && LOOPBACK.has(url.hostname))) out.push({ field: 'endpoint', message: 'must be an https URL' });
  else if (url.username || url.password) out.push({ field: 'endpoint', message: 'must not carry credentials' });
  const p256dh = base64urlBytes(input.keys.p256dh);
  if (!p256dh || p256dh.length !== 65 || p256dh[0] !== 0x04) out.push({ field: 'keys.p256dh', message: 'must be an uncompressed P-256 public key (65 bytes, base64url)' });
  const auth = base64urlBytes(input.keys.auth);
  if (!auth || auth.length !== 16) out.push({ field: 'keys.auth', message: 'must be the 16-byte authentication secret (base64url)' });
  return out;
}

/** What a push message carries to the service worker (JSON, encrypted end to end). */
export interface PushPayload {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  /** Omitted for confidential items unless the organisation allows content in pushes. */
  readonly body?: string;
  /** Relative link the service worker opens. */
  readonly url: string;
  /** Replaces an earlier notification with the same tag on the device (the item's group). */
  readonly tag: string;
}

export interface PushMessage {
  readonly payload: PushPayload;
  /** Seconds the push service keeps it for an offline device. */
  readonly ttlSeconds: number;
  readonly urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** RFC 8030 Topic: a newer message with the same topic replaces an undelivered older one (max 32 URL-safe characters). */
  readonly topic: string;
}

export interface PushPolicy {
  /** The organisation allows excerpts of confidential content in push payloads (off by default). */
  readonly confidentialContent: boolean;
  readonly ttlSeconds: number;
}

const TITLES: Record<string, { en: string; nl: string }> = {
  mention: { en: 'You were mentioned', nl: 'Je bent genoemd' },
  comment: { en: 'New comment', nl: 'Nieuwe reactie' },
  reply: { en: 'New reply', nl: 'Nieuw antwoord op je reactie' },
  reaction: { en: 'New reactions', nl: 'Nieuwe reacties' },
  answer: { en: 'Your question was answered', nl: 'Je vraag is beantwoord' },
  'answer-accepted': { en: 'Your answer was accepted', nl: 'Je antwoord is geaccepteerd' },
  'group-post': { en: 'New post in your group', nl: 'Nieuw bericht in je groep' },
  announcement: { en: 'Announcement', nl: 'Mededeling' },
  'acknowledgement-reminder': { en: 'Please confirm you have read this', nl: 'Bevestig dat je dit gelezen hebt' },
  'acknowledgement-escalation': { en: 'Acknowledgements overdue', nl: 'Leesbevestigingen te laat' },
  'jam-opened': { en: 'An idea jam is open', nl: 'Een ideeënsessie is geopend' },
  'jam-closed': { en: 'An idea jam has closed', nl: 'Een ideeënsessie is gesloten' },
};

/** The title of a notification type in a language (a neutral fallback for types without their own). */
export function titleOf(type: string, language: 'en' | 'nl'): string {
  return TITLES[type]?.[language] ?? (language === 'nl' ? 'Nieuwe melding' : 'New notification');
}

/** Link inside the app for an item's target. */
export function targetPath(item: Pick<DeliveryItem, 'target'>): string {
  const t = item.target;
  const id = encodeURIComponent(t.id);
  switch (t.kind) {
    case 'post':
      return `/posts/${id}`;
    case 'comment':
      return t.postId ? `/posts/${encodeURIComponent(t.postId)}#comment-${id}` : `/comments/${id}`;
    case 'group':
      return `/groups/${id}`;
    case 'idea-jam':
      return `/jams/${id}`;
    default:
      return `/notifications/${id}`;
  }
}

/**
 * The push message of an item: a title and (unless confidential and not allowed) the excerpt, its
 * group as the collapse topic and tag, urgent announcements as `high`.
 */
export function pushMessageOf(item: DeliveryItem, language: 'en' | 'nl', policy: PushPolicy): PushMessage {
  const withContent = !item.confidential || policy.confidentialContent;
  const body = withContent && item.excerpt ? item.excerpt.slice(0, 200) : undefined;
  const topic = createHash('sha256').update(item.groupKey).digest('base64url').slice(0, 32);
  return {
    payload: { id: item.id, type: item.type, title: titleOf(item.type, language), ...(body ? { body } : {}), url: targetPath(item), tag: item.groupKey },
    ttlSeconds: policy.ttlSeconds,
    urgency: item.urgency === 'urgent' ? 'high' : 'normal',
    topic,
  };
}
