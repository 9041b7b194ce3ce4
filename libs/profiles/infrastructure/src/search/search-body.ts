import { levelsFrom, parseNaturalQuestion, type ProfileSearchRequest, type SearchFilters } from '@plein/profiles/application';
import { TEXT_ANALYZER } from './index-definition';

/** Facets with counts: name in the answer → keyword field and most buckets. */
export const SEARCH_FACETS = {
  skill: { field: 'skillKeys', size: 25 },
  language: { field: 'languages', size: 25 },
  languageLevel: { field: 'languageLevels', size: 50 },
  department: { field: 'department', size: 50 },
  location: { field: 'location', size: 50 },
  managementLevel: { field: 'managementLevel', size: 10 },
} as const;
export type SearchFacetName = keyof typeof SEARCH_FACETS;

/** Fields highlighted (with their `.nl`/`.en` analyses); the answer names the base field. */
export const HIGHLIGHTED_FIELDS = ['name', 'title', 'skills', 'askMeAbout', 'bio'] as const;

/** Weighted fields of the exact/stemmed/synonym clause. */
const TEXT_FIELDS = [
  'name^4',
  'title^2',
  'title.nl^2',
  'title.en^2',
  'skills^3',
  'skills.nl^3',
  'skills.en^3',
  'askMeAbout^2',
  'askMeAbout.nl^2',
  'askMeAbout.en^2',
  'bio^0.5',
  'bio.nl^0.5',
  'bio.en^0.5',
];
/** Typo tolerance: short fields only, without synonyms (a fuzzy synonym matches too much). */
const FUZZY_FIELDS = ['name^2', 'title', 'skills^1.5', 'askMeAbout'];

type Query = Record<string, unknown>;

export interface SearchBody {
  readonly body: Record<string, unknown>;
  /** The text actually searched (question words dropped), for the answer. */
  readonly text: string;
  /** Languages a natural question asked for ("spreekt Frans"), applied as filters. */
  readonly questionLanguages: readonly string[];
}

function filterClauses(filters: SearchFilters, questionLanguages: readonly string[]): Query[] {
  const clauses: Query[] = [{ term: { active: true } }];
  for (const skill of filters.skills) clauses.push({ term: { skillKeys: skill } });
  for (const language of filters.languages) {
    clauses.push(language.minLevel ? { terms: { languageLevels: levelsFrom(language.minLevel).map((level) => `${language.code}:${level}`) } } : { term: { languages: language.code } });
  }
  for (const code of questionLanguages) clauses.push({ term: { languages: code } });
  if (filters.departments.length > 0) clauses.push({ terms: { department: filters.departments } });
  if (filters.locations.length > 0) clauses.push({ terms: { location: filters.locations } });
  if (filters.managementLevels.length > 0) clauses.push({ terms: { managementLevel: filters.managementLevels } });
  return clauses;
}

function textQuery(text: string): Query {
  return {
    bool: {
      should: [
        { multi_match: { query: text, type: 'best_fields', tie_breaker: 0.3, fields: TEXT_FIELDS } },
        { multi_match: { query: text, type: 'best_fields', fields: FUZZY_FIELDS, fuzziness: 'AUTO', prefix_length: 1, max_expansions: 20, analyzer: TEXT_ANALYZER, boost: 0.5 } },
        // Evidence (the expertise part): a topic the person is known for counts like a skill.
        { nested: { path: 'expertise', score_mode: 'max', query: { match: { 'expertise.topic': { query: text } } } } },
      ],
      minimum_should_match: 1,
    },
  };
}

/**
 * The Elasticsearch search body of one request: relevance (with a mild boost by expertise
 * evidence), then user id as the stable tiebreaker for `search_after`; deactivated people are
 * filtered out whatever the index holds; facets over the matching set; highlights of why each
 * person matched.
 */
export function buildSearchBody(request: ProfileSearchRequest): SearchBody {
  const question = parseNaturalQuestion(request.text);
  const text = question.text;
  const filter = filterClauses(request.filters, question.languages);
  const query: Query = {
    function_score: {
      query: { bool: { filter, ...(text.length > 0 ? { must: [textQuery(text)] } : {}) } },
      functions: [{ field_value_factor: { field: 'expertiseBoost', modifier: 'log1p', factor: 1, missing: 0 } }],
      // Added to the text score: evidence lifts a person, never replaces matching.
      boost_mode: 'sum',
      score_mode: 'sum',
    },
  };
  const highlightFields: Record<string, unknown> = {};
  for (const field of HIGHLIGHTED_FIELDS) {
    const fragments = field === 'bio' ? { number_of_fragments: 2, fragment_size: 120 } : { number_of_fragments: 0 };
    highlightFields[field] = fragments;
    if (field !== 'name') {
      highlightFields[`${field}.nl`] = fragments;
      highlightFields[`${field}.en`] = fragments;
    }
  }
  const aggs = Object.fromEntries(Object.entries(SEARCH_FACETS).map(([name, facet]) => [name, { terms: { field: facet.field, size: facet.size } }]));
  const body: Record<string, unknown> = {
    query,
    size: request.limit,
    sort: [{ _score: 'desc' }, { userId: 'asc' }],
    track_total_hits: 10_000,
    highlight: { encoder: 'html', pre_tags: ['<em>'], post_tags: ['</em>'], require_field_match: true, fields: highlightFields },
    aggs,
    ...(request.after ? { search_after: [request.after.score, request.after.userId] } : {}),
  };
  return { body, text, questionLanguages: question.languages };
}
