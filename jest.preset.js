// Shared Jest settings. Each project's jest.config.js / jest.int.config.js calls one of these.
// Suffixes (docs/architecture.md, "Tests"): *.spec.ts unit (no I/O), *.int.spec.ts real servers,
// *.contract.spec.ts event contracts, *.e2e.spec.ts black-box flows.
const path = require('node:path');

const root = __dirname;
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

// ESM-only packages (jose, openid-client, oidc-provider). Jest's CommonJS runtime cannot require
// ESM without --experimental-vm-modules, so these few are compiled to CommonJS by the same swc
// transform as our sources; at run time Node 24 loads them natively through require(esm).
const ESM_ONLY = ['oidc-provider', 'openid-client', 'oauth4webapi', 'jose'];

function base(dir, name) {
  return {
    displayName: name,
    rootDir: dir,
    testEnvironment: 'node',
    transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
    transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
    moduleFileExtensions: ['ts', 'js', 'json'],
    // `@plein/<scope>/<lib>/<file>` names one module of a lib's src, for a spec that must mock that module itself.
    moduleNameMapper: { '^@plein/([^/]+)/([^/]+)$': path.join(root, 'libs/$1/$2/src/index.ts'), '^@plein/([^/]+)/([^/]+)/([\\w.-]+)$': path.join(root, 'libs/$1/$2/src/$3.ts') },
    setupFiles: [path.join(root, 'tools/jest/setup.js')],
    reporters: ['default', [path.join(root, 'tools/jest/count-reporter.js'), { name }]],
  };
}

const NON_UNIT = ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$', '/node_modules/'];

module.exports = {
  /** Unit and contract tests: no I/O, no servers. */
  unit(dir, name) {
    return { ...base(dir, name), testMatch: ['<rootDir>/**/*.spec.ts'], testPathIgnorePatterns: NON_UNIT };
  },
  /** Integration and end-to-end tests against the real servers (started by `npm test` / `npm run infra:up`). */
  int(dir, name) {
    return {
      ...base(dir, `${name}:int`),
      testMatch: ['<rootDir>/**/*.int.spec.ts', '<rootDir>/**/*.e2e.spec.ts'],
      testTimeout: 60_000,
      maxWorkers: 1,
    };
  },
};
