/**
 * The `profiles-v<N>` index: settings (analysis) and mappings. Every analysis component here has
 * Elasticsearch's standard name and settings (analysis-common in production, the plein-dev plugin
 * locally: tools/infra/elasticsearch/plein-dev-plugin).
 *
 * Text fields are indexed three times: the field itself (standard tokens, lowercased, accents
 * folded: names, exact words, typo tolerance), `.nl` (Dutch stop words and stemmer:
 * "ontwikkelaars" finds "ontwikkelaar") and `.en` (English: "developers" finds "developer").
 * Synonyms (`synonym_graph`) apply at search time only, so one index definition serves every
 * rule set; the rules are part of the index settings and change with a blue-green reindex
 * (docs/profiles/search.md). Dutch compounds: the `.nl` analysis also splits a word into the
 * parts found in a word list (`dictionary_decompounder`, index and search time, parts at the
 * compound's position and offsets): "kubernetesbeheer" finds "kubernetes" and the reverse.
 */

/**
 * Version of this definition, stored in the index's `_meta.definition`. Raise it with every change
 * of the settings or mappings: at start-up an active index of an older definition is rebuilt,
 * blue-green (docs/profiles/search.md). 2: Dutch compounds.
 */
export const PROFILES_INDEX_DEFINITION = 2;

/**
 * Built-in Dutch compound parts: common parts of Dutch job titles and skills (roles, domains),
 * hand-picked for this index and kept short on purpose (the taxonomy adds the organisation's own
 * terms). Only parts of 4 letters or more: shorter ones split ordinary words.
 */
export const DUTCH_COMPOUND_PARTS: readonly string[] = [
  'adviseur', 'advies', 'analist', 'applicatie', 'architect', 'beheer', 'beheerder', 'beleid', 'bouw',
  'data', 'dienst', 'dienstverlening', 'financien', 'functioneel', 'hoofd', 'informatie', 'inkoop',
  'klantenservice', 'kwaliteit', 'leider', 'leiding', 'management', 'manager',
  'medewerker', 'netwerk', 'ontwerp', 'ontwerper', 'ontwikkelaar', 'ontwikkeling', 'personeel',
  'planner', 'planning', 'platform', 'project', 'proces', 'programma', 'receptie', 'secretaris',
  'service', 'software', 'specialist', 'systeem', 'team', 'techniek', 'technisch', 'tester',
  'verkoop', 'zaken',
];

/** At most this many compound parts from the taxonomy (the index settings stay small). */
const MAX_TAXONOMY_PARTS = 2000;
const COMPOUND_PART = /^[a-z]{4,20}$/;

/**
 * The decompounder's word list: the built-in parts plus every single word of the taxonomy's
 * rules (labels, ids, synonyms) of 4 to 20 letters, lowercase and accents folded as the filter
 * sees them; bounded, sorted.
 */
export function compoundParts(rules: readonly SynonymRule[]): string[] {
  const fromTaxonomy = new Set<string>();
  for (const rule of rules) {
    for (const word of [rule.term, ...rule.synonyms]) {
      for (const part of ruleWord(word).normalize('NFD').replace(/[\u0300-\u036f]/g, '').split(' ')) {
        if (COMPOUND_PART.test(part) && fromTaxonomy.size < MAX_TAXONOMY_PARTS) fromTaxonomy.add(part);
      }
    }
  }
  return [...new Set([...DUTCH_COMPOUND_PARTS, ...fromTaxonomy])].sort();
}

/** One synonym rule: the term and the other names people type for it ("kubernetes" ← "k8s", "kube"). */
export interface SynonymRule {
  readonly term: string;
  readonly synonyms: readonly string[];
}

/** Characters with a meaning in Solr synonym rules (`,` `=>` `\`) and line breaks are dropped. */
const ruleWord = (word: string): string => word.replace(/[,\\=>\r\n]/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();

/** Equivalence rules `a, b, c`, one per term, duplicates and empty words dropped. */
export function synonymRules(rules: readonly SynonymRule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    const words = [...new Set([rule.term, ...rule.synonyms].map(ruleWord).filter((w) => w.length > 0))];
    if (words.length > 1) out.add(words.join(', '));
  }
  return [...out].sort();
}

