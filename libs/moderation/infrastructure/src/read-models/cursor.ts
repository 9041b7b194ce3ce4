import { ValidationError } from '@plein/shared/kernel';

/** Opaque page cursors: base64url of a small JSON array. A value this service did not issue answers 400 naming `query.cursor`. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends readonly ('string' | 'number')[]>(cursor: string | undefined, shape: T): { [K in keyof T]: T[K] extends 'number' ? number : string } | null {
  if (cursor === undefined) return null;
  const invalid = () => new ValidationError('MODERATION.INVALID_CURSOR', [{ field: 'query.cursor', message: 'is not a cursor of this list' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length || !parsed.every((v, i) => typeof v === shape[i])) throw invalid();
  return parsed as never;
}
