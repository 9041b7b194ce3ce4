/**
 * The people area's pure logic (paths, the search in the URL, profile edit parsing), unit-tested
 * in Node; the views only render it.
 */

export type PeopleRoute =
  | { readonly page: 'search' }
  | { readonly page: 'profile'; readonly userId: string }
  | { readonly page: 'edit' }
  | { readonly page: 'org'; readonly userId: string | null }
  | { readonly page: 'not-found' };

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const PERSON = /^\/(people|org)\/([^/]+)$/;

/** The people area's route for a path, or null when the path is not the area's. */
export function parsePeoplePath(path: string): PeopleRoute | null {
  if (path === '/people') return { page: 'search' };
  if (path === '/profile') return { page: 'edit' };
  if (path === '/org') return { page: 'org', userId: null };
  const m = PERSON.exec(path);
  if (!m) return null;
  const id = m[2]!;
  if (!UUID.test(id)) return { page: 'not-found' };
  return m[1] === 'people' ? { page: 'profile', userId: id.toLowerCase() } : { page: 'org', userId: id.toLowerCase() };
}

export const peopleHref = {
  search: '/people',
  profile: (userId: string) => `/people/${encodeURIComponent(userId)}`,
  edit: '/profile',
  org: (userId?: string) => (userId ? `/org/${encodeURIComponent(userId)}` : '/org'),
};

/** The filters the search answers facets for, as its query parameters are named. */
export const FACETS = ['skill', 'language', 'department', 'location', 'managementLevel'] as const;
export type Facet = (typeof FACETS)[number];

export interface PeopleSearch {
  readonly q: string;
  readonly filters: Readonly<Record<Facet, readonly string[]>>;
}

const MAX_VALUES = 20;

/** The search a `/people?…` URL names: `q` and each facet as comma-separated values (the API's own form). */
export function searchFromQuery(query: URLSearchParams): PeopleSearch {
  const filters = Object.fromEntries(
    FACETS.map((f) => [
      f,
      [
        ...new Set(
          (query.get(f) ?? '')
            .split(',')
            .map((v) => v.trim())
            .filter((v) => v !== ''),
        ),
      ].slice(0, MAX_VALUES),
    ]),
  ) as Record<Facet, string[]>;
  return { q: (query.get('q') ?? '').trim(), filters };
}

function searchParams(search: PeopleSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  for (const f of FACETS) if (search.filters[f].length > 0) params.set(f, search.filters[f].join(','));
  return params;
}

/** The linkable `/people?…` URL of a search. */
export function searchHref(search: PeopleSearch): string {
  const qs = searchParams(search).toString();
  return qs ? `/people?${qs}` : '/people';
}

/** The profiles API call for a search (a page of `limit`, after `cursor`). */
export function searchApiPath(search: PeopleSearch, limit: number, cursor?: string | null): string {
  const params = searchParams(search);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return `/api/profiles/v1/profiles/search?${params.toString()}`;
}

/** True when the search asks for anything at all (an empty one shows the prompt, not everyone). */
export const isEmptySearch = (search: PeopleSearch): boolean => search.q === '' && FACETS.every((f) => search.filters[f].length === 0);

/** The search with `value` of `facet` switched on or off. */
export function toggleFilter(search: PeopleSearch, facet: Facet, value: string, on: boolean): PeopleSearch {
  const current = search.filters[facet].filter((v) => v !== value);
  return { ...search, filters: { ...search.filters, [facet]: on ? [...current, value] : current } };
}

/** A skill as the expertise topics name it (`Event storming` → `eventstorming`), as the profiles service normalises it. */
export const topicOf = (skill: string): string => skill.normalize('NFC').toLowerCase().replace(/[\s\-#.]+/gu, '');

/** Comma- or newline-separated values, trimmed, each once, blanks dropped. */
export function parseList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/u)
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ];
}

export const LANGUAGE_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

/**
 * Languages as a person types them: `fr:B2, en:native` (a code alone is `B1`). Codes are passed
 * on as typed (lower-cased): the service names a bad one at its field.
 */
export function parseLanguages(text: string): { code: string; level: string }[] {
  return parseList(text).map((entry) => {
    const [code = '', level] = entry.split(':').map((v) => v.trim());
    return { code: code.toLowerCase(), level: level ? (LANGUAGE_LEVELS.find((l) => l.toLowerCase() === level.toLowerCase()) ?? level) : 'B1' };
  });
}

export const formatLanguages = (languages: readonly { code: string; level: string }[]): string => languages.map((l) => `${l.code}:${l.level}`).join(', ');

/** Which field of the edit form a violation belongs to: `body.languages[1].code` → `languages`. */
export function editFieldOf(field: string): string {
  const name = field.startsWith('body.') ? field.slice(5) : field;
  const end = name.search(/[[.]/u);
  return end < 0 ? name : name.slice(0, end);
}

/** A taxonomy term matches typed text on its id, either label or a synonym (case-insensitive, anywhere). */
export function termMatches(term: { termId: string; labels: { en: string; nl: string }; synonyms: readonly string[] }, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return [term.termId, term.labels.en, term.labels.nl, ...term.synonyms].some((v) => v.toLowerCase().includes(needle));
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&#x2F;': '/' };

/**
 * A search highlight (HTML-escaped text with matches in `<em>`) as plain text parts, so the view
 * renders them as text: nothing in a fragment is ever read as HTML.
 */
export function highlightParts(fragment: string): { readonly text: string; readonly match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let match = false;
  for (const piece of fragment.split(/(<\/?em>)/u)) {
    if (piece === '<em>') match = true;
    else if (piece === '</em>') match = false;
    else if (piece !== '') parts.push({ text: piece.replace(/&(?:amp|lt|gt|quot|#39|#x27|#x2F);/gu, (e) => ENTITIES[e] ?? e), match });
  }
  return parts;
}

/** A language code's name in the reader's language (`fr` → `Frans` / `French`); the code when the browser has none. */
export function languageName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
