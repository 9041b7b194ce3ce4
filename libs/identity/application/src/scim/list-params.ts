import { compileScimFilter, resolveAttributePath, ScimError, type ResourceTypeDef } from '@plein/identity/domain';
import type { ListQuery, SortOrder } from '../ports/directory.port';

/** Page size when the client asks for none, and the most one page returns (advertised in ServiceProviderConfig). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 200;

export interface ListRequest extends ListQuery {
  readonly attributes: readonly string[];
  readonly excludedAttributes: readonly string[];
}

export type QueryParams = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Parses the query of `GET /Users` or `GET /Groups` (RFC 7644 §3.4.2): filter, startIndex,
 * count, sortBy, sortOrder, attributes, excludedAttributes. Parameter names are case-insensitive
 * in practice (Entra sends `startIndex`, some clients `startindex`). A startIndex below 1 counts
 * as 1 and a negative count as 0 (§3.4.2.4); a count above the maximum is capped.
 */
export function parseListRequest(params: QueryParams, resourceType: ResourceTypeDef, sortable: readonly string[]): ListRequest {
  const get = (name: string): string | undefined => {
    const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const filterText = get('filter');
  const filter = filterText !== undefined && filterText.trim() !== '' ? compileScimFilter(filterText, resourceType) : undefined;
  const startIndex = Math.max(1, integer(get('startIndex'), 'startIndex') ?? 1);
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, integer(get('count'), 'count') ?? DEFAULT_PAGE_SIZE));
  const sortByText = get('sortBy');
  let sortBy: string | undefined;
  if (sortByText !== undefined && sortByText.trim() !== '') {
    const target = resolveAttributePath(resourceType, sortByText.trim(), 'invalidValue');
    const path = target.kind === 'attribute' ? target.path : '';
    sortBy = sortable.find((s) => s.toLowerCase() === path.toLowerCase());
    if (!sortBy) throw new ScimError('invalidValue', `Sorting by "${sortByText}" is not supported; use one of ${sortable.join(', ')}`);
  }
  const order = (get('sortOrder') ?? 'ascending').toLowerCase();
  if (order !== 'ascending' && order !== 'descending') throw new ScimError('invalidValue', 'sortOrder must be "ascending" or "descending"');
  return {
    ...(filter ? { filter } : {}),
    startIndex,
    count,
    ...(sortBy ? { sortBy } : {}),
    sortOrder: order as SortOrder,
    ...parseSelection(params),
  };
}

/**
 * The longest `attributes` or `excludedAttributes` value, in characters: what the identity
 * OpenAPI document declares for both. A longer one is refused (400), not split and matched.
 */
export const MAX_SELECTION_LENGTH = 2_000;

/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.9) of any SCIM request, names read
 * case-insensitively; a value over MAX_SELECTION_LENGTH answers 400 invalidValue naming it.
 */
export function parseSelection(params: QueryParams): { attributes: string[]; excludedAttributes: string[] } {
  return { attributes: selection(params, 'attributes'), excludedAttributes: selection(params, 'excludedAttributes') };
}

function selection(params: QueryParams, name: 'attributes' | 'excludedAttributes'): string[] {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : params[key];
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw !== undefined && raw.length > MAX_SELECTION_LENGTH) throw new ScimError('invalidValue', `${name} is longer than ${MAX_SELECTION_LENGTH} characters`);
  return list(raw);
}

function integer(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^-?\d{1,9}$/.test(raw.trim())) throw new ScimError('invalidValue', `${name} must be an integer`);
  return Number(raw.trim());
}

const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
