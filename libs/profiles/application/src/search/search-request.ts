/**
 * What a profiles search asks, independent of the search engine: the free text (already reduced
 * to the words that carry meaning), the languages a natural question asked for, the facet
 * filters and the page. The HTTP layer validates the raw input into this; the Elasticsearch
 * adapter (libs/profiles/infrastructure/src/search) turns it into a query.
 */

import { LANGUAGE_LEVELS, type LanguageLevel } from '@plein/profiles/contracts';

export const SEARCH_TEXT_MAX = 200;
export const SEARCH_PAGE_MAX = 100;
export const SEARCH_PAGE_DEFAULT = 20;
/** Most values per filter parameter, and the longest value. */
export const SEARCH_FILTER_VALUES_MAX = 10;
export const SEARCH_FILTER_VALUE_MAX = 100;

export interface LanguageFilter {
  /** ISO 639-1 code, e.g. `fr`. */
  readonly code: string;
  /** At least this level; absent: any level. */
  readonly minLevel?: LanguageLevel;
}

export interface SearchFilters {
  /** Every one of these skills (exact skill label, case- and accent-insensitive). */
  readonly skills: readonly string[];
  /** Every one of these languages, each at least at its level. */
  readonly languages: readonly LanguageFilter[];
  /** Any of these departments / locations / management levels (exact values). */
  readonly departments: readonly string[];
  readonly locations: readonly string[];
  readonly managementLevels: readonly string[];
}

export interface ProfileSearchRequest {
  /** The text as typed (for the cursor's fingerprint). */
  readonly text: string;
  readonly filters: SearchFilters;
  readonly limit: number;
  /** `nextCursor` of the previous page, already decoded. */
  readonly after?: SearchCursor;
}

/** Where the previous page ended: its last hit's score and user id (the tiebreaker). */
export interface SearchCursor {
  readonly score: number;
  readonly userId: string;
  /** Fingerprint of the query it belongs to: a cursor of another query is refused. */
  readonly query: string;
}

export const EMPTY_FILTERS: SearchFilters = { skills: [], languages: [], departments: [], locations: [], managementLevels: [] };

/** The levels at or above `min`, lowest first (a filter `fr:C1` matches C1, C2 and native speakers). */
export function levelsFrom(min: LanguageLevel): readonly LanguageLevel[] {
  return LANGUAGE_LEVELS.slice(LANGUAGE_LEVELS.indexOf(min));
}
