import { PleinError } from '@plein/shared/kernel';
import { SCIM_ERROR_SCHEMA, ScimError, type ScimErrorType } from './scim.errors';

export interface ScimErrorResponse {
  readonly status: number;
  readonly body: { schemas: string[]; status: string; scimType?: ScimErrorType; detail: string };
}

/**
 * Renders any error a SCIM endpoint meets as an RFC 7644 §3.12 error response. Domain errors map
 * by code and kind (IDENTITY.USERNAME_TAKEN → 409 uniqueness, invalid attributes → 400
 * invalidValue, not found → 404); anything unexpected becomes a 500 without internals.
 */
export function toScimErrorResponse(error: unknown): ScimErrorResponse {
  if (error instanceof ScimError) return response(error.status, error.detail, error.scimType);
  if (error instanceof PleinError) {
    if (error.code === 'IDENTITY.USERNAME_TAKEN' || error.code === 'IDENTITY.USER_ALREADY_EXISTS' || error.code === 'IDENTITY.GROUP_ALREADY_EXISTS') {
      return response(409, error.message, 'uniqueness');
    }
    switch (error.kind) {
      case 'validation':
        return response(400, error.message, 'invalidValue');
      case 'not-found':
        return response(404, error.message);
      case 'conflict':
        return response(409, error.message);
      case 'precondition':
        return response(412, error.message);
      case 'unauthorized':
        return response(401, error.message);
      case 'forbidden':
        return response(403, error.message);
      case 'rate-limited':
        return response(429, error.message);
      case 'unavailable':
        return response(503, error.message);
    }
  }
  return response(500, 'Internal error');
}

const response = (status: number, detail: string, scimType?: ScimErrorType): ScimErrorResponse => ({
  status,
  body: { schemas: [SCIM_ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail },
});
