import { z } from 'zod';

/**
 * Building blocks for route declarations, so every service says the same thing the same way.
 * Each one documents what it accepts (format, lengths, ranges) in the generated OpenAPI document.
 */

/** A UUID (RFC 9562 layout), any case; handed to the handler in lower case. */
export const uuid = () => z.uuid().transform((v) => v.toLowerCase());

/** A string of at most `max` characters (and at least `min`, 0 by default). */
export const text = (max: number, min = 0) => z.string().min(min).max(max);

/** An RFC 3339 date-time with `Z` or an offset, e.g. 2026-05-01T09:00:00Z. */
export const dateTime = () => z.iso.datetime({ offset: true });

/** The page size of a list: an integer from 1 to `max` (100), `fallback` when absent. */
export const pageLimit = (fallback: number, max = 100) => {
  const message = `must be an integer from 1 to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(1, message).max(max, message).default(fallback).describe(`Page size, 1 to ${max}`);
};
