// Lets plain `node` run the workspace's TypeScript tools from source, the way Jest does:
//   node -r ./tools/contracts/ts-register.js tools/contracts/generate-asyncapi.ts
// Compiles .ts with @swc/core (already used by Jest) and maps `@plein/<scope>/<name>` to
// libs/<scope>/<name>/src/index.ts (tsconfig.json "paths"). Development tooling only.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@plein\/([^/]+)\/([^/]+)$/.exec(request);
  const target = alias ? path.join(root, 'libs', alias[1], alias[2], 'src', 'index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};

Module._extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2023', keepClassNames: true },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
