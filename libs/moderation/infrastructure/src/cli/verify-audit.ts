/**
 * `npm run moderation:audit:verify` (docs/moderation/audit-log.md): checks the moderation audit
 * log's hash chain in the database MONGODB_URI/MONGODB_DB (default plein_moderation), with the
 * collections of SERVICE_NAME (default moderation). Prints the verification as JSON on stdout.
 * Exit codes: 0 intact, 1 an edited, removed or reordered entry was found, 2 could not check.
 */
import { loadConfig, mongodbConfig } from '@plein/shared/config';
import mongoose from 'mongoose';
import { MongoAuditLog } from '../audit/mongo-audit-log';
import { MODERATION_SERVICE } from '../moderation-topics';

export async function verifyAuditLog(env: NodeJS.ProcessEnv = process.env): Promise<Awaited<ReturnType<MongoAuditLog['verify']>>> {
  const { mongodb } = loadConfig({ mongodb: mongodbConfig({ database: 'plein_moderation' }) }, env);
  const connection = await mongoose.createConnection(mongodb.uri, { dbName: mongodb.database }).asPromise();
  try {
    return await new MongoAuditLog(connection.db!, env['SERVICE_NAME'] || MODERATION_SERVICE).verify();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  verifyAuditLog()
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exitCode = result.ok ? 0 : 1;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'audit verification could not run', reason: String(error) })}\n`);
      process.exitCode = 2;
    });
}