export const TEXT_ANALYZER = 'plein_text';
export const TEXT_SEARCH_ANALYZER = 'plein_text_search';

const textField = (boostless = false) => ({
  type: 'text',
  analyzer: TEXT_ANALYZER,
  search_analyzer: boostless ? TEXT_ANALYZER : TEXT_SEARCH_ANALYZER,
  fields: {
    nl: { type: 'text', analyzer: 'plein_nl', search_analyzer: 'plein_nl_search' },
    en: { type: 'text', analyzer: 'plein_en', search_analyzer: 'plein_en_search' },
  },
});

/** The full index body for `indices.create`. */
export function profilesIndexDefinition(rules: readonly SynonymRule[]): { settings: Record<string, unknown>; mappings: Record<string, unknown> } {
  const synonyms = synonymRules(rules);
  return {
    settings: {
      number_of_shards: 1,
      auto_expand_replicas: '0-1',
      // A deleted person's version is remembered this long, so a late, older write cannot bring
      // them back (external versioning; Elasticsearch's default is 60 s).
      'index.gc_deletes': '1d',
      analysis: {
        filter: {
          // `lenient`: a rule whose word analyzes to nothing (a stop word) is skipped, not fatal.
          plein_synonyms: { type: 'synonym_graph', synonyms: synonyms.length > 0 ? synonyms : ['plein, plein'], lenient: true },
          plein_nl_stop: { type: 'stop', stopwords: '_dutch_' },
          // Before the stemmer (the list holds unstemmed words); the parts keep the compound's offsets, so highlights mark the whole word.
          plein_nl_decompound: { type: 'dictionary_decompounder', word_list: compoundParts(rules), min_word_size: 5, min_subword_size: 4, max_subword_size: 20, only_longest_match: false },
          plein_nl_stemmer: { type: 'stemmer', language: 'dutch' },
          plein_en_stop: { type: 'stop', stopwords: '_english_' },
          plein_en_possessive: { type: 'stemmer', language: 'possessive_english' },
          plein_en_stemmer: { type: 'stemmer', language: 'english' },
        },
        normalizer: {
          plein_keyword: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
        },
        analyzer: {
          plein_text: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
          plein_text_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'plein_synonyms'] },
          plein_nl: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'plein_nl_decompound', 'plein_nl_stop', 'plein_nl_stemmer'] },
          // Synonyms before the decompounder: a filter after synonym_graph never parses the rules.
          plein_nl_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'plein_synonyms', 'plein_nl_decompound', 'plein_nl_stop', 'plein_nl_stemmer'] },
          plein_en: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'plein_en_possessive', 'plein_en_stop', 'plein_en_stemmer'] },
          plein_en_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'plein_en_possessive', 'plein_synonyms', 'plein_en_stop', 'plein_en_stemmer'] },
        },
      },
    },
    mappings: {
      _meta: { definition: PROFILES_INDEX_DEFINITION },
      dynamic: 'strict',
      properties: {
        userId: { type: 'keyword' },
        active: { type: 'boolean' },
        name: { type: 'text', analyzer: TEXT_ANALYZER, fields: { sort: { type: 'keyword', normalizer: 'plein_keyword' } } },
        title: textField(),
        skills: textField(),
        skillKeys: { type: 'keyword', normalizer: 'plein_keyword' },
        askMeAbout: textField(),
        bio: textField(),
        languages: { type: 'keyword' },
        languageLevels: { type: 'keyword' },
        department: { type: 'keyword' },
        location: { type: 'keyword' },
        managementLevel: { type: 'keyword' },
        expertise: {
          type: 'nested',
          properties: {
            topic: { type: 'text', analyzer: TEXT_ANALYZER, search_analyzer: TEXT_SEARCH_ANALYZER, fields: { key: { type: 'keyword', normalizer: 'plein_keyword' } } },
            score: { type: 'float' },
            explanation: { type: 'text', index: false },
          },
        },
        expertiseBoost: { type: 'float' },
        revision: { type: 'long' },
      },
    },
  };
}
