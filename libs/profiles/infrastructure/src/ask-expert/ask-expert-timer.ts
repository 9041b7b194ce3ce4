import type { AskExpert } from '@plein/profiles/application';
import type { MessagingLogger } from '@plein/shared/messaging';

/**
 * Runs AskExpert.tick every `intervalMs` (no overlap: the next round is timed after the last one
 * ended). Due questions live in MongoDB (the evidence read model), so a restart loses nothing;
 * every replica may run it, the suggestion's stream makes each question's event unique.
 */
export class AskExpertTimer {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | null = null;
  private running = false;

  constructor(
    private readonly askExpert: AskExpert,
    private readonly intervalMs: number,
    private readonly logger?: MessagingLogger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.round = this.askExpert
        .tick()
        .then(() => undefined)
        .catch((error: unknown) => this.logger?.error('ask an expert round failed', { reason: String(error) }))
        .finally(() => {
          this.round = null;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }
}
