import { PleinError } from '@plein/shared/kernel';

/**
 * An event arrived before its predecessor in the same stream (`lastSequence + 1` expected).
 * Retriable: the predecessor is usually in flight (a redelivery, a rebalance); if it never comes,
 * bounded retries send the event to the dead-letter topic, from where it is replayed after a fix.
 */
export class SequenceGapError extends PleinError {
  readonly code = 'PROJECTIONS.SEQUENCE_GAP';
  readonly kind = 'unavailable' as const;
  readonly retriable = true;
  constructor(
    readonly docId: string,
    readonly expected: number,
    readonly received: number,
  ) {
    super(`document ${docId} expects sequence ${expected}, got ${received}`, { docId, expected, received });
  }
}

export class ProjectionDefinitionError extends PleinError {
  readonly code = 'PROJECTIONS.INVALID_DEFINITION';
  readonly kind = 'precondition' as const;
}

/** No version of the projection is active yet (never built): readers cannot be served. */
export class ProjectionNotActiveError extends PleinError {
  readonly code = 'PROJECTIONS.NOT_ACTIVE';
  readonly kind = 'unavailable' as const;
}

/** A rebuild was refused or could not finish; the active version is unchanged. */
export class ProjectionRebuildError extends PleinError {
  readonly kind = 'precondition' as const;
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}
