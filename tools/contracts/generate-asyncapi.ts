/**
 * Writes docs/asyncapi.yaml from the contracts libs (`npm run contracts:asyncapi`).
 * `--check` only compares and exits 1 when the file is stale (for CI without Jest).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNCAPI_PATH, REGENERATE_COMMAND, renderAsyncApiYaml } from '../../test/contracts/src/asyncapi-catalog';

const root = join(__dirname, '..', '..');
const target = join(root, ASYNCAPI_PATH);
const expected = renderAsyncApiYaml();

if (process.argv.includes('--check')) {
  let actual = '';
  try {
    actual = readFileSync(target, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (actual !== expected) {
    console.error(`${ASYNCAPI_PATH} is out of date with the contracts; run \`${REGENERATE_COMMAND}\``);
    process.exit(1);
  }
  console.log(`${ASYNCAPI_PATH} is up to date`);
} else {
  writeFileSync(target, expected);
  console.log(`wrote ${ASYNCAPI_PATH}`);
}
