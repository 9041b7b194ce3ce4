/**
 * Shared set-up of the backbone tests: real Kafka and MongoDB-compatible server, unique names per
 * test (other suites run against the same servers), a counter aggregate appended through
 * handleCommand, and waiting helpers.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { fixtures, handleCommand, type MongoEventStore } from '@plein/shared/event-store';
import type { CommandMetadata } from '@plein/shared/kernel';

export const uniqueName = (prefix: string): string => `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export function testKafka(retries = 5): Kafka {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  return new Kafka({ clientId: uniqueName('backbone-'), brokers, logLevel: logLevel.NOTHING, retry: { retries } });
}

export async function testConnection(): Promise<Connection> {
  const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
  return mongoose.createConnection(uri, { dbName: uniqueName('plein_test_'), serverSelectionTimeoutMS: 10_000 }).asPromise();
}

export async function dropConnection(connection: Connection | undefined): Promise<void> {
  if (!connection) return;
  await connection.dropDatabase().catch(() => undefined);
  await connection.close().catch(() => undefined);
}

export async function cleanupKafka(admin: Admin, topics: readonly string[], groups: readonly string[]): Promise<void> {
  await admin.deleteGroups([...groups]).catch(() => undefined);
  const existing = new Set(await admin.listTopics().catch(() => [] as string[]));
  const doomed = topics.filter((t) => existing.has(t));
  if (doomed.length > 0) await admin.deleteTopics({ topics: doomed }).catch(() => undefined);
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** One `Increment` command on a counter stream, idempotent by `causationId`. */
export function increment(store: MongoEventStore, counterId: string, by: number, causationId: string, extra: Partial<CommandMetadata> = {}) {
  return handleCommand({
    store, streamId: `counter-${counterId}`, ...fixtures.counter, command: { by },
    metadata: { correlationId: `corr-${causationId}`, causationId, actorId: 'system:backbone-test', ...extra }, maxRetries: 20,
  });
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function pool<T>(tasks: readonly (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(range(Math.min(concurrency, tasks.length)).map(async () => {
    for (let i = next++; i < tasks.length; i = next++) results[i] = await tasks[i]!();
  }));
  return results;
}
