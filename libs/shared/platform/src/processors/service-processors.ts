import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { JsonLogger } from '@plein/shared/observability';
import type { DependencyProbe } from '../dependencies/dependency-probe';
import { reasonOf } from '../dependencies/dependency-probe';

/**
 * Something a service runs beside its HTTP API: the outbox relay, a projection host, an event
 * consumer, a timer. `bootstrapService` starts each one after the app listens, retries a start
 * that fails, reports it on GET /ready and stops it after HTTP intake and before the clients.
 */
export interface ServiceProcessor {
  /** Shown on GET /ready as `processor:<name>`; unique within the service. */
  readonly name: string;
  /** Resolves once it runs; rejects when it cannot (the start is retried every PROCESSOR_RETRY_MS). */
  start(): Promise<void>;
  /** Ends what start() began, also a start still in flight; bounded by the processor itself. */
  stop(): Promise<void>;
  /**
   * Why a started processor does not serve yet or any more (a consumer that left its group, a
   * deny-list still loading); undefined while it does. Read on every GET /ready.
   */
  notReadyReason?(): string | undefined;
}

/** Prefix of the processors' names on GET /ready, beside the dependencies and other checks. */
export const PROCESSOR_CHECK_PREFIX = 'processor:';
/** Pause before a failed start is tried again. */
export const PROCESSOR_RETRY_MS = 5_000;
/** Safety bound of one processor's stop; each kind bounds its own stop well below it. */
export const PROCESSOR_STOP_BOUND_MS = 20_000;
/**
 * How long a closed service still waits for the stops that passed their bound, once its clients
 * are closed (which makes what they still wait on fail at once): so close() returns with nothing
 * of the service still running.
 */
export const PROCESSOR_DRAIN_BOUND_MS = 10_000;

type State = { readonly kind: 'waiting' } | { readonly kind: 'starting' } | { readonly kind: 'running' } | { readonly kind: 'failed'; readonly reason: string } | { readonly kind: 'stopped' };

interface Entry {
  readonly processor: ServiceProcessor;
  state: State;
  /** The start attempt in flight, if any. */
  attempt: Promise<void> | null;
  retry: NodeJS.Timeout | undefined;
}

export interface ProcessorsOptions {
  readonly logger: JsonLogger;
  readonly retryMs?: number;
  readonly stopBoundMs?: number;
}

/**
 * Runs a service's processors: started in order once, each failed start retried in the
 * background until it runs or the service stops (a dependency down at boot does not stop the
 * service; GET /ready names the processor meanwhile); stopped all at once, each within its bound.
 */
export class ServiceProcessors {
  private readonly entries: Entry[];
  private readonly logger: JsonLogger;
  private readonly retryMs: number;
  private readonly stopBoundMs: number;
  private stopping = false;
  private firstRound: Promise<void> | null = null;
  /** Stops that passed the stop bound and still run (see `drained`). */
  private readonly overdue = new Set<Promise<void>>();

  constructor(processors: readonly ServiceProcessor[], options: ProcessorsOptions) {
    const names = new Set<string>();
    for (const { name } of processors) {
      if (names.has(name)) throw new Error(`processor ${name} is given twice`);
      names.add(name);
    }
    this.entries = processors.map((processor) => ({ processor, state: { kind: 'waiting' }, attempt: null, retry: undefined }));
    this.logger = options.logger.child('Processors');
    this.retryMs = options.retryMs ?? PROCESSOR_RETRY_MS;
    this.stopBoundMs = options.stopBoundMs ?? PROCESSOR_STOP_BOUND_MS;
  }

  get names(): readonly string[] {
    return this.entries.map((e) => e.processor.name);
  }

  /** True while every processor runs (also with none). */
  get running(): boolean {
    return this.entries.every((e) => e.state.kind === 'running');
  }

  /**
   * Settles once each processor's first start attempt has ended, in order (a failed one keeps
   * being retried in the background). Never rejects.
   */
  get started(): Promise<void> {
    return this.firstRound ?? Promise.resolve();
  }

  /** One readiness check per processor, `processor:<name>`: down unless it runs and serves. */
  readinessChecks(): DependencyProbe[] {
    return this.entries.map((entry) => ({
      name: `${PROCESSOR_CHECK_PREFIX}${entry.processor.name}`,
      check: async () => {
        const reason = this.notReadyReason(entry);
        if (reason !== undefined) throw new Error(reason);
      },
    }));
  }

  /** Starts every processor in order; returns at once (see `started`). Once only. */
  start(): void {
    if (this.firstRound || this.stopping) return;
    this.firstRound = (async () => {
      for (const entry of this.entries) {
        if (this.stopping) return;
        await this.attempt(entry);
      }
    })();
  }

