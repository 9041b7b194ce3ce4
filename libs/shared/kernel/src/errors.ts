/**
 * Base of every error the platform raises on purpose. `code` is a stable dotted identifier
 * (`FEED.POST_NOT_FOUND`); HTTP adapters map `kind` to a status and render RFC 9457 problem+json.
 */
export type ErrorKind = 'validation' | 'not-found' | 'conflict' | 'forbidden' | 'unauthorized' | 'precondition' | 'rate-limited' | 'unavailable';

export interface FieldViolation {
  /** JSON pointer-ish path of the offending input, e.g. `body.title` or `query.limit`. */
  readonly field: string;
  readonly message: string;
}

/**
 * What a problem+json answer carries beyond status, code and detail: a title specific to this
 * error and extension members (RFC 9457 section 3.2) a client acts on, e.g. `restrictedUntil`.
 * The standard members and `code` cannot be overridden by them.
 */
export interface ProblemExtras {
  readonly title?: string;
  readonly members?: Readonly<Record<string, string | number | boolean | null>>;
}

export abstract class PleinError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  /** Set by errors whose answer needs its own title or extension members. */
  readonly problem?: ProblemExtras;
  constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends PleinError {
  readonly kind = 'validation' as const;
  constructor(
    readonly code: string,
    readonly violations: readonly FieldViolation[],
    message = violations.map((v) => `${v.field}: ${v.message}`).join('; ') || 'Invalid input',
  ) {
    super(message);
  }
}

export class NotFoundError extends PleinError {
  readonly kind = 'not-found' as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ConflictError extends PleinError {
  readonly kind = 'conflict' as const;
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

export class ForbiddenError extends PleinError {
  readonly kind = 'forbidden' as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
