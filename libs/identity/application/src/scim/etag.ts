import { VersionMismatchError } from '../errors';

/** A weak ETag for a stream version: `W/"<n>"` (the same string as `meta.version`). */
export const etagOf = (version: number): string => `W/"${version}"`;

/**
 * The version an `If-Match` header asks for: null when absent or `*`, else the number in
 * `W/"n"` or `"n"`. A header that names no version of ours can never match: -1.
 */
export function parseIfMatch(header: string | null | undefined): number | null {
  if (header === undefined || header === null || header.trim() === '' || header.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  return match ? Number(match[1]) : -1;
}

/** Throws VersionMismatchError (412) when `If-Match` names another version than `current`. */
export function checkIfMatch(header: string | null | undefined, current: number, resource: string): number | undefined {
  const wanted = parseIfMatch(header);
  if (wanted === null) return undefined;
  if (wanted !== current) throw new VersionMismatchError(resource, wanted, current);
  return wanted;
}

/** True when `If-None-Match` already names the current version (GET answers 304). */
export function notModified(header: string | null | undefined, current: number): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => parseIfMatch(tag) === current);
}
