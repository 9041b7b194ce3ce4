import type { OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type Admin, type Producer, type ProducerConfig } from 'kafkajs';
import type { KafkaConfig } from '@plein/shared/config';
import type { JsonLogger } from '@plein/shared/observability';
import { withTimeout, type DependencyProbe } from './dependency-probe';
import { kafkaLogCreator } from './kafka-log';
import { KafkaSockets } from './kafka-sockets';

/** After the clients stopped, how long open connections may take to end before they are destroyed. */
const SOCKETS_GRACE_MS = 1_000;

const PROBE_TIMEOUT_MS = 1_400;

/**
 * Owns the service's kafkajs instance plus a lazily connected shared producer and admin,
 * disconnected on shutdown. Consumers are created by the messaging lib from `kafka`.
 */
export class KafkaDependency implements DependencyProbe, OnApplicationShutdown {
  readonly name = 'kafka';
  readonly kafka: Kafka;
  /**
   * A second instance without retries, with short timeouts and no logging, for the probe and for
   * best-effort clean-ups at stop. A kafkajs client that lost its broker retries with backoff
   * (and a connect ignores an admin's own retry settings) and may keep stale connections: that
   * would make /ready slow and wrong, and a clean-up at stop would keep reconnecting after the
   * app closed. A fresh admin per probe answers "can I talk to the cluster now?".
   */
  readonly oneShot: Kafka;
  /** The installation's `KAFKA_TOPIC_PREFIX`, for consumers the platform builds (the revocation feed). */
  readonly topicPrefix: string;
  /** Every connection of both instances; closed last at shutdown. */
  readonly sockets = new KafkaSockets();
  private producerConnection: Promise<Producer> | undefined;
  private adminConnection: Promise<Admin> | undefined;

  constructor(config: KafkaConfig, logger: JsonLogger) {
    this.topicPrefix = config.topicPrefix;
    this.kafka = new Kafka({ clientId: config.clientId, brokers: config.brokers, socketFactory: this.sockets.factory, logCreator: kafkaLogCreator(logger), logLevel: logLevel.WARN });
    this.oneShot = new Kafka({
      clientId: `${config.clientId}-probe`,
      brokers: config.brokers,
      socketFactory: this.sockets.factory,
      connectionTimeout: 1_000,
      requestTimeout: 1_000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
  }

  /** The shared producer (murmur2 partitioner, as Java clients use, so keys land on the same partitions). */
  producer(config: ProducerConfig = {}): Promise<Producer> {
    this.producerConnection ??= this.open(this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config }), () => {
      this.producerConnection = undefined;
    });
    return this.producerConnection;
  }

  admin(): Promise<Admin> {
    this.adminConnection ??= this.open(this.kafka.admin(), () => {
      this.adminConnection = undefined;
    });
    return this.adminConnection;
  }

  async check(): Promise<void> {
    const admin = this.oneShot.admin({ retry: { retries: 0 } });
    const probe = (async () => {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('cluster reports no brokers');
    })();
    try {
      await withTimeout(probe, PROBE_TIMEOUT_MS);
    } finally {
      // Also after a timeout: the connect may still complete later and must not leak a socket.
      void probe.finally(() => admin.disconnect().catch(() => undefined)).catch(() => undefined);
    }
  }

  /**
   * Runs after the app's workers stopped (their hooks and the microservices close come first):
   * disconnects the shared producer and admin, then closes every connection of the service's
   * Kafka clients that is still open and refuses new ones (see KafkaSockets).
   */
  async onApplicationShutdown(): Promise<void> {
    const clients = await Promise.allSettled([this.producerConnection, this.adminConnection].filter((c) => c !== undefined));
    await Promise.allSettled(clients.map((c) => (c.status === 'fulfilled' ? c.value.disconnect() : undefined)));
    await this.sockets.close(SOCKETS_GRACE_MS);
  }

  /** Connects once; a failed connect is forgotten so the next caller tries again. */
  private async open<T extends Producer | Admin>(client: T, forget: () => void): Promise<T> {
    try {
      await client.connect();
      return client;
    } catch (error) {
      forget();
      throw error;
    }
  }
}
