import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { ElasticsearchConfig, KafkaConfig, MongodbConfig, ServiceConfig } from '@plein/shared/config';
import { getTelemetry, JsonLogger } from '@plein/shared/observability';
import { API_DESCRIPTION, OpenApiController, OpenApiDocumentService } from './api/openapi.controller';
import type { ApiDescription } from './api/openapi';
import type { DependencyProbe } from './dependencies/dependency-probe';
import { ElasticsearchDependency } from './dependencies/elasticsearch.dependency';
import { KafkaDependency } from './dependencies/kafka.dependency';
import { MongodbDependency } from './dependencies/mongodb.dependency';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { ReadinessChecks } from './health/readiness-checks';
import { DEPENDENCY_PROBES, ELASTICSEARCH, KAFKA, LOGGER, MONGODB_CONNECTION, SERVICE_CONFIG } from './tokens';

/** The servers a service uses; each one given gets a client, a readiness probe and a clean close. */
export interface ServiceDependencies {
  readonly mongodb?: MongodbConfig;
  readonly kafka?: KafkaConfig;
  readonly elasticsearch?: ElasticsearchConfig;
}

export interface PlatformOptions {
  readonly service: ServiceConfig;
  readonly dependencies: ServiceDependencies;
  readonly logger: JsonLogger;
  /** The service's OpenAPI document description (GET /openapi.json). */
  readonly api?: ApiDescription;
  /** Where each dependency client is noted as soon as it exists (see DependencyClients). */
  readonly clients?: DependencyClients;
}

/**
 * The dependency clients a service created, noted as each one is built. When the app fails
 * while Nest creates it (a provider's factory or a module's init throws: a server too slow at
 * boot), there is no app whose close() would run their shutdown hooks; bootstrapService closes
 * them through this instead, so a failed boot leaves no connection, pool or timer behind.
 */
export class DependencyClients {
  private readonly created: OnApplicationShutdown[] = [];

  note<T extends OnApplicationShutdown>(client: T): T {
    this.created.push(client);
    return client;
  }

  /** Closes every client noted, the last created first (each close is idempotent and never rejects). */
  async close(): Promise<void> {
    for (const client of this.created.splice(0).reverse()) await Promise.resolve(client.onApplicationShutdown()).catch(() => undefined);
  }
}

/** Marks the start of a shutdown in the log and flushes buffered spans once the server has closed. */
class ServiceLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Inject(LOGGER) private readonly logger: JsonLogger) {}
  beforeApplicationShutdown(signal?: string): void {
    this.logger.log('Shutting down', { reason: signal ?? 'closed by the host' }, 'Lifecycle');
  }
  async onApplicationShutdown(): Promise<void> {
    await getTelemetry()
      ?.flush()
      .catch(() => undefined);
  }
}

/**
 * Global module every service imports (through bootstrapService): logger, config, dependency
 * clients under DI tokens, /health and /ready (plus the `ReadinessChecks` other modules register). Dependency classes are also injectable by type
 * (e.g. `KafkaDependency` for its lazily connected producer).
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { mongodb, kafka, elasticsearch } = options.dependencies;
    const note = <T extends OnApplicationShutdown>(client: T): T => options.clients?.note(client) ?? client;
    const providers: Provider[] = [
      { provide: LOGGER, useValue: options.logger },
      { provide: JsonLogger, useExisting: LOGGER },
      { provide: SERVICE_CONFIG, useValue: options.service },
      ServiceLifecycle,
      HealthService,
      { provide: API_DESCRIPTION, useValue: options.api ?? { title: `Plein ${options.service.name}` } },
      OpenApiDocumentService,
      ReadinessChecks,
    ];
    const probes: (typeof MongodbDependency | typeof KafkaDependency | typeof ElasticsearchDependency)[] = [];
    if (mongodb) {
      providers.push(
        {
          provide: MongodbDependency,
          useFactory: async () => {
            const dependency = note(new MongodbDependency(mongodb, options.logger.child('MongoDB')));
            await dependency.connect(); // waits for the first attempt only; see MongodbDependency
            return dependency;
          },
        },
        { provide: MONGODB_CONNECTION, useFactory: (d: MongodbDependency) => d.connection, inject: [MongodbDependency] },
      );
      probes.push(MongodbDependency);
    }
    if (kafka) {
      providers.push(
        { provide: KafkaDependency, useFactory: () => note(new KafkaDependency(kafka, options.logger)) },
        { provide: KAFKA, useFactory: (d: KafkaDependency) => d.kafka, inject: [KafkaDependency] },
      );
      probes.push(KafkaDependency);
    }
    if (elasticsearch) {
      providers.push(
        { provide: ElasticsearchDependency, useFactory: () => note(new ElasticsearchDependency(elasticsearch)) },
        { provide: ELASTICSEARCH, useFactory: (d: ElasticsearchDependency) => d.client, inject: [ElasticsearchDependency] },
      );
      probes.push(ElasticsearchDependency);
    }
    providers.push({ provide: DEPENDENCY_PROBES, useFactory: (...deps: DependencyProbe[]) => deps, inject: probes });
    return {
      module: PlatformModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: [HealthController, OpenApiController],
      providers,
      exports: providers.filter((p) => p !== ServiceLifecycle && p !== HealthService),
    };
  }
}
