import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { fmt, sleep } from './measure';

/** The local servers (`npm run infra:up`), overridable like everywhere else. */
export const kafkaBrokers = (): string[] => (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
export const mongoUri = (): string => process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
export const elasticsearchUrl = (): string => process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';

/** A name part unique to this run (databases, topics, groups, index prefixes), so concurrent runs never share anything. */
export const runId = (): string => `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

export const benchKafka = (clientId: string): Kafka => new Kafka({ clientId, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });

/**
 * A connection to database `dbName` of the local MongoDB-wire server, with command monitoring on
 * (RoundTrips, profile) unless `monitorCommands: false` (a measured path that is not profiled).
 */
export async function benchConnection(dbName: string, options: { monitorCommands?: boolean } = {}): Promise<Connection> {
  return mongoose.createConnection(mongoUri(), { dbName, monitorCommands: options.monitorCommands ?? true, serverSelectionTimeoutMS: 10_000 }).asPromise();
}

/** `FerretDB 1.24 (MongoDB wire 7.0.77)` or `MongoDB 7.0.x`. */
export async function mongoVersion(connection: Connection): Promise<string> {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  return info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion} (MongoDB wire ${info.version})` : `MongoDB ${info.version}`;
}

/** The `machine:` line: cores, memory, Node, then the servers measured against (`mongoVersion`, ...). */
export function machine(...servers: string[]): string {
  return [`${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.versions.node}`, ...servers].join('; ');
}

/** Resolves once the group has a member with an assignment, so timing does not include the join. */
export async function waitForStableGroup(admin: Admin, groupId: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state === 'Stable' && groups[0].members.length > 0) return;
    if (Date.now() > deadline) throw new Error(`consumer group ${groupId} did not become stable within ${timeoutMs} ms`);
    await sleep(100);
  }
}
