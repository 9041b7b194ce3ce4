import type { JsonLogger } from '@plein/shared/observability';

/** Posts a visit for a person with their access token; rejects on failure. */
export type VisitPoster = (accessToken: string) => Promise<void>;

/**
 * The visit events insights counts (`POST /v1/insights/visits`): at most one per person per UTC
 * day from this process, sent in the background on the person's behalf. A failure is logged and
 * forgotten, so a later request of that day tries again; it never affects the request that caused it.
 * Memory: one entry per person seen today, cleared when the day changes.
 */
export class VisitRecorder {
  private day = '';
  private readonly marked = new Set<string>();

  constructor(
    private readonly post: VisitPoster,
    private readonly logger: JsonLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends the person's visit unless this process already did (or is doing) so today. Answers whether it sent one. */
  record(userId: string, accessToken: string): Promise<boolean> | false {
    const today = new Date(this.now()).toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.marked.clear();
    }
    if (this.marked.has(userId)) return false;
    this.marked.add(userId);
    return this.post(accessToken).then(
      () => true,
      (error: unknown) => {
        if (this.day === today) this.marked.delete(userId);
        this.logger.warn('visit not recorded; a later request retries', { reason: error instanceof Error ? error.message : String(error) });
        return false;
      },
    );
  }
}
