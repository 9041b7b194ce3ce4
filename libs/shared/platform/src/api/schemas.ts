import { z } from 'zod';

/**
 * Building blocks for route declarations, so every service says the same thing the same way.
 * Each one documents what it accepts (format, lengths, ranges) in the generated OpenAPI document.
 */

/** A UUID (RFC 9562 layout), any case; handed to the handler in lower case. */
export const uuid = () => z.uuid().transform((v) => v.toLowerCase());

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * A string of `min` (0 by default) to `max` characters, counted as JSON Schema counts them (code
 * points, so an emoji is one), which is also how the domain rules count.
 */
export const text = (max: number, min = 0) =>
  z
    .string()
    .refine(
      (s) => {
        const n = codePoints(s);
        return n >= min && n <= max;
      },
      { message: min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters` },
    )
    .meta({ maxLength: max, ...(min > 0 ? { minLength: min } : {}) });

/** An RFC 3339 date-time with `Z` or an offset, e.g. 2026-05-01T09:00:00Z. */
export const dateTime = () => z.iso.datetime({ offset: true });

/** The page size of a list: an integer from 1 to `max` (100), `fallback` when absent. */
export const pageLimit = (fallback: number, max = 100) => {
  const message = `must be an integer from 1 to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(1, message).max(max, message).default(fallback).describe(`Page size, 1 to ${max}`);
};
