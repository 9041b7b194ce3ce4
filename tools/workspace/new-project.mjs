#!/usr/bin/env node
// Scaffolds an Nx project with the workspace conventions:
//   node tools/workspace/new-project.mjs lib shared/kernel type:kernel scope:shared
//   node tools/workspace/new-project.mjs app feed type:app scope:feed
// Creates project.json (lint, typecheck, test, test-int targets from nx.json targetDefaults),
// tsconfig.json, jest.config.js, jest.int.config.js and src/index.ts (libs) when missing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [kind, name, ...tags] = process.argv.slice(2);
if (!['lib', 'app'].includes(kind) || !name || tags.length === 0) {
  console.error('usage: new-project.mjs <lib|app> <path under libs/ or apps/> <tag>...');
  process.exit(2);
}
const root = join(kind === 'lib' ? 'libs' : 'apps', name);
const projectName = kind === 'lib' ? name.replaceAll('/', '-') : name;
const up = relative(root, '.') || '.';
const write = (file, text) => {
  const path = join(root, file);
  if (!existsSync(path)) writeFileSync(path, text);
};
mkdirSync(join(root, 'src'), { recursive: true });
const targets = { lint: {}, typecheck: {}, test: {}, 'test-int': {} };
if (kind === 'app') {
  targets.build = { executor: 'nx:run-commands', options: { command: 'tsc -p tsconfig.build.json' }, cache: true, outputs: ['{workspaceRoot}/dist'] };
  targets.serve = {
    executor: 'nx:run-commands',
    dependsOn: ['build'],
    options: { command: `node -r ./dist/tools/runtime/register.js dist/apps/${name}/src/main.js` },
  };
}
write(
  'project.json',
  JSON.stringify(
    { name: projectName, $schema: `${up}/node_modules/nx/schemas/project-schema.json`, sourceRoot: `${root}/src`, projectType: kind === 'lib' ? 'library' : 'application', tags, targets },
    null,
    2,
  ) + '\n',
);
write('tsconfig.json', JSON.stringify({ extends: `${up}/tsconfig.json`, include: ['src/**/*.ts'] }, null, 2) + '\n');
write('jest.config.js', `module.exports = require('${up}/jest.preset.js').unit(__dirname, '${projectName}');\n`);
write('jest.int.config.js', `module.exports = require('${up}/jest.preset.js').int(__dirname, '${projectName}');\n`);
if (kind === 'lib') write('src/index.ts', 'export {};\n');
console.log(`${kind} ${projectName} at ${root} [${tags.join(', ')}]`);
