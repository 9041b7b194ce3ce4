import type { ServiceProcessor } from './service-processors';

/**
 * A service's start-up step that its processors share (connection, indexes, topics): runs once for
 * all callers; a failed run is forgotten, so the next start (bootstrapService retries a failed
 * processor start) runs it again.
 */
export function onceUntilFailure(step: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= step().catch((error: unknown) => {
      running = null;
      throw error;
    });
    return running;
  };
}

/** Why a start whose processor was stopped while `open` ran does not go on. */
export class StoppedWhileOpeningError extends Error {
  constructor(name: string) {
    super(`processor ${name} was stopped while its start-up step ran`);
    this.name = 'StoppedWhileOpeningError';
  }
}

/**
 * The processors, each starting only once `open` resolved (a rejected open fails that start, which
 * bootstrapService retries). A processor stopped while `open` runs is not started once it resolves:
 * nothing would stop what that late start began (its consumers would outlive the service).
 */
export function openFirst(open: () => Promise<void>, processors: readonly ServiceProcessor[]): ServiceProcessor[] {
  return processors.map((processor) => {
    let stops = 0;
    return {
      name: processor.name,
      start: async () => {
        const asked = stops;
        await open();
        if (stops !== asked) throw new StoppedWhileOpeningError(processor.name);
        await processor.start();
      },
      stop: () => {
        stops++;
        return processor.stop();
      },
      ...(processor.notReadyReason ? { notReadyReason: () => processor.notReadyReason!() } : {}),
    };
  });
}
