import { context, diag, DiagLogLevel, propagation, trace, type Context } from '@opentelemetry/api';
import { withoutTrailingSlashes } from '@plein/shared/kernel';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** OTLP/HTTP base URL (…:4318); `/v1/traces` is appended. Defaults to OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly otlpEndpoint?: string;
  /** Patch http and express. Must run before those modules load (tools/runtime/register.ts). */
  readonly instrument?: boolean;
  /** Extra exporters, exported synchronously (tests pass an InMemorySpanExporter). */
  readonly spanExporters?: readonly SpanExporter[];
}

export interface Telemetry {
  readonly serviceName: string;
  /** Attach an exporter after start, e.g. an InMemorySpanExporter in a test. */
  addSpanExporter(exporter: SpanExporter): void;
  /** Export what is buffered; called on service shutdown. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * TracerProviders take their processors at construction only; this one forwards to a list
 * that can grow, so a test can attach an exporter to the already-registered global provider.
 */
class FanOutSpanProcessor implements SpanProcessor {
  private readonly processors: SpanProcessor[] = [];
  add(processor: SpanProcessor): void {
    this.processors.push(processor);
  }
  onStart(span: Span, parentContext: Context): void {
    for (const p of this.processors) p.onStart(span, parentContext);
  }
  onEnd(span: ReadableSpan): void {
    for (const p of this.processors) p.onEnd(span);
  }
  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.forceFlush()));
  }
  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.shutdown()));
  }
}

/** Probes are polled constantly; tracing them would drown real traffic. */
const UNTRACED_PATHS = /^\/(?:health|ready)(?:\?|$)/;

let current: Telemetry | undefined;

/**
 * Starts tracing once per process: W3C tracecontext propagation, an AsyncLocalStorage context
 * manager, http + express instrumentation, and an OTLP/HTTP exporter only when an endpoint is
 * configured (no exporter otherwise: spans still give log lines their traceId). A second call
 * returns the running instance, because the OpenTelemetry globals can be registered only once.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (current) {
    for (const exporter of options.spanExporters ?? []) current.addSpanExporter(exporter);
    return current;
  }
  diag.setLogger({ ...console, verbose: () => undefined, debug: () => undefined }, DiagLogLevel.WARN);
  const fanOut = new FanOutSpanProcessor();
  const endpoint = options.otlpEndpoint ?? process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (endpoint && endpoint.trim() !== '') {
    const url = withoutTrailingSlashes(endpoint).replace(/(\/v1\/traces)?$/, '/v1/traces');
    fanOut.add(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) }));
  }
  for (const exporter of options.spanExporters ?? []) fanOut.add(new SimpleSpanProcessor({ exporter }));

  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    }),
    spanProcessors: [fanOut],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);

  const unregister =
    options.instrument === false
      ? () => undefined
      : registerInstrumentations({
          tracerProvider: provider,
          instrumentations: [
            new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? '') }),
            new ExpressInstrumentation(),
          ],
        });

  const telemetry: Telemetry = {
    serviceName: options.serviceName,
    addSpanExporter: (exporter) => fanOut.add(new SimpleSpanProcessor({ exporter })),
    flush: () => boundedFlush(provider),
    shutdown: async () => {
      unregister();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      current = undefined;
    },
  };
  current = telemetry;
  return telemetry;
}

/** A black-holed collector must not hold a shutdown past the orchestrator's grace period. */
const FLUSH_LIMIT_MS = 3_000;
async function boundedFlush(provider: TracerProvider): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FLUSH_LIMIT_MS);
    timer.unref();
  });
  await Promise.race([provider.forceFlush().catch(() => undefined), limit]).finally(() => clearTimeout(timer));
}

/** The running telemetry, if any; the platform flushes it on shutdown. */
export function getTelemetry(): Telemetry | undefined {
  return current;
}
