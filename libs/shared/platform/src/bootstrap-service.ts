import type { AddressInfo } from 'node:net';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceConfig } from '@plein/shared/config';
import { JsonLogger } from '@plein/shared/observability';
import type { ApiDescription } from './api/openapi';
import { bodyErrorsMiddleware } from './http/body-errors.middleware';
import { methodNotAllowedMiddleware, type RouterTable } from './http/method-not-allowed.middleware';
import { queryStringMiddleware, simpleQueryParser } from './http/query-string.middleware';
import { requestTimeoutMiddleware } from './http/request-timeout.middleware';
import { malformedPathMiddleware, nulCharactersMiddleware } from './http/nul-characters.middleware';
import { requestContextMiddleware } from './http/request-context.middleware';
import { DependencyClients, PlatformModule, type ServiceDependencies } from './platform.module';
import { ReadinessChecks } from './health/readiness-checks';
import { ServiceProcessors, ServiceProcessorsTransport, type ServiceProcessor } from './processors/service-processors';
import { ProblemDetailsFilter } from './problem/problem-details.filter';

export interface BootstrapOptions {
  readonly service: ServiceConfig;
  readonly dependencies: ServiceDependencies;
  /** The service's own root module (features, consumers, workers). */
  readonly module: Type | DynamicModule;
  /** Where logs go; stdout by default. */
  readonly logger?: JsonLogger;
  /**
   * Exit the process with code 0 after a SIGTERM/SIGINT shutdown. Off for in-process tests,
   * where several services share one process and the test closes them.
   */
  readonly handleSignals?: boolean;
  /**
   * Title and description of the service's OpenAPI document (GET /openapi.json), plus routes of
   * controllers that do not declare theirs with `@Endpoint`. Defaults to the service name.
   */
  readonly api?: ApiDescription;
  /**
   * What the service runs beside HTTP (outbox relay, projections, consumers, timers), built from
   * the app's providers before it listens (no lifecycle hook has run yet). Started after the app listens, reported on GET /ready as
   * `processor:<name>`, stopped by app.close() after HTTP and before the clients. None by default.
   */
  readonly processors?: (app: INestApplication) => readonly ServiceProcessor[];
  /**
   * Parse JSON and form bodies (1 MB limit) before the routes run. True by default; false for a
   * service that streams request bodies on unread (the gateway), which then bounds them itself.
   */
  readonly bodyParsers?: boolean;
}

export interface RunningService {
  readonly app: INestApplication;
  readonly logger: JsonLogger;
  readonly port: number;
  /** Base URL, e.g. http://127.0.0.1:3002 */
  readonly url: string;
  /** The processors' state: `started` settles after each one's first start attempt. */
  readonly processors: ServiceProcessors;
  close(): Promise<void>;
}

export function createServiceLogger(service: ServiceConfig): JsonLogger {
  return new JsonLogger({ service: service.name, level: service.logLevel });
}

/**
 * The one way a service starts: creates and wires the app (JSON logs, request context,
 * problem+json errors, dependency clients with /ready probes), listens, then starts its
 * processors in the background (each on /ready; a failed start is retried). Resolves once it
 * listens; `processors.started` settles after the processors' first start attempts.
 *
 * Graceful stop (app.close(), or SIGTERM/SIGINT with handleSignals): HTTP intake closes first,
 * then the processors stop (in parallel, each bounded), then the dependency clients close. A boot
 * that fails closes everything it had started the same way (also when Nest could not create the
 * app), so nothing it started outlives the rejection.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<RunningService> {
  const logger = options.logger ?? createServiceLogger(options.service);
  const clients = new DependencyClients();
  @Module({ imports: [PlatformModule.forRoot({ service: options.service, dependencies: options.dependencies, logger, api: options.api ?? { title: `Plein ${options.service.name}` }, clients }), options.module] })
  class ServiceRootModule {}

  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(ServiceRootModule, {
      logger,
      // Parsers are registered below, in order with the middleware that maps their errors.
      bodyParser: false,
      // Throw instead of process.abort() on a failed init, so runMain exits 1 with a clear log line.
      abortOnError: false,
      // Keep-alive clients must not hold shutdown open.
      forceCloseConnections: true,
    });
  } catch (error) {
    // No app, so no shutdown hooks: the clients its providers already created are closed here
    // (the Kafka sockets and the MongoDB pool also end what the service's own providers opened).
    await clients.close();
    throw error;
  }
  try {
    if (options.handleSignals !== false) app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    app.disable('x-powered-by');
    // req.ip: the TCP peer unless it is a trusted proxy (HTTP_TRUSTED_PROXIES, default none).
    app.set('trust proxy', options.service.trustedProxies ?? false);
    // One string per query parameter; repeats and a[]/a[x] forms are refused below.
    app.set('query parser', simpleQueryParser);
    app.use(requestContextMiddleware); // first, so every later failure carries the correlation id
    app.use(requestTimeoutMiddleware(options.service.requestTimeoutMs ?? 10_000, logger.child('RequestTimeout')));
    app.use(malformedPathMiddleware); // before anything decodes the path
    app.use(queryStringMiddleware);
    // Reads the route table at request time, so it sees the routes registered at init below.
    const express = app.getHttpAdapter().getInstance() as unknown as { router?: RouterTable };
    app.use(methodNotAllowedMiddleware(() => express.router));
    if (options.bodyParsers !== false) {
      app.useBodyParser('json', { limit: '1mb' });
      app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
    }
    app.use(bodyErrorsMiddleware);
    app.use(nulCharactersMiddleware);
    app.useGlobalFilters(new ProblemDetailsFilter(logger.child('ProblemDetails')));
    // Built and on /ready before the first request: /ready never answers without them.
    const processors = new ServiceProcessors(options.processors?.(app) ?? [], { logger });
    const readiness = app.get(ReadinessChecks);
    for (const check of processors.readinessChecks()) readiness.register(check);
    const { host, port } = options.service.http;
    await app.listen(port, host);
    const address = app.getHttpServer().address() as AddressInfo;
    const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
    logger.log(`${options.service.name} listening`, { url, port: address.port }, 'Bootstrap');
    // A transport of the app: app.close() stops it after the HTTP server, before the shutdown hooks close the clients.
    app.connectMicroservice({ strategy: new ServiceProcessorsTransport(processors) });
    await app.startAllMicroservices();
    // After app.close() the clients are closed, so a processor stop that passed its bound (waiting on a
    // broker that was loading, say) now fails fast: wait for it, so nothing of the service outlives close().
    const close = async (): Promise<void> => {
      await app.close();
      await processors.drained();
    };
    return { app, logger, port: address.port, url, processors, close };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
