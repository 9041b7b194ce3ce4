#!/usr/bin/env node
// Scaffolds an Nx project with the workspace conventions:
//   node tools/workspace/new-project.mjs lib shared/kernel type:kernel scope:shared
//   node tools/workspace/new-project.mjs app feed type:app scope:feed
// Creates project.json (lint, typecheck, test, test-int targets from nx.json targetDefaults),
// tsconfig.json, jest.config.js, jest.int.config.js and src/index.ts (libs) when missing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectFiles } from './project-files.mjs';

const [kind, name, ...tags] = process.argv.slice(2);
if (!['lib', 'app'].includes(kind) || !name || tags.length === 0) {
  console.error('usage: new-project.mjs <lib|app> <path under libs/ or apps/> <tag>...');
  process.exit(2);
}
const root = join(kind === 'lib' ? 'libs' : 'apps', name);
const projectName = kind === 'lib' ? name.replaceAll('/', '-') : name;
const write = (file, text) => {
  const path = join(root, file);
  if (!existsSync(path)) writeFileSync(path, text);
};
mkdirSync(join(root, 'src'), { recursive: true });
for (const [file, text] of projectFiles(root, projectName, kind === 'lib' ? 'library' : 'application', tags)) write(file, text);
if (kind === 'lib') write('src/index.ts', 'export {};\n');
console.log(`${kind} ${projectName} at ${root} [${tags.join(', ')}]`);
