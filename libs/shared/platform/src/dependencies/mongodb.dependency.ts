import type { OnApplicationShutdown } from '@nestjs/common';
import mongoose, { type Connection } from 'mongoose';
import type { MongodbConfig } from '@plein/shared/config';
import type { JsonLogger } from '@plein/shared/observability';
import { reasonOf, withTimeout, type DependencyProbe } from './dependency-probe';

/** Server selection fails fast (2 s) so requests and probes never hang on a dead server. */
const SERVER_SELECTION_TIMEOUT_MS = 2_000;
const RETRY_DELAY_MS = 5_000;

/**
 * Owns the service's mongoose connection. Once connected, the driver reconnects by itself; but a
 * failed *initial* connect is final in mongoose, so that case is retried here in the background.
 * The service therefore boots with MongoDB down and reports it through /ready instead of crashing.
 */
export class MongodbDependency implements DependencyProbe, OnApplicationShutdown {
  readonly name = 'mongodb';
  readonly connection: Connection;
  private retry: NodeJS.Timeout | undefined;
  private closing = false;
  private failures = 0;
  private connectedOnce = false;

  constructor(
    private readonly config: MongodbConfig,
    private readonly logger: JsonLogger,
  ) {
    this.connection = mongoose.createConnection();
    // Without a listener mongoose would throw connection errors as uncaught exceptions.
    this.connection.on('error', () => undefined);
    this.connection.on('disconnected', () => {
      if (this.connectedOnce && !this.closing) this.logger.warn('MongoDB disconnected', { dependency: this.name });
    });
    this.connection.on('reconnected', () => this.logger.log('MongoDB reconnected', { dependency: this.name }));
  }

  /** First connection attempt; resolves either way so boot is not blocked by a down server. */
  async connect(): Promise<void> {
    // Once closed, nothing opens the connection again (a retry already under way, a late caller).
    if (this.closing) return;
    try {
      await this.connection.openUri(this.config.uri, {
        dbName: this.config.database,
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        connectTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
      });
      if (this.failures > 0) this.logger.log('MongoDB connected', { dependency: this.name });
      this.failures = 0;
      this.connectedOnce = true;
    } catch (error) {
      if (this.closing) return;
      // One warning per outage, not one per retry.
      if (this.failures++ === 0) this.logger.warn('MongoDB unreachable; retrying in the background', { dependency: this.name, reason: reasonOf(error) });
      this.retry = setTimeout(() => void this.connect(), RETRY_DELAY_MS);
      this.retry.unref();
    }
  }

  async check(): Promise<void> {
    const db = this.connection.db;
    if (!db || this.connection.readyState !== mongoose.ConnectionStates.connected) throw new Error('not connected');
    // The signal abandons the wait for a server; withTimeout is the backstop for the /ready budget.
    await withTimeout(db.admin().command({ ping: 1 }, { signal: AbortSignal.timeout(1_300) }), 1_400);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retry);
    await this.connection.close(true).catch(() => undefined);
  }
}
