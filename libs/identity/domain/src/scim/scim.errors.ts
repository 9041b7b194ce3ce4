import { PleinError, type ErrorKind } from '@plein/shared/kernel';

/** RFC 7644 §3.12 Table 9 `scimType` values that this library raises. */
export type ScimErrorType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

const CODES: Readonly<Record<ScimErrorType, string>> = {
  invalidFilter: 'SCIM.INVALID_FILTER',
  tooMany: 'SCIM.TOO_MANY',
  uniqueness: 'SCIM.UNIQUENESS',
  mutability: 'SCIM.MUTABILITY',
  invalidSyntax: 'SCIM.INVALID_SYNTAX',
  invalidPath: 'SCIM.INVALID_PATH',
  noTarget: 'SCIM.NO_TARGET',
  invalidValue: 'SCIM.INVALID_VALUE',
  invalidVers: 'SCIM.INVALID_VERS',
  sensitive: 'SCIM.SENSITIVE',
};

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * A request a SCIM client got wrong. SCIM endpoints render it as the SCIM error body
 * (`scimErrorBody`) rather than problem+json, because IdPs (Entra ID, Okta) parse `scimType`.
 */
export class ScimError extends PleinError {
  readonly code: string;
  readonly kind: ErrorKind;
  constructor(
    readonly scimType: ScimErrorType,
    readonly detail: string,
    /** HTTP status per RFC 7644: 400 except uniqueness (409) and sensitive (403). */
    readonly status: number = scimType === 'uniqueness' ? 409 : scimType === 'sensitive' ? 403 : 400,
  ) {
    super(detail, { scimType });
    this.code = CODES[scimType];
    this.kind = status === 409 ? 'conflict' : status === 403 ? 'forbidden' : 'validation';
  }
}

export const isScimError = (error: unknown): error is ScimError => error instanceof ScimError;

/** The RFC 7644 §3.12 error response body. */
export function scimErrorBody(error: ScimError): { schemas: string[]; status: string; scimType: ScimErrorType; detail: string } {
  return { schemas: [SCIM_ERROR_SCHEMA], status: String(error.status), scimType: error.scimType, detail: error.detail };
}
