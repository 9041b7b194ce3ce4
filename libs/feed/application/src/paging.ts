import { ValidationError } from '@plein/shared/kernel';

/** The largest page any feed listing serves (timelines, comments, members, groups, follows, ...). */
export const MAX_PAGE_SIZE = 100;

/**
 * Every listing's page size, checked where the work is done (the application service), whatever
 * the adapter in front declares: an integer from 1 to `max`, else a validation error naming
 * `query.limit`.
 */
export function checkPageSize(limit: number, max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new ValidationError('FEED.INVALID_REQUEST', [{ field: 'query.limit', message: `must be an integer from 1 to ${max}` }]);
  return limit;
}

/**
 * A page of a listing read with one row more than the page size (`limit + 1`): `next` is the id
 * of the last item shown, and only when more follow, so paging one by one takes exactly as many
 * pages as there are items, and a cursor never names something the caller was not shown.
 */
export function pageOf<T>(rows: readonly T[], limit: number, idOf: (item: T) => string): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? idOf(items[items.length - 1]!) : null };
}
