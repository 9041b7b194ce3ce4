import type { DeliveryItem } from '../delivery/delivery';
import { escapeHtml, trimSlashes, type MailLanguage, type MailLinks, type RenderedMail } from '../mail/mail';
import { targetPath, titleOf } from '../push/push-subscription';

export type DigestFrequency = 'daily' | 'weekly';

/** Local hour at which a digest is due (daily every day, weekly on Mondays). */
export const DIGEST_HOUR = 8;
/** Most items a section lists; the rest are counted. */
export const DIGEST_SECTION_LIMIT = 10;

export interface DigestPeriod {
  /** Names the period (`daily:2026-12-07`, `weekly:2026-12-07` for the week starting that Monday): the digest's exactly-once key. */
  readonly key: string;
  /** Items created in [from, to) belong to it. */
  readonly from: Date;
  readonly to: Date;
}

interface LocalParts {
  readonly date: string;
  readonly hour: number;
  readonly weekday: number;
}

function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' }).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday'));
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')), weekday };
}

/**
 * The digest due at `now` for a person in `timeZone`, or null when none is due yet: a daily digest
 * from 08:00 local time each day, a weekly one from 08:00 on Monday (all of Monday after 08:00; a
 * runner that was down catches up then). It covers the 24 hours (7 days) before now. Pure: the
 * caller passes the clock's now.
 */
export function dueDigest(frequency: DigestFrequency, now: Date, timeZone: string): DigestPeriod | null {
  const local = localParts(now, timeZone);
  if (local.hour < DIGEST_HOUR) return null;
  if (frequency === 'weekly' && local.weekday !== 0) return null;
  const span = frequency === 'daily' ? 86_400_000 : 7 * 86_400_000;
  return { key: `${frequency}:${local.date}`, from: new Date(now.getTime() - span), to: now };
}

const QUESTION_TYPES = new Set(['expert-suggested']);
const ACKNOWLEDGEMENT_TYPES = new Set(['acknowledgement-reminder', 'acknowledgement-escalation']);

export interface DigestSection {
  readonly items: readonly DeliveryItem[];
  /** How many items the section has in all (more than listed when over DIGEST_SECTION_LIMIT). */
  readonly total: number;
}

export interface Digest {
  readonly period: DigestPeriod;
  /** What happened in my groups and on my posts. */
  readonly activity: DigestSection;
  /** Open questions I could answer. */
  readonly questions: DigestSection;
  /** Acknowledgements still pending (due, not yet given). */
  readonly acknowledgements: DigestSection;
}

const section = (items: DeliveryItem[]): DigestSection => ({ items: items.slice(0, DIGEST_SECTION_LIMIT), total: items.length });

/**
 * Sorts a person's items into the digest's sections, newest first. Items outside the period are
 * left out, except pending acknowledgements, which stay until given (the caller passes only those
 * still pending). Returns null when there is nothing to tell (no empty digest is sent).
 */
export function composeDigest(period: DigestPeriod, items: readonly DeliveryItem[]): Digest | null {
  const inPeriod = (item: DeliveryItem): boolean => {
    const at = Date.parse(item.createdAt);
    return at >= period.from.getTime() && at < period.to.getTime();
  };
  const newest = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const acknowledgements = newest.filter((i) => ACKNOWLEDGEMENT_TYPES.has(i.type) || (i.type === 'announcement' && i.dueAt !== undefined));
  const questions = newest.filter((i) => QUESTION_TYPES.has(i.type) && inPeriod(i));
  const activity = newest.filter((i) => !ACKNOWLEDGEMENT_TYPES.has(i.type) && !QUESTION_TYPES.has(i.type) && !(i.type === 'announcement' && i.dueAt !== undefined) && inPeriod(i));
  if (acknowledgements.length + questions.length + activity.length === 0) return null;
  return { period, activity: section(activity), questions: section(questions), acknowledgements: section(acknowledgements) };
}

const DIGEST_WORDS = {
  en: {
    subject: { daily: 'Your daily Plein digest', weekly: 'Your weekly Plein digest' },
    activity: 'In your groups',
    questions: 'Open questions you could answer',
    acknowledgements: 'Still waiting for your acknowledgement',
    more: (n: number) => `and ${n} more`,
    due: 'due',
    closed: '(in a closed space)',
    why: 'You receive this digest because of your notification settings.',
    unsubscribe: 'Unsubscribe from the digest',
  },
  nl: {
    subject: { daily: 'Je dagelijkse Plein-overzicht', weekly: 'Je wekelijkse Plein-overzicht' },
    activity: 'In je groepen',
    questions: 'Open vragen die jij kunt beantwoorden',
    acknowledgements: 'Wacht nog op je leesbevestiging',
    more: (n: number) => `en nog ${n}`,
    due: 'uiterlijk',
    closed: '(in een besloten omgeving)',
    why: 'Je ontvangt dit overzicht door je meldingsinstellingen.',
    unsubscribe: 'Afmelden voor het overzicht',
  },
} as const;

/**
 * The digest as mail, HTML and plain text. Confidential items show their title only; every
 * user-supplied string is escaped in the HTML part.
 */
export function renderDigestMail(digest: Digest, frequency: DigestFrequency, language: MailLanguage, links: MailLinks): RenderedMail {
  const w = DIGEST_WORDS[language];
  const base = trimSlashes(links.appUrl);
  const line = (item: DeliveryItem): { text: string; link: string } => {
    const title = titleOf(item.type, language);
    const detail = item.confidential ? w.closed : (item.excerpt ?? '');
    const due = item.dueAt ? ` (${w.due} ${item.dueAt.slice(0, 10)})` : '';
    return { text: `${title}${detail ? `: ${detail}` : ''}${due}`, link: `${base}${targetPath(item)}` };
  };
  const sections: [string, DigestSection][] = [
    [w.acknowledgements, digest.acknowledgements],
    [w.questions, digest.questions],
    [w.activity, digest.activity],
  ];
  const text: string[] = [w.subject[frequency], ''];
  const html: string[] = [];
  for (const [heading, s] of sections) {
    if (s.total === 0) continue;
    text.push(heading, '-'.repeat(heading.length));
    html.push(`<h2 style="font-size:16px">${escapeHtml(heading)}</h2>`, '<ul>');
    for (const item of s.items) {
      const l = line(item);
      text.push(`* ${l.text}`, `  ${l.link}`);
      html.push(`<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.text)}</a></li>`);
    }
    if (s.total > s.items.length) {
      text.push(`  ${w.more(s.total - s.items.length)}`);
      html.push(`<li>${escapeHtml(w.more(s.total - s.items.length))}</li>`);
    }
    text.push('');
    html.push('</ul>');
  }
  text.push('--', w.why, `${w.unsubscribe}: ${links.unsubscribeUrl}`);
  const title = w.subject[frequency];
  const page = [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.4;color:#222">',
    `<h1 style="font-size:18px">${escapeHtml(title)}</h1>`,
    ...html,
    `<p style="font-size:12px;color:#666">${escapeHtml(w.why)} <a href="${escapeHtml(links.unsubscribeUrl)}">${escapeHtml(w.unsubscribe)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: title, text: text.join('\n'), html: page };
}
