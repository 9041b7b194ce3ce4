import { NO_SYNONYMS, type TopicSynonyms } from './topic';

/** What counts as evidence of standing on a topic, strongest first. */
export const EVIDENCE_KINDS = ['accepted-answer', 'answer', 'article', 'post', 'endorsement', 'reaction', 'declared'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Weight of one piece of evidence at age 0. Self-declared skills are weak and do not decay (they are what the person says now). */
export const EVIDENCE_WEIGHTS: Readonly<Record<EvidenceKind, number>> = {
  'accepted-answer': 5,
  answer: 2,
  article: 3,
  post: 1,
  endorsement: 2,
  reaction: 0.25,
  declared: 0.5,
};

/** One fact behind a score: a kind of evidence on a topic at a time (already visible to everyone: see docs/adr). */
export interface Evidence {
  readonly topic: string;
  readonly kind: EvidenceKind;
  readonly at: Date;
}

export interface ExpertiseSettings {
  /** Evidence loses half its weight every `halfLifeDays`. */
  readonly halfLifeDays: number;
  /** The "in the last N days" of the explanation. */
  readonly windowDays: number;
  readonly synonyms?: TopicSynonyms;
}

export type EvidenceCounts = Record<EvidenceKind, number>;

/** A person's standing on one topic, with what it is made of. */
export interface TopicStanding {
  readonly topic: string;
  /** Σ weight × 0.5^(age / halfLife), rounded to 3 decimals. */
  readonly score: number;
  /** Evidence of the last `windowDays` per kind (endorsements and the declared skill: all current ones). */
  readonly recent: EvidenceCounts;
  /** All evidence per kind. */
  readonly total: EvidenceCounts;
  readonly explanation: { readonly en: string; readonly nl: string };
}

const DAY_MS = 86_400_000;
const emptyCounts = (): EvidenceCounts => Object.fromEntries(EVIDENCE_KINDS.map((k) => [k, 0])) as EvidenceCounts;
const TIMELESS: ReadonlySet<EvidenceKind> = new Set(['declared']);
const CURRENT: ReadonlySet<EvidenceKind> = new Set(['declared', 'endorsement']);

/** Weight of one piece of evidence at `now`: evidence from the future (clock skew) counts as new. */
export function decayedWeight(kind: EvidenceKind, at: Date, now: Date, halfLifeDays: number): number {
  if (TIMELESS.has(kind)) return EVIDENCE_WEIGHTS[kind];
  const ageDays = Math.max(0, now.getTime() - at.getTime()) / DAY_MS;
  return EVIDENCE_WEIGHTS[kind] * 0.5 ** (ageDays / halfLifeDays);
}

/**
 * A person's standing per topic from their evidence: score = Σ weight × 0.5^(age/halfLife), per
 * canonical topic (synonyms merged), highest first. Pure: the clock is the caller's `now`.
 */
export function scoreExpertise(evidence: readonly Evidence[], now: Date, settings: ExpertiseSettings): TopicStanding[] {
  if (!(settings.halfLifeDays > 0)) throw new RangeError('halfLifeDays must be positive');
  const synonyms = settings.synonyms ?? NO_SYNONYMS;
  const windowStart = now.getTime() - settings.windowDays * DAY_MS;
  const byTopic = new Map<string, { score: number; recent: EvidenceCounts; total: EvidenceCounts }>();
  for (const item of evidence) {
    const topic = synonyms.canonical(item.topic);
    let entry = byTopic.get(topic);
    if (!entry) byTopic.set(topic, (entry = { score: 0, recent: emptyCounts(), total: emptyCounts() }));
    entry.score += decayedWeight(item.kind, item.at, now, settings.halfLifeDays);
    entry.total[item.kind] += 1;
    if (CURRENT.has(item.kind) || item.at.getTime() >= windowStart) entry.recent[item.kind] += 1;
  }
  return [...byTopic.entries()]
    .map(([topic, e]) => ({ topic, score: Math.round(e.score * 1000) / 1000, recent: e.recent, total: e.total, explanation: explain(topic, e.recent, settings.windowDays) }))
    .sort((a, b) => b.score - a.score || a.topic.localeCompare(b.topic));
}

type Lang = 'en' | 'nl';
const NOUNS: Record<Lang, Record<Exclude<EvidenceKind, 'endorsement' | 'reaction' | 'declared'>, [string, string]>> = {
  en: { 'accepted-answer': ['accepted answer', 'accepted answers'], answer: ['answer', 'answers'], article: ['article', 'articles'], post: ['post', 'posts'] },
  nl: { 'accepted-answer': ['geaccepteerd antwoord', 'geaccepteerde antwoorden'], answer: ['antwoord', 'antwoorden'], article: ['artikel', 'artikelen'], post: ['bericht', 'berichten'] },
};

function list(parts: readonly string[], lang: Lang): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${lang === 'en' ? 'and' : 'en'} ${parts[parts.length - 1]}`;
}

/**
 * "3 accepted answers and 2 posts on #kubernetes in the last 90 days, 12 reactions received,
 * endorsed by 4 colleagues, listed as a skill on their profile" and the same in Dutch.
 */
export function explain(topic: string, recent: EvidenceCounts, windowDays: number): { en: string; nl: string } {
  const sentence = (lang: Lang): string => {
    const content = (['accepted-answer', 'answer', 'article', 'post'] as const).filter((k) => recent[k] > 0).map((k) => `${recent[k]} ${NOUNS[lang][k][recent[k] === 1 ? 0 : 1]}`);
    const parts: string[] = [];
    if (content.length > 0) parts.push(`${list(content, lang)} ${lang === 'en' ? 'on' : 'over'} #${topic} ${lang === 'en' ? `in the last ${windowDays} days` : `in de afgelopen ${windowDays} dagen`}`);
    if (recent.reaction > 0) parts.push(lang === 'en' ? `${recent.reaction} ${recent.reaction === 1 ? 'reaction' : 'reactions'} received` : `${recent.reaction} ${recent.reaction === 1 ? 'reactie' : 'reacties'} ontvangen`);
    if (recent.endorsement > 0) {
      const who = lang === 'en' ? (recent.endorsement === 1 ? 'colleague' : 'colleagues') : recent.endorsement === 1 ? 'collega' : "collega's";
      parts.push(`${lang === 'en' ? 'endorsed by' : 'aanbevolen door'} ${recent.endorsement} ${who}${content.length === 0 ? (lang === 'en' ? ` for #${topic}` : ` voor #${topic}`) : ''}`);
    }
    if (recent.declared > 0) parts.push(lang === 'en' ? `#${topic} listed as a skill on their profile` : `#${topic} staat als vaardigheid op het profiel`);
    if (parts.length === 0) return lang === 'en' ? `earlier activity on #${topic}` : `eerdere activiteit over #${topic}`;
    const text = parts.join(', ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  return { en: sentence('en'), nl: sentence('nl') };
}
