import { PleinError, ValidationError } from '@plein/shared/kernel';

/** One schema failure: `instancePath` is a JSON pointer into the envelope, e.g. `/data/email`. */
export interface ContractViolation {
  /** Same as `instancePath`, or `/` for the envelope itself (kernel FieldViolation shape). */
  readonly field: string;
  readonly instancePath: string;
  readonly keyword: string;
  readonly message: string;
}

/** An envelope does not match the JSON Schema of its (type, version). Never retriable: DLQ it. */
export class ContractViolationError extends ValidationError {
  override readonly violations: readonly ContractViolation[];
  constructor(
    readonly eventType: string,
    readonly eventVersion: number,
    violations: readonly ContractViolation[],
    readonly eventId?: string,
  ) {
    super(
      'CONTRACTS.SCHEMA_VIOLATION',
      violations,
      `${eventType} v${eventVersion}${eventId ? ` (${eventId})` : ''} violates its contract: ` +
        violations.map((v) => `${v.field} ${v.message}`).join('; '),
    );
    this.violations = violations;
  }
}

/** No contract is registered for this (type, version): unknown type, or a version newer than ours. */
export class UnknownEventTypeError extends PleinError {
  readonly code = 'CONTRACTS.UNKNOWN_EVENT';
  readonly kind = 'validation' as const;
  constructor(
    readonly eventType: string,
    readonly eventVersion: number,
    readonly knownVersions: readonly number[],
  ) {
    super(
      knownVersions.length === 0
        ? `no contract for event type "${eventType}"`
        : `no contract for ${eventType} v${eventVersion} (known versions: ${knownVersions.join(', ')})`,
      { type: eventType, version: eventVersion, knownVersions },
    );
  }
}

/** An upcaster threw. The event cannot be brought to the latest version: DLQ it. */
export class UpcastFailedError extends PleinError {
  readonly code = 'CONTRACTS.UPCAST_FAILED';
  readonly kind = 'validation' as const;
  constructor(
    readonly eventType: string,
    readonly fromVersion: number,
    override readonly cause: unknown,
  ) {
    super(`upcasting ${eventType} v${fromVersion} -> v${fromVersion + 1} failed: ${(cause as Error)?.message ?? String(cause)}`, {
      type: eventType,
      fromVersion,
    });
  }
}

/** Contracts or upcasters are inconsistent (duplicate, gap in versions, bad name, example not valid). */
export class ContractDefinitionError extends PleinError {
  readonly code = 'CONTRACTS.INVALID_DEFINITION';
  readonly kind = 'precondition' as const;
  constructor(message: string) {
    super(message);
  }
}
