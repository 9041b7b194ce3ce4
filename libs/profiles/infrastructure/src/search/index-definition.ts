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
 * (docs/profiles/search.md).
 */

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
          plein_nl: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'plein_nl_stop', 'plein_nl_stemmer'] },
          plein_nl_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'plein_synonyms', 'plein_nl_stop', 'plein_nl_stemmer'] },
          plein_en: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'plein_en_possessive', 'plein_en_stop', 'plein_en_stemmer'] },
          plein_en_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'plein_en_possessive', 'plein_synonyms', 'plein_en_stop', 'plein_en_stemmer'] },
        },
      },
    },
    mappings: {
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
