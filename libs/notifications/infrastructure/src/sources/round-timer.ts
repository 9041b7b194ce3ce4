import type { MessagingLogger } from '@plein/shared/messaging';

export interface RoundTimerSchedule {
  /** Names the round in the warning a failed round logs (`<what> round failed`). */
  readonly what: string;
  /** Default 60 s. */
  readonly intervalMs?: number;
  readonly logger?: MessagingLogger;
}

/**
 * A round of work every `intervalMs` on one replica (the timers of the sources: acknowledgement
 * reminders, jams opening and closing). A round in progress is joined, not doubled; a failed round
 * is logged and the next one tries again; `stop` waits for the round in progress.
 */
export abstract class RoundTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(private readonly schedule: RoundTimerSchedule) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce().catch((error: unknown) => this.schedule.logger?.warn(`${this.schedule.what} round failed`, { reason: String(error) })), this.schedule.intervalMs ?? 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One round at the clock's now (also for tests). */
  runOnce(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  protected abstract round(): Promise<void>;
}
