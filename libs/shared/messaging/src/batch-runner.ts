import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { EventEnvelope } from '@plein/shared/kernel';
import { HandlerTimeoutError, type IncomingMessage, type MessagePipeline, type PipelineHooks } from './message-pipeline';
import type { BatchEventHandler, BatchHandlerContext, MessagingLogger } from './processor-types';
import { errorCode, errorMessage } from './retry-policy';
import { extractTraceContext } from './trace-context';

export interface BatchRunnerOptions {
  readonly service: string;
  readonly processor: string;
  readonly group: string;
  readonly handler: BatchEventHandler;
  readonly maxBatchSize: number;
  readonly timeoutMs: number;
  /** Heartbeat interval while waiting for a timed-out batch handler to finish. */
  readonly heartbeatEveryMs: number;
  readonly tracer: Tracer;
  readonly logger: MessagingLogger;
}

interface Ready {
  readonly message: IncomingMessage;
  readonly envelope: EventEnvelope;
  readonly headers: Record<string, string>;
}

/**
 * The batch path of EventProcessor: consecutive messages that would reach a handler go to the
 * batch handler together (up to `maxBatchSize`); anything else (a message to skip or dead-letter)
 * goes through the per-message pipeline in its place, so offset order is kept. A failed batch is
 * handled again message by message by the pipeline (retries, DLQ): the fast path never decides
 * a message's fate. Each message still gets its own CONSUMER span continuing its producer's trace.
 */
export class BatchRunner {
  constructor(
    private readonly pipeline: MessagePipeline,
    private readonly options: BatchRunnerOptions,
  ) {}

  /** `resolve(offset)`: everything up to `offset` is done. Stops early when the batch goes stale. */
  async run(messages: readonly IncomingMessage[], hooks: PipelineHooks, resolve: (offset: string) => Promise<void>): Promise<void> {
    let pending: Ready[] = [];
    const flush = async (): Promise<boolean> => {
      const run = pending;
      pending = [];
      return run.length === 0 || this.flush(run, hooks, resolve);
    };
    for (const message of messages) {
      if (!hooks.isActive()) return;
      const ready = this.pipeline.prepare(message);
      if (ready) {
        pending.push({ message, ...ready });
        if (pending.length >= this.options.maxBatchSize && !(await flush())) return;
        continue;
      }
      if (!(await flush()) || !(await this.one(message, hooks, resolve))) return;
    }
    await flush();
  }

  private async one(message: IncomingMessage, hooks: PipelineHooks, resolve: (offset: string) => Promise<void>): Promise<boolean> {
    if (!hooks.isActive()) return false;
    if ((await this.pipeline.process(message, hooks)) === 'aborted') return false;
    await resolve(message.offset);
    return true;
  }

  private async flush(run: readonly Ready[], hooks: PipelineHooks, resolve: (offset: string) => Promise<void>): Promise<boolean> {
    const { topic, partition } = run[0]!.message;
    const spans = run.map(({ message, envelope, headers }) =>
      this.options.tracer.startSpan(
        `process ${topic}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: { ...this.pipeline.spanAttributes(message, envelope, headers), 'plein.event.version': envelope.version, 'messaging.batch.message_count': run.length },
        },
        extractTraceContext(headers, envelope),
      ),
    );
    const controller = new AbortController();
    const ctx: BatchHandlerContext = { service: this.options.service, processor: this.options.processor, group: this.options.group, topic, partition, signal: controller.signal, heartbeat: () => hooks.heartbeat() };
    const work = this.options.handler(run.map((r) => r.envelope), ctx);
    try {
      await withTimeout(work, this.options.timeoutMs, controller);
    } catch (error) {
      // A timed-out batch may still be writing: let it finish first, so no document is written by
      // it and by the fallback at once (guards are only atomic where the server's updates are).
      await this.settle(work, hooks);
      for (const span of spans) {
        span.recordException(error instanceof Error ? error : new Error(errorMessage(error)));
        span.setAttribute('plein.batch.fallback', true);
        span.end();
      }
      this.options.logger.warn('batch handler failed; handling its messages one by one', {
        consumerGroup: this.options.group, topic, partition, offset: run[0]!.message.offset, count: run.length,
        code: errorCode(error, 'MESSAGING.HANDLER_FAILED'), reason: errorMessage(error),
      });
      for (const { message } of run) if (!(await this.one(message, hooks, resolve))) return false;
      return true;
    }
    for (const span of spans) {
      span.setStatus({ code: SpanStatusCode.OK });
      span.end();
    }
    this.pipeline.counters.processed += run.length;
    await resolve(run[run.length - 1]!.message.offset);
    return true;
  }

  private async settle(work: Promise<void>, hooks: PipelineHooks): Promise<void> {
    let settled = false;
    const done = work.then(
      () => void (settled = true),
      () => void (settled = true),
    );
    while (!settled) {
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, this.options.heartbeatEveryMs))]);
      if (!settled) await hooks.heartbeat().catch(() => undefined);
    }
  }
}

async function withTimeout(work: Promise<void>, ms: number, controller: AbortController): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new HandlerTimeoutError(`batch handler took longer than ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
