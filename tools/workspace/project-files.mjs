// The files an Nx project of the workspace starts with, for new-project.mjs and new-service.mjs:
// project.json (targets lint, typecheck, test, test-int from nx.json targetDefaults; an app also
// build and serve), tsconfig.json, jest.config.js and jest.int.config.js.
// dir: the project's folder from the workspace root; kind: 'library' or 'application'.
export function projectFiles(dir, projectName, kind, tags) {
  const up = dir.split('/').map(() => '..').join('/');
  const json = (value) => JSON.stringify(value, null, 2) + '\n';
  const targets = { lint: {}, typecheck: {}, test: {}, 'test-int': {} };
  if (kind === 'application') {
    targets.build = { executor: 'nx:run-commands', options: { command: 'tsc -p tsconfig.build.json' }, cache: true, outputs: ['{workspaceRoot}/dist'] };
    targets.serve = { executor: 'nx:run-commands', dependsOn: ['build'], options: { command: `node -r ./dist/tools/runtime/register.js dist/${dir}/src/main.js` } };
  }
  return [
    ['project.json', json({ name: projectName, $schema: `${up}/node_modules/nx/schemas/project-schema.json`, sourceRoot: `${dir}/src`, projectType: kind, tags, targets })],
    ['tsconfig.json', json({ extends: `${up}/tsconfig.json`, include: ['src/**/*.ts'] })],
    ['jest.config.js', `module.exports = require('${up}/jest.preset.js').unit(__dirname, '${projectName}');\n`],
    ['jest.int.config.js', `module.exports = require('${up}/jest.preset.js').int(__dirname, '${projectName}');\n`],
  ];
}
