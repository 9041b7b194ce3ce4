import { parseArgs } from 'node:util';
import type { RebuildVerification } from '../rebuild-projection';

export const USAGE = `usage: npm run projection:rebuild -- --catalogue <module> --projection <name> --to <version>
         [--verify count|checksum|none] [--drop-delay-ms <ms>] [--catch-up-timeout-ms <ms>] [--break-lock]
       npm run projection:rebuild -- --catalogue <module> --list
  <module> exports \`projectionCatalogue\` (or default), e.g. apps/feed/src/projections.catalogue.ts.
  Connections come from KAFKA_BROKERS, MONGODB_URI, MONGODB_DB and ELASTICSEARCH_URL.`;

export type RebuildCommand =
  | { readonly kind: 'list'; readonly catalogue: string }
  | {
      readonly kind: 'rebuild';
      readonly catalogue: string;
      readonly projection: string;
      readonly toVersion: number;
      readonly verify: RebuildVerification;
      readonly dropDelayMs?: number;
      readonly catchUpTimeoutMs?: number;
      readonly breakLock: boolean;
    };

export class UsageError extends Error {}

export function parseRebuildArgs(argv: readonly string[]): RebuildCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        catalogue: { type: 'string' },
        projection: { type: 'string' },
        to: { type: 'string' },
        verify: { type: 'string', default: 'count' },
        'drop-delay-ms': { type: 'string' },
        'catch-up-timeout-ms': { type: 'string' },
        'break-lock': { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.catalogue) throw new UsageError('--catalogue is required');
  if (values.list) return { kind: 'list', catalogue: values.catalogue };
  if (!values.projection) throw new UsageError('--projection is required');
  const toVersion = integer('--to', values.to, 1);
  if (toVersion === undefined) throw new UsageError('--to is required');
  if (!['count', 'checksum', 'none'].includes(values.verify!)) throw new UsageError('--verify must be count, checksum or none');
  return {
    kind: 'rebuild',
    catalogue: values.catalogue,
    projection: values.projection,
    toVersion,
    verify: values.verify as RebuildVerification,
    dropDelayMs: integer('--drop-delay-ms', values['drop-delay-ms'], 0),
    catchUpTimeoutMs: integer('--catch-up-timeout-ms', values['catch-up-timeout-ms'], 1),
    breakLock: values['break-lock']!,
  };
}

function integer(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be an integer >= ${min}, got "${raw}"`);
  return value;
}
