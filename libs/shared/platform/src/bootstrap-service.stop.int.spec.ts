import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { JsonLogger } from '@plein/shared/observability';
import { closedPort, steadyResources, surplusOver, testIsolation } from '@plein/shared/testing';
import { bootstrapService, type BootstrapOptions, type RunningService } from './bootstrap-service';
import type { ServiceDependencies } from './platform.module';
import type { ServiceProcessor } from './processors/service-processors';
import { KAFKA, MONGODB_CONNECTION } from './tokens';

/**
 * Whatever a service started is stopped by its close(), and by a boot that fails: no connection,
 * pool, timer or retry loop may outlive it, or a process hosting services (a test run, a rolling
 * deploy's SIGTERM) never ends by itself. Checked on the process's active resources (sockets,
 * timers) against a baseline taken before the boot, with the real servers.
 */
const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const MONGODB_URI = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
/** How long what a stop closed may take to be gone (sockets end on the next turns of the loop). */
const RELEASE_WITHIN_MS = 15_000;

const quiet = () => new JsonLogger({ service: 'stop-test', level: 'fatal', write: () => undefined });

function boot(module: BootstrapOptions['module'], dependencies: ServiceDependencies, processors?: BootstrapOptions['processors']): Promise<RunningService> {
  return bootstrapService({
    service: { name: 'stop-test', http: { host: '127.0.0.1', port: 0 }, logLevel: 'fatal' } as never,
    dependencies,
    module,
    logger: quiet(),
    handleSignals: false,
    ...(processors ? { processors } : {}),
  });
}

function dependencies(isolation = testIsolation('stopping')): ServiceDependencies {
  return {
    mongodb: { uri: MONGODB_URI, database: isolation.database },
    kafka: { brokers: BROKERS, clientId: isolation.serviceName, topicPrefix: isolation.prefix },
  };
}

/** Resources by type beyond the baseline that stay (in every sample) after `ms`; {} once all is released. */
async function leftOver(baseline: Record<string, number>, ms = RELEASE_WITHIN_MS): Promise<Record<string, number>> {
  let surplus = surplusOver(baseline, await steadyResources());
  for (const deadline = Date.now() + ms; Object.keys(surplus).length > 0 && Date.now() < deadline; ) {
    surplus = surplusOver(baseline, await steadyResources());
  }
  return surplus;
}

/** A module whose infrastructure provider uses both clients, then fails (an index build timing out at boot). */
function failingInfrastructure(uses: { mongo: Connection | undefined; kafkaConnected: boolean }): DynamicModule {
  @Module({})
  class FailingModule {}
  return {
    module: FailingModule,
    providers: [
      {
        provide: 'infrastructure',
        useFactory: async (connection: Connection, kafka: Kafka) => {
          uses.mongo = connection;
          await connection.asPromise();
          await connection.db!.admin().command({ ping: 1 });
          const admin = kafka.admin();
          await admin.connect();
          uses.kafkaConnected = true;
          throw new Error('index build timed out');
        },
        inject: [MONGODB_CONNECTION, KAFKA],
      },
    ],
  };
}

@Module({})
class IdleModule {}

describe('bootstrapService stops everything it started (real MongoDB and Kafka)', () => {
  let baseline: Record<string, number>;

  beforeAll(async () => {
    // Warm what stays loaded for the process anyway (module caches, lazy singletons), then measure.
    const warm = await boot(IdleModule, dependencies());
    await warm.close();
    baseline = await steadyResources();
  }, 60_000);

  it('closes the clients the providers opened when the app fails while Nest creates it', async () => {
    const uses = { mongo: undefined as Connection | undefined, kafkaConnected: false };
    await expect(boot(failingInfrastructure(uses), dependencies())).rejects.toThrow('index build timed out');
    // The failure came after both clients were really in use.
    expect(uses.kafkaConnected).toBe(true);
    expect(uses.mongo?.readyState).toBe(0); // disconnected
    expect(await leftOver(baseline)).toEqual({});
  }, 60_000);

  it('closes the clients when a module init fails after the app was created (before it listens)', async () => {
    let consumerConnected = false;
    @Injectable()
    class Warmer implements OnModuleInit {
      constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}
      async onModuleInit(): Promise<void> {
        const consumer = this.kafka.consumer({ groupId: `${testIsolation('stopping').prefix}warmer` });
        await consumer.connect();
        consumerConnected = true;
        throw new Error('read model warm-up failed');
      }
    }
    @Module({ providers: [Warmer] })
    class WarmingModule {}
    await expect(boot(WarmingModule, dependencies())).rejects.toThrow('read model warm-up failed');
    expect(consumerConnected).toBe(true);
    expect(await leftOver(baseline)).toEqual({});
  }, 60_000);

  it('closes the MongoDB client of a boot that failed waiting for an unreachable server', async () => {
    const isolation = testIsolation('stopping');
    const unreachable = { ...dependencies(isolation), mongodb: { uri: `mongodb://127.0.0.1:${await closedPort()}`, database: isolation.database } };
    @Module({
      providers: [
        {
          provide: 'infrastructure',
          // As the services' infrastructure providers do: the read models need the database at boot.
          useFactory: async (connection: Connection) => connection.asPromise(),
          inject: [MONGODB_CONNECTION],
        },
      ],
    })
    class NeedsDatabase {}
    await expect(boot(NeedsDatabase, unreachable)).rejects.toThrow();
    expect(await leftOver(baseline)).toEqual({});
  }, 60_000);

  it('close() cancels the retry of a processor whose first start failed, and ends what that start had opened', async () => {
    let attempts = 0;
    @Injectable()
    class Consumers {
      constructor(@Inject(KAFKA) readonly kafka: Kafka) {}
    }
    @Module({ providers: [Consumers] })
    class ConsumerModule {}
    const isolation = testIsolation('stopping');
    const processor = (app: { get<T>(type: new (...args: never[]) => T): T }): ServiceProcessor => ({
      name: 'consumer',
      // Connects a consumer, then fails (a topic missing); its stop has nothing to end (as a start that failed before keeping the consumer).
      start: async () => {
        attempts++;
        const consumer = app.get(Consumers).kafka.consumer({ groupId: `${isolation.prefix}group` });
        await consumer.connect();
        throw new Error('topic missing');
      },
      stop: async () => undefined,
    });
    const service = await boot(ConsumerModule, dependencies(isolation), (app) => [processor(app)]);
    await service.processors.started;
    expect(attempts).toBe(1);
    expect(service.processors.running).toBe(false);
    await service.close();
    expect(await leftOver(baseline)).toEqual({});
    // Well past the retry pause (5 s): no start after the close.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(attempts).toBe(1);
  }, 60_000);

  it('close() of a service that runs leaves nothing behind', async () => {
    const service = await boot(IdleModule, dependencies());
    await service.close();
    expect(await leftOver(baseline)).toEqual({});
  }, 60_000);
});
