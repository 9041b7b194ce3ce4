import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DeliveryItem } from '../delivery/delivery';
import { targetPath, titleOf } from '../push/push-subscription';

export type MailLanguage = 'en' | 'nl';

/** The URL without its trailing slashes (a loop, not a regex: linear on any input). */
export function trimSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

/** The language of a person's mail: Dutch for `nl*` locales, English otherwise. */
export const mailLanguageOf = (locale: string | undefined): MailLanguage => (locale?.toLowerCase().startsWith('nl') ? 'nl' : 'en');

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML element content and quoted attributes: no user content reaches mail as markup. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** A rendered mail: subject, plain text and HTML (the same content). */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface MailLinks {
  /** Absolute base of the web app, e.g. https://intranet.example.org. */
  readonly appUrl: string;
  /** Absolute one-click unsubscribe URL of this mail. */
  readonly unsubscribeUrl: string;
}

const WORDS = {
  en: { open: 'Open in Plein', why: 'You receive this because of your notification settings.', unsubscribe: 'Unsubscribe from these e-mails', confidential: 'Open Plein to read it: it was shared in a closed space.', more: (n: number) => `and ${n - 1} more` },
  nl: { open: 'Openen in Plein', why: 'Je ontvangt dit door je meldingsinstellingen.', unsubscribe: 'Afmelden voor deze e-mails', confidential: 'Open Plein om het te lezen: het is gedeeld in een besloten omgeving.', more: (n: number) => `en ${n - 1} meer` },
} as const;

function layout(language: MailLanguage, title: string, bodyHtml: string, links: MailLinks): string {
  const w = WORDS[language];
  return [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.4;color:#222">',
    `<h1 style="font-size:18px">${escapeHtml(title)}</h1>`,
    bodyHtml,
    `<p style="font-size:12px;color:#666">${escapeHtml(w.why)} <a href="${escapeHtml(links.unsubscribeUrl)}">${escapeHtml(w.unsubscribe)}</a></p>`,
    '</body></html>',
  ].join('\n');
}

/**
 * The immediate mail of one item. A confidential item's excerpt never goes into mail (mail leaves
 * the organisation's systems); every user-supplied string is escaped in the HTML part.
 */
export function renderImmediateMail(item: DeliveryItem, language: MailLanguage, links: MailLinks): RenderedMail {
  const w = WORDS[language];
  const title = titleOf(item.type, language);
  const link = `${trimSlashes(links.appUrl)}${targetPath(item)}`;
  const content = item.confidential ? w.confidential : (item.excerpt ?? '');
  const count = item.actorCount > 1 ? ` (${w.more(item.actorCount)})` : '';
  const text = [`${title}${count}`, '', content, '', `${w.open}: ${link}`, '', '--', w.why, `${w.unsubscribe}: ${links.unsubscribeUrl}`].join('\n');
  const body = [content ? `<p>${escapeHtml(content)}</p>` : '', count ? `<p>${escapeHtml(count.trim())}</p>` : '', `<p><a href="${escapeHtml(link)}">${escapeHtml(w.open)}</a></p>`].join('\n');
  return { subject: `${title}${count}`, text, html: layout(language, title, body, links) };
}

/** What an unsubscribe link switches off: immediate mail of one type, or the digest. */
export interface UnsubscribeScope {
  readonly userId: string;
  readonly channel: 'email-immediate' | 'email-digest';
  /** The notification type for immediate mail; absent for the digest. */
  readonly type?: string;
}

const SEP = '.';

/**
 * A signed, login-free unsubscribe token (RFC 8058 one-click): base64url(JSON scope) + "." +
 * HMAC-SHA256 over it. It only ever turns a mail channel off, so it needs no expiry; rotating the
 * secret invalidates old links.
 */
export function signUnsubscribeToken(scope: UnsubscribeScope, secret: string): string {
  const body = Buffer.from(JSON.stringify({ u: scope.userId, c: scope.channel, ...(scope.type ? { t: scope.type } : {}) })).toString('base64url');
  return `${body}${SEP}${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const TOKEN = /^([\w-]{1,2000})\.([\w-]{43})$/;

/** The scope of a valid token, or null when it is malformed or its signature does not match. */
export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeScope | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, body, mac] = match as unknown as [string, string, string];
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { u?: unknown; c?: unknown; t?: unknown };
    if (typeof parsed.u !== 'string' || (parsed.c !== 'email-immediate' && parsed.c !== 'email-digest')) return null;
    if (parsed.t !== undefined && typeof parsed.t !== 'string') return null;
    return { userId: parsed.u, channel: parsed.c, ...(typeof parsed.t === 'string' ? { type: parsed.t } : {}) };
  } catch {
    return null;
  }
}
