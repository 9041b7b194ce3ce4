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

/**
 * Throws VersionMismatchError (412) when `If-Match` (one ETag, a list of them, or `*`) does not
 * name `current` (RFC 9110 §13.1.1); else the version the write must be appended to.
 */
export function checkIfMatch(header: string | null | undefined, current: number, resource: string): number | undefined {
  const tags = (header ?? '').split(',').filter((tag) => tag.trim() !== '');
  if (tags.length === 0 || tags.some((tag) => tag.trim() === '*')) return undefined;
  const wanted = tags.map((tag) => parseIfMatch(tag) ?? -1);
  if (!wanted.includes(current)) throw new VersionMismatchError(resource, wanted[0]!, current);
  return current;
}

/** True when `If-None-Match` already names the current version (GET answers 304). */
export function notModified(header: string | null | undefined, current: number): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => parseIfMatch(tag) === current);
}
