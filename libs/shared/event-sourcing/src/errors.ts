import { ConflictError, PleinError } from '@plein/shared/kernel';

/**
 * Another writer appended to the stream since it was read (or created it first). Command handlers
 * recover by re-reading and re-deciding (see handleCommand); HTTP maps it to 409.
 */
export class ConcurrencyConflictError extends ConflictError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      'EVENTSTORE.CONCURRENCY_CONFLICT',
      `Stream ${streamId} is at version ${actualVersion ?? 'none'}, expected ${expectedVersion}`,
      { streamId, expectedVersion, actualVersion },
    );
  }
}

/**
 * The append would push the stream past its configured bound. Streams must stay small (one document
 * each, MongoDB caps a document at 16 MiB): model unbounded collections as their own aggregates.
 */
export class StreamTooLargeError extends PleinError {
  readonly code = 'EVENTSTORE.STREAM_TOO_LARGE';
  readonly kind = 'conflict' as const;
  constructor(
    readonly streamId: string,
    readonly limit: { readonly events: number; readonly bytes: number },
    readonly attempted: { readonly events: number; readonly bytes: number | null },
  ) {
    super(
      `Stream ${streamId} would hold ${attempted.events} events` +
        (attempted.bytes === null ? '' : ` / ~${attempted.bytes} bytes`) +
        `; the limit is ${limit.events} events / ${limit.bytes} bytes`,
      { streamId, limit, attempted },
    );
  }
}

/** A stream id that is not `<aggregateType>-<aggregateId>`. */
export class InvalidStreamIdError extends PleinError {
  readonly code = 'EVENTSTORE.INVALID_STREAM_ID';
  readonly kind = 'validation' as const;
  constructor(readonly streamId: string) {
    super(`Stream id "${streamId}" is not <aggregateType>-<aggregateId> (the type must not contain "-")`, { streamId });
  }
}
