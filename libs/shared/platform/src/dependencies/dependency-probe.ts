/** A dependency the service cannot serve without; GET /ready reports each one. */
export interface DependencyProbe {
  readonly name: string;
  /** Resolves when the dependency answered a real protocol call; rejects with the reason otherwise. */
  check(): Promise<void>;
}

export class ProbeTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'ProbeTimeoutError';
  }
}

/**
 * Races `work` against a timer. The loser is not cancelled (clients offer no reliable abort), so
 * callers must make `work` end by itself soon (short client timeouts) and handle its rejection.
 */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeoutError(ms)), ms);
    timer.unref();
  });
  work.catch(() => undefined); // a late rejection after the timeout must not become unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 300);