  /** Stops every processor in parallel, each within the stop bound; nothing is retried afterwards. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.entries.map((entry) => this.stopOne(entry)));
  }

  /**
   * Waits (at most `boundMs`) for the stops that passed their bound in `stop()` to end: called
   * once the dependency clients are closed, when what those stops wait on (a consumer leaving a
   * group on a broker that is loading) fails fast. True when nothing is left running.
   */
  async drained(boundMs: number = PROCESSOR_DRAIN_BOUND_MS): Promise<boolean> {
    if (this.overdue.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([Promise.all([...this.overdue]).then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), boundMs)))]);
    clearTimeout(timer);
    if (!done) this.logger.warn(`${this.overdue.size} processor stops still running ${boundMs} ms after the clients closed`, { durationMs: boundMs });
    return done;
  }

  private notReadyReason(entry: Entry): string | undefined {
    switch (entry.state.kind) {
      case 'waiting':
        return 'not started yet';
      case 'starting':
        return 'starting';
      case 'failed':
        return `not running: ${entry.state.reason}; retrying every ${this.retryMs} ms`;
      case 'stopped':
        return 'stopped';
      case 'running':
        return entry.processor.notReadyReason?.();
    }
  }

  private attempt(entry: Entry): Promise<void> {
    entry.retry = undefined;
    entry.state = { kind: 'starting' };
    // A start that throws instead of rejecting is a failed start too.
    const attempt: Promise<void> = new Promise<void>((resolve) => resolve(entry.processor.start())).then(
      () => {
        if (!this.stopping) entry.state = { kind: 'running' };
      },
      (error: unknown) => {
        if (this.stopping) return;
        const reason = reasonOf(error);
        entry.state = { kind: 'failed', reason };
        this.logger.warn(`processor ${entry.processor.name} could not start; retrying`, { reason, durationMs: this.retryMs });
        entry.retry = setTimeout(() => void this.attempt(entry), this.retryMs);
      },
    );
    const tracked: Promise<void> = attempt.finally(() => {
      if (entry.attempt === tracked) entry.attempt = null;
    });
    entry.attempt = tracked;
    return tracked;
  }

  private async stopOne(entry: Entry): Promise<void> {
    clearTimeout(entry.retry);
    entry.retry = undefined;
    const inFlight = entry.attempt;
    const neverTried = entry.state.kind === 'waiting';
    entry.state = { kind: 'stopped' };
    // A failed start may have left part of itself running (a projection host with some consumers): stopped too.
    if (neverTried && !inFlight) return;
    const name = entry.processor.name;
    const work = (async () => {
      // stop() first: it ends a start in flight early; a start that still completed afterwards is stopped again.
      await entry.processor.stop().catch((error: unknown) => this.logger.warn(`processor ${name} stopped with an error`, { reason: reasonOf(error) }));
      if (inFlight) {
        await inFlight;
        await entry.processor.stop().catch(() => undefined);
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([work.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.stopBoundMs)))]);
    clearTimeout(timer);
    if (finished) return;
    this.logger.warn(`processor ${name} did not stop within ${this.stopBoundMs} ms; continuing the shutdown`, { durationMs: this.stopBoundMs });
    const overdue: Promise<void> = work.finally(() => this.overdue.delete(overdue));
    this.overdue.add(overdue);
  }
}

/**
 * Hosts ServiceProcessors in the Nest app as a transport, so `app.close()` (and SIGTERM) stops
 * them after the HTTP server has closed and before the lifecycle hooks close the clients.
 */
export class ServiceProcessorsTransport extends Server<Record<string, never>, 'running' | 'stopped'> implements CustomTransportStrategy {
  constructor(private readonly processors: ServiceProcessors) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.processors.start();
    this._status$.next('running');
    callback();
  }

  async close(): Promise<void> {
    await this.processors.stop();
    this._status$.next('stopped');
  }

  on(): void {
    throw new Error('ServiceProcessorsTransport emits no events');
  }

  unwrap<T>(): T {
    return this.processors as unknown as T;
  }
}

/** Anything with a start and a stop (an OutboxRelay, an EventProcessor, a ProjectionHost) as a named ServiceProcessor. */
export function serviceProcessor(name: string, startable: { start(): Promise<void>; stop(): Promise<void> }, notReadyReason?: () => string | undefined): ServiceProcessor {
  return { name, start: () => startable.start(), stop: () => startable.stop(), ...(notReadyReason ? { notReadyReason } : {}) };
}

/** Not ready while one of the consumers (an EventProcessor, a ProjectionHost's processors) does not run. */
export function consumersNotRunning(consumers: () => readonly { readonly group: string; readonly running: boolean }[]): () => string | undefined {
  return () => {
    const stopped = consumers().filter((c) => !c.running);
    return stopped.length === 0 ? undefined : `consumer group ${stopped.map((c) => c.group).join(', ')} not running`;
  };
}
