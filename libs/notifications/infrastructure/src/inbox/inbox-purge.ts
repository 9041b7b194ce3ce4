import type { MessagingLogger } from '@plein/shared/messaging';
import type { MongoInbox } from './mongo-inbox';

export interface InboxPurgeOptions {
  readonly retentionMs: number;
  readonly capPerPerson: number;
  readonly intervalMs: number;
  readonly logger?: MessagingLogger;
}

/**
 * The inbox's TTL-style purge: every `intervalMs` (and once at start) items unchanged for longer
 * than the retention go, then each person's oldest beyond the cap. Running it on several replicas
 * at once is harmless (deletes of the same rows).
 */
export class InboxPurge {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly inbox: MongoInbox,
    private readonly options: InboxPurgeOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  /** One purge round (also for tests); a round in progress is joined, not doubled. */
  runOnce(): Promise<void> {
    this.running ??= this.inbox
      .purge(this.options.retentionMs, this.options.capPerPerson)
      .then((removed) => void (removed > 0 && this.options.logger?.info('inbox purged', { removed })))
      .catch((error: unknown) => this.options.logger?.warn('inbox purge failed', { reason: String(error) }))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
