import { ValidationError, type FieldViolation } from '@plein/shared/kernel';

/**
 * Thrown at boot when the environment does not describe a runnable service. Each violation's
 * `field` is the environment variable name, so an operator can fix every problem in one go
 * instead of discovering them one restart at a time. Values are never echoed: they may be secrets.
 */
export class ConfigError extends ValidationError {
  constructor(violations: readonly FieldViolation[]) {
    super(
      'CONFIG.INVALID',
      violations,
      `Invalid configuration (${violations.length} setting${violations.length === 1 ? '' : 's'}): ` +
        violations.map((v) => `${v.field} ${v.message}`).join('; '),
    );
  }

  /** Names of the offending environment variables, in schema order. */
  get settings(): string[] {
    return this.violations.map((v) => v.field);
  }
}

export const isConfigError = (error: unknown): error is ConfigError => error instanceof ConfigError;
