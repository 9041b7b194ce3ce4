import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationError } from '@plein/shared/kernel';

/**
 * Express error middleware placed right after the body parsers. Nest would turn a JSON syntax
 * error into a bare BadRequestException (losing the fact that the *body* is at fault); here it
 * becomes a ValidationError naming `body`. Other parser failures (too large, bad charset) keep
 * their type and status but lose the SyntaxError/statusCode shape Nest rewrites.
 */
export function bodyErrorsMiddleware(error: unknown, _req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void): void {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  if (type === 'entity.parse.failed') {
    next(new ValidationError('PLATFORM.MALFORMED_BODY', [{ field: 'body', message: 'must be valid JSON' }], 'The request body is not valid JSON'));
  } else if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500) {
    next(Object.assign(new Error(`request body rejected: ${type}`), { type, status }));
  } else {
    next(error);
  }
}
