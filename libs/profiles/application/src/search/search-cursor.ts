import { createHash } from 'node:crypto';
import { ValidationError } from '@plein/shared/kernel';
import type { SearchCursor, SearchFilters } from './search-request';

/**
 * The opaque page cursor: base64url of `[score, userId, queryFingerprint]`, the last hit of the
 * page (relevance, then user id as the stable tiebreaker: Elasticsearch `search_after`). A
 * cursor that does not decode, or belongs to another query, answers 400 PROFILES.INVALID_CURSOR.
 */
export const SEARCH_CURSOR_MAX = 300;
const USER_ID_MAX = 100;

/** Same text and filters, same fingerprint (order of filter values does not matter). */
export function queryFingerprint(text: string, filters: SearchFilters): string {
  const canonical = JSON.stringify([
    text.trim().toLowerCase(),
    [...filters.skills].map((s) => s.toLowerCase()).sort(),
    filters.languages.map((l) => `${l.code}:${l.minLevel ?? ''}`).sort(),
    [...filters.departments].sort(),
    [...filters.locations].sort(),
    [...filters.managementLevels].sort(),
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.score, cursor.userId, cursor.query]), 'utf8').toString('base64url');
}

const invalid = (message: string) => new ValidationError('PROFILES.INVALID_CURSOR', [{ field: 'query.cursor', message }]);

export function decodeSearchCursor(raw: string, expectedQuery: string): SearchCursor {
  if (raw.length === 0 || raw.length > SEARCH_CURSOR_MAX || !/^[\w-]+$/.test(raw)) throw invalid('is not a cursor of this search');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor of this search');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid('is not a cursor of this search');
  const [score, userId, query] = parsed as unknown[];
  if (typeof score !== 'number' || !Number.isFinite(score) || typeof userId !== 'string' || userId.length === 0 || userId.length > USER_ID_MAX || typeof query !== 'string') {
    throw invalid('is not a cursor of this search');
  }
  if (query !== expectedQuery) throw invalid('belongs to another query or filters; start again without a cursor');
  return { score, userId, query };
}
