import { isUuid } from '@plein/shared/kernel';

export const URL_MAX = 2_048;
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The normalised URL when it is safe to link to, else undefined. Only absolute http, https and
 * mailto URLs pass: no javascript:, data:, vbscript:, file:, protocol-relative or relative URLs,
 * no credentials (`https://trusted.example@evil.example` phishing), no whitespace or control
 * characters (browsers strip those, which is how `java\tscript:` sneaks past naive filters).
 * Entities are never decoded here, so `&#106;avascript:` does not parse as a URL at all.
 */
export function safeUrl(raw: string): string | undefined {
  if (raw.length === 0 || raw.length > URL_MAX) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && (url.username !== '' || url.password !== '' || url.hostname === '')) return undefined;
  if (url.protocol === 'mailto:' && !/^mailto:[^@/?#]+@[^@/?#]+(?:\?.*)?$/.test(url.href)) return undefined;
  const href = url.href;
  // Parentheses and angle brackets are percent-encoded so the stored Markdown stays unambiguous.
  const encoded = href.replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return encoded.length > URL_MAX ? undefined : encoded;
}

/** `attachment:<uuid>` of one of the post's attachments, lower-cased; else undefined. */
export function attachmentRef(raw: string, attachmentIds: ReadonlySet<string>): string | undefined {
  const match = /^attachment:([0-9A-Fa-f-]{36})$/.exec(raw);
  const id = match?.[1]?.toLowerCase();
  return id !== undefined && isUuid(id) && attachmentIds.has(id) ? id : undefined;
}

export const isHttpUrl = (href: string): boolean => href.startsWith('http://') || href.startsWith('https://');
