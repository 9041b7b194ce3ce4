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

/** The processors, each starting only once `open` resolved (a rejected open fails that start, which bootstrapService retries). */
export function openFirst(open: () => Promise<void>, processors: readonly ServiceProcessor[]): ServiceProcessor[] {
  return processors.map((processor) => ({
    name: processor.name,
    start: async () => {
      await open();
      await processor.start();
    },
    stop: () => processor.stop(),
    ...(processor.notReadyReason ? { notReadyReason: () => processor.notReadyReason!() } : {}),
  }));
}
