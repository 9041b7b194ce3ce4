/** A topic as hashtags are stored by the feed: NFC, lower-case, letters/marks/digits/underscore, at least one letter. */
export const TOPIC_MAX = 64;
const TOPIC = /^(?=[\p{N}_]*\p{L})[\p{L}\p{M}\p{N}_]+$/u;
const SEPARATORS = /[\s\-#.]+/gu;

/**
 * The topic a hashtag, skill or search word stands for: `#Kubernetes`, `kubernetes` and
 * `Event storming` become `kubernetes` and `eventstorming`. Null when nothing topic-like is left
 * (only digits, punctuation, or longer than a hashtag may be).
 */
export function normaliseTopic(raw: string): string | null {
  const topic = raw.normalize('NFC').toLowerCase().replace(SEPARATORS, '');
  return topic.length > 0 && topic.length <= TOPIC_MAX && TOPIC.test(topic) ? topic : null;
}

/** Synonyms of the skills taxonomy: maps a topic to its canonical term (the identity when it has none). */
export interface TopicSynonyms {
  canonical(topic: string): string;
  /** Every topic that stands for this canonical one, itself included. */
  aliases(topic: string): string[];
}
export const NO_SYNONYMS: TopicSynonyms = { canonical: (topic) => topic, aliases: (topic) => [topic] };

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
/** Short or very common words are never topics of their own. */
const STOP_WORDS = new Set([
  'the', 'and', 'for', 'with', 'that', 'this', 'how', 'what', 'who', 'why', 'when', 'where', 'can', 'does', 'our', 'you', 'anyone', 'are', 'from', 'have', 'has', 'not', 'any', 'use', 'using',
  'een', 'het', 'de', 'die', 'dat', 'wat', 'wie', 'hoe', 'waar', 'wanneer', 'voor', 'met', 'van', 'kan', 'iemand', 'onze', 'zijn', 'heeft', 'niet', 'ook', 'maar', 'over', 'bij', 'naar',
]);

/** Topics of a question: its hashtags first, then its distinct words (3+ characters, no stop words), at most `max`. */
export function questionTopics(hashtags: readonly string[], text: string, max = 30): string[] {
  const topics: string[] = [];
  const add = (candidate: string | null) => {
    if (candidate && !topics.includes(candidate) && topics.length < max) topics.push(candidate);
  };
  for (const tag of hashtags) add(normaliseTopic(tag));
  for (const match of text.slice(0, 5_000).matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (word.length >= 3 && !STOP_WORDS.has(word)) add(normaliseTopic(word));
  }
  return topics;
}
