import { Kafka, logLevel, type Admin } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';

/** Connections to the local servers (`npm run infra:up`), overridable like everywhere else. */
export const KAFKA_BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
export const MONGODB_URI = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';

export const benchKafka = (clientId: string): Kafka => new Kafka({ clientId, brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });

/** One connection per component, so the round-trip profile can tell them apart. */
export async function benchConnection(dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(MONGODB_URI, { dbName, monitorCommands: true, serverSelectionTimeoutMS: 10_000 });
  return connection.asPromise();
}

/** Resolves once the group has a member with an assignment, so timing does not include the join. */
export async function waitForStableGroup(admin: Admin, groupId: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state === 'Stable' && groups[0].members.length > 0) return;
    if (Date.now() > deadline) throw new Error(`consumer group ${groupId} did not become stable within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Server versions for the report. */
export async function serverVersions(admin: Admin, connection: Connection): Promise<string> {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  const cluster = await admin.describeCluster();
  const mongo = info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion} (MongoDB wire ${info.version})` : `MongoDB ${info.version}`;
  return `${mongo}; Kafka cluster of ${cluster.brokers.length} broker(s)`;
}
