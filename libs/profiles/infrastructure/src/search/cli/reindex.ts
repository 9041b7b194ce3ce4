/**
 * `npm run profiles:reindex [-- --drop-delay-ms <ms>]` (docs/profiles/search.md): blue-green
 * rebuild of the profiles search index from the search source index, with the synonyms and
 * skill labels of the current taxonomy. Searches keep working throughout; the old version is
 * dropped after the delay (default 5000 ms). Connections from ELASTICSEARCH_URL and
 * ELASTICSEARCH_INDEX_PREFIX (the index and its source), MONGODB_URI, MONGODB_DB (default
 * plein_profiles) and SERVICE_NAME (default profiles) for the taxonomy, as the service reads them. Prints the report as JSON on stdout,
 * progress on stderr; exit 0 done, 1 failed (the old version keeps serving), 2 usage.
 */
import { Client } from '@elastic/elasticsearch';
import { elasticsearchConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';
import { ProjectionNotActiveError, ProjectionRegistry } from '@plein/shared/projections';
import mongoose from 'mongoose';
import { MongoTaxonomyReader } from '../../profile/read-models';
import type { TaxonomyTermDocument } from '../../profile/taxonomy.projection';
import { languageSynonyms, ProfilesSearch } from '../search-indexer';

const USAGE = 'usage: npm run profiles:reindex [-- --drop-delay-ms <0..600000>]';

export function parseReindexArgs(argv: readonly string[]): { dropDelayMs: number } {
  let dropDelayMs = 5_000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--drop-delay-ms') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0 || value > 600_000) throw new Error(`--drop-delay-ms must be an integer from 0 to 600000\n${USAGE}`);
      dropDelayMs = value;
    } else {
      throw new Error(`unknown argument ${String(arg)}\n${USAGE}`);
    }
  }
  return { dropDelayMs };
}

export async function runReindex(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  const args = parseReindexArgs(argv);
  const config = loadConfig({ service: serviceConfig({ name: 'profiles', port: 3003 }), mongodb: mongodbConfig({ database: 'plein_profiles' }), elasticsearch: elasticsearchConfig() }, env);
  const connection = await mongoose.createConnection(config.mongodb.uri, { dbName: config.mongodb.database }).asPromise();
  const client = new Client({ node: config.elasticsearch.url });
  try {
    const registry = new ProjectionRegistry(connection.db!, config.service.name);
    const taxonomy = new MongoTaxonomyReader(() => registry.activeCollection<TaxonomyTermDocument>('taxonomy'));
    const search = new ProfilesSearch({
      elasticsearch: client,
      indexPrefix: config.elasticsearch.indexPrefix,
      taxonomy: async () => {
        try {
          return await taxonomy.all();
        } catch (error) {
          // A fresh installation has no taxonomy read model yet: no taxonomy synonyms.
          if (error instanceof ProjectionNotActiveError) return [];
          throw error;
        }
      },
      extraSynonyms: languageSynonyms(),
    });
    return await search.rebuild({ dropDelayMs: args.dropDelayMs, log: (line) => process.stderr.write(`${line}\n`) });
  } finally {
    await client.close();
    await connection.close();
  }
}

if (require.main === module) {
  runReindex(process.argv.slice(2))
    .then((report) => {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = String((error as Error).message).includes('usage:') ? 2 : 1;
    });
}
