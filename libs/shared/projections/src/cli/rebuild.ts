/**
 * `npm run projection:rebuild -- --catalogue <module> --projection <name> --to <N>`
 * (see docs/projections.md). Runs from the TypeScript sources through @swc-node/register.
 * Prints the RebuildReport (or the --list table) as JSON on stdout; logs go to stderr.
 * Exit codes: 0 done, 1 failed (reads unchanged unless the report says switched), 2 usage.
 */
import { Client } from '@elastic/elasticsearch';
import { elasticsearchConfig, kafkaConfig, loadConfig, mongodbConfig } from '@plein/shared/config';
import type { MessagingLogger } from '@plein/shared/messaging';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { resolve } from 'node:path';
import type { ProjectionCatalogue } from '../catalogue';
import { ProjectionRegistry } from '../projection-registry';
import { rebuildProjection } from '../rebuild-projection';
import { parseRebuildArgs, USAGE, UsageError, type RebuildCommand } from './rebuild-args';

const logger: MessagingLogger = {
  info: (msg, fields) => process.stderr.write(`${JSON.stringify({ level: 'info', msg, ...fields })}\n`),
  warn: (msg, fields) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...fields })}\n`),
  error: (msg, fields) => process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...fields })}\n`),
};

function loadCatalogue(modulePath: string): ProjectionCatalogue {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(resolve(process.cwd(), modulePath)) as { projectionCatalogue?: ProjectionCatalogue; default?: ProjectionCatalogue };
  const catalogue = loaded.projectionCatalogue ?? loaded.default;
  if (!catalogue?.service || !Array.isArray(catalogue.projections)) throw new UsageError(`${modulePath} exports no projectionCatalogue`);
  return catalogue;
}

export async function runRebuildCommand(command: RebuildCommand, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  const catalogue = loadCatalogue(command.catalogue);
  const config = loadConfig(
    {
      kafka: kafkaConfig({ clientId: `${catalogue.service}-projection-rebuild` }),
      mongodb: mongodbConfig({ database: catalogue.database ?? `plein_${catalogue.service}` }),
      elasticsearch: elasticsearchConfig(),
    },
    env,
  );
  const connection = await mongoose.createConnection(config.mongodb.uri, { dbName: config.mongodb.database }).asPromise();
  const usesElasticsearch = catalogue.projections.some((p) => p.storage === 'elasticsearch');
  const elasticsearch = usesElasticsearch ? new Client({ node: config.elasticsearch.url }) : undefined;
  try {
    const db = connection.db!;
    if (command.kind === 'list') {
      const registry = new ProjectionRegistry(db, catalogue.service);
      const names = [...new Set(catalogue.projections.map((p) => p.name))];
      return await Promise.all(
        names.map(async (name) => {
          const state = await registry.get(name);
          const defined = catalogue.projections.filter((p) => p.name === name).map((p) => p.version);
          return { name, definedVersions: defined, activeVersion: state?.activeVersion ?? null, liveVersions: state?.liveVersions ?? [], rebuilding: state?.rebuild ?? null };
        }),
      );
    }
    const projection = catalogue.projections.find((p) => p.name === command.projection && p.version === command.toVersion);
    if (!projection) {
      const known = catalogue.projections.map((p) => `${p.name} v${p.version}`).join(', ');
      throw new UsageError(`${catalogue.service} defines no ${command.projection} v${command.toVersion} (defined: ${known || 'none'})`);
    }
    return await rebuildProjection({
      kafka: new Kafka({ clientId: config.kafka.clientId, brokers: config.kafka.brokers, logLevel: logLevel.WARN }),
      service: catalogue.service,
      db,
      elasticsearch,
      contracts: catalogue.contracts,
      logger,
      projection,
      eventSource: await catalogue.eventSource({ db, connection }),
      verify: command.verify,
      dropDelayMs: command.dropDelayMs,
      catchUpTimeoutMs: command.catchUpTimeoutMs,
      breakLock: command.breakLock,
    });
  } finally {
    await connection.close();
    await elasticsearch?.close();
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const result = await runRebuildCommand(parseRebuildArgs(argv));
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    logger.error('projection rebuild failed', { code: (error as { code?: string }).code, reason: (error as Error).message, details: (error as { details?: unknown }).details });
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
