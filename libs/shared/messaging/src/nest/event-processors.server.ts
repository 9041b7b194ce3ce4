import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Startable } from '../processor-types';

export type EventProcessorsStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';
type Listener = (error: unknown) => void;

/**
 * Runs EventProcessors (or anything Startable, such as a ProjectionHost) inside a Nest app:
 * `app.connectMicroservice({ strategy: new EventProcessorsServer([...]) })`, started by
 * `app.startAllMicroservices()` and stopped by `app.close()`.
 *
 * Deliberately thin and not Nest's ServerKafka: ServerKafka serves every topic with one consumer
 * (one group for unrelated side effects), retries failing event handlers forever and lets a slow
 * handler outrun the session timeout. Here each processor owns its group, its bounded retries and
 * its dead-letter topic, and handlers are plain functions given to the processor (wired by the
 * app's module), not `@EventPattern` routes.
 */
export class EventProcessorsServer extends Server<Record<string, Listener>, EventProcessorsStatus> implements CustomTransportStrategy {
  private readonly started: Startable[] = [];
  private readonly errorListeners: Listener[] = [];

  constructor(private readonly processors: readonly Startable[]) {
    super();
  }

  /** Starts the processors in order; if one fails, the ones already started are stopped again. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    this._status$.next('starting');
    try {
      for (const processor of this.processors) {
        await processor.start();
        this.started.push(processor);
      }
      this._status$.next('running');
      callback();
    } catch (error) {
      await this.close();
      this._status$.next('failed');
      for (const listener of this.errorListeners) listener(error);
      callback(error);
    }
  }

  async close(): Promise<void> {
    this._status$.next('stopping');
    // In parallel (each stop waits for its in-flight message); every processor is stopped even when another fails.
    const results = await Promise.allSettled(this.started.splice(0).map((processor) => processor.stop()));
    this._status$.next('stopped');
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  on(event: string, callback: Listener): void {
    if (event !== 'error') throw new Error(`EventProcessorsServer emits only "error", not "${event}"`);
    this.errorListeners.push(callback);
  }

  unwrap<T>(): T {
    return this.processors as unknown as T;
  }
}
