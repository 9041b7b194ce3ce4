/**
 * Natural questions, Dutch and English: "wie spreekt Frans?", "who knows kubernetes?", "wie kan
 * helpen met Kubernetes". The question and filler words are dropped (the words that say "I am
 * looking for a colleague", not what for), and "spreekt/speaks <language>" becomes a language
 * filter instead of text. Everything else stays text for the full-text query, which does the
 * stemming, synonyms and typo tolerance.
 */

/** Language names (Dutch, English, own name; lowercase, without accents) by ISO 639-1 code. */
export const LANGUAGE_NAMES: Readonly<Record<string, readonly string[]>> = {
  nl: ['nederlands', 'dutch', 'vlaams', 'flemish'],
  en: ['engels', 'english'],
  fr: ['frans', 'french', 'francais'],
  de: ['duits', 'german', 'deutsch'],
  es: ['spaans', 'spanish', 'espanol', 'castellano'],
  it: ['italiaans', 'italian', 'italiano'],
  pt: ['portugees', 'portuguese', 'portugues'],
  pl: ['pools', 'polish', 'polski'],
  tr: ['turks', 'turkish', 'turkce'],
  ar: ['arabisch', 'arabic'],
  zh: ['chinees', 'chinese', 'mandarijn', 'mandarin'],
  ja: ['japans', 'japanese'],
  ru: ['russisch', 'russian'],
  uk: ['oekraiens', 'ukrainian'],
  hi: ['hindi'],
  sv: ['zweeds', 'swedish', 'svenska'],
  da: ['deens', 'danish', 'dansk'],
  no: ['noors', 'norwegian', 'norsk'],
  fi: ['fins', 'finnish', 'suomi'],
  el: ['grieks', 'greek'],
  ro: ['roemeens', 'romanian'],
  hu: ['hongaars', 'hungarian', 'magyar'],
  cs: ['tsjechisch', 'czech'],
  fy: ['fries', 'frisian', 'frysk'],
  pap: ['papiaments', 'papiamento'],
};
export const LANGUAGE_CODES: readonly string[] = Object.keys(LANGUAGE_NAMES);

const LANGUAGE_BY_NAME: ReadonlyMap<string, string> = new Map(Object.entries(LANGUAGE_NAMES).flatMap(([code, names]) => names.map((name) => [name, code] as const)));

/** Words that say "speaks": the language names next to them become a language filter. */
const SPEAK_WORDS = new Set(['spreekt', 'spreken', 'spreek', 'sprekend', 'sprekende', 'praat', 'praten', 'speaks', 'speak', 'speaking', 'talks', 'talk', 'language', 'languages', 'taal', 'talen']);
/** Joining words inside a list of languages: "spreekt Frans en Duits", "speaks French or German". */
const LIST_WORDS = new Set(['en', 'of', 'and', 'or', ',']);

/** Question and filler words, Dutch and English: dropped from the text. */
const QUESTION_WORDS = new Set([
  // Dutch
  'wie', 'wat', 'welke', 'welk', 'waar', 'hoe', 'is', 'zijn', 'er', 'iemand', 'mensen', 'die', 'dat', 'de', 'het', 'een', 'van', 'met', 'in', 'op', 'over', 'voor', 'om',
  'kan', 'kunnen', 'kent', 'kennen', 'weet', 'weten', 'heeft', 'hebben', 'verstand', 'ervaring', 'mij', 'me', 'ik', 'we', 'wij', 'ons', 'zoek', 'zoeken', 'gezocht',
  'helpen', 'help', 'hulp', 'expert', 'experts', 'collega', 'collegas', 'bij', 'wil', 'graag', 'veel', 'goed', 'weet', 'iets', 'vragen', 'vraag', 'beste', 'ken', 'jij', 'je',
  // English
  'who', 'whom', 'what', 'which', 'where', 'how', 'are', 'there', 'anyone', 'someone', 'somebody', 'anybody', 'people', 'the', 'a', 'an', 'with', 'on', 'about', 'for', 'to',
  'can', 'could', 'knows', 'know', 'knowing', 'has', 'have', 'experience', 'experienced', 'i', 'my', 'us', 'looking', 'look', 'find', 'need', 'helps', 'colleague',
  'colleagues', 'at', 'does', 'do', 'good', 'great', 'something', 'ask', 'best', 'you', 'please', 'that', 'knowledge', 'of', 'and', 'or', 'en',
]);

export interface ParsedQuestion {
  /** The words that carry meaning, in their original spelling, joined by spaces. */
  readonly text: string;
  /** ISO codes of the languages asked for with a "speaks" word. */
  readonly languages: readonly string[];
}

/** Lowercase, without accents (é → e), for comparing with the word lists. */
const fold = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, '');

/**
 * Splits on anything but letters, digits and the characters inside skill names (c++, c#, .net,
 * node.js, ci/cd). Leading/trailing dots and slashes are trimmed per word afterwards.
 */
const splitWords = (text: string): string[] => text.split(/[^\p{L}\p{N}+#./'’-]+/u).filter((w) => w.length > 0);
const trimWord = (word: string): string => {
  let start = 0;
  let end = word.length;
  while (start < end && (word[start] === '.' || word[start] === '/' || word[start] === '-' || word[start] === "'")) start++;
  while (end > start && (word[end - 1] === '.' || word[end - 1] === '/' || word[end - 1] === '-' || word[end - 1] === "'" || word[end - 1] === '’')) end--;
  return word.slice(start, end);
};

export function parseNaturalQuestion(input: string): ParsedQuestion {
  const words = splitWords(input).map(trimWord).filter((w) => w.length > 0);
  const folded = words.map(fold);
  const languageAt = (i: number): string | undefined => (i >= 0 && i < folded.length ? LANGUAGE_BY_NAME.get(folded[i]!) : undefined);
  const taken = new Set<number>();
  const languages: string[] = [];
  const takeLanguages = (from: number, step: 1 | -1) => {
    for (let i = from; i >= 0 && i < folded.length; i += step) {
      const code = languageAt(i);
      if (code) {
        taken.add(i);
        if (!languages.includes(code)) languages.push(code);
      } else if (!LIST_WORDS.has(folded[i]!)) break;
    }
  };
  folded.forEach((word, i) => {
    if (!SPEAK_WORDS.has(word)) return;
    taken.add(i);
    takeLanguages(i + 1, 1); // "spreekt Frans en Duits", "speaks French"
    takeLanguages(i - 1, -1); // "Frans sprekende collega", "French speaking"
  });
  const kept = words.filter((_, i) => !taken.has(i) && !QUESTION_WORDS.has(folded[i]!) && !SPEAK_WORDS.has(folded[i]!));
  // Only filler words ("help", "expert"): search them as typed rather than everything.
  if (kept.length === 0 && languages.length === 0) return { text: words.join(' '), languages };
  return { text: kept.join(' '), languages };
}
