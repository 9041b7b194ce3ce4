// Flat ESLint config for the whole monorepo. Layering is enforced here, not by habit
// (docs/architecture.md, principle 7): Nx project tags + @nx/enforce-module-boundaries.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import regexpPlugin from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const INFRA_LIBS = ['@nestjs/*', 'mongoose', 'mongodb', 'kafkajs', '@elastic/*', 'express'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.plein/**', '.nx/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Every regular expression is checked for super-linear backtracking (ReDoS): a regex that
    // can take quadratic or worse time on hostile input blocks the event loop for everyone.
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    ...regexpPlugin.configs['flat/recommended'],
    rules: {
      ...regexpPlugin.configs['flat/recommended'].rules,
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': 'error',
      'regexp/no-misleading-capturing-group': ['error', { reportBacktrackingEnds: true }],
      // Style only: spelling out [A-Za-z0-9_] or [0-9] is as clear as \w or \d, and rewriting
      // every pattern for it would be churn without a safety gain.
      'regexp/prefer-w': 'off',
      'regexp/prefer-d': 'off',
      'regexp/use-ignore-case': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Layers
            { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:kernel'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:domain'],
              bannedExternalImports: INFRA_LIBS,
            },
            {
              sourceTag: 'type:application',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:domain', 'type:application'],
              bannedExternalImports: INFRA_LIBS,
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:platform'],
            },
            {
              sourceTag: 'type:infrastructure',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:domain', 'type:application', 'type:platform', 'type:infrastructure'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:domain', 'type:application', 'type:platform', 'type:infrastructure'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['*'] },
            // Services: a service reaches another service only through its public contracts.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:shared', 'scope:public', 'scope:identity'] },
            { sourceTag: 'scope:feed', onlyDependOnLibsWithTags: ['scope:shared', 'scope:public', 'scope:feed'] },
            { sourceTag: 'scope:profiles', onlyDependOnLibsWithTags: ['scope:shared', 'scope:public', 'scope:profiles'] },
            { sourceTag: 'scope:moderation', onlyDependOnLibsWithTags: ['scope:shared', 'scope:public', 'scope:moderation'] },
            { sourceTag: 'scope:notifications', onlyDependOnLibsWithTags: ['scope:shared', 'scope:public', 'scope:notifications'] },
            { sourceTag: 'scope:insights', onlyDependOnLibsWithTags: ['scope:shared', 'scope:public', 'scope:insights'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:public'] },
            { sourceTag: 'scope:system', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Tests may use the testing helpers from any layer (the browser bench boots the browser tests' platform).
    files: ['**/*.spec.ts', '**/testing/**/*.ts', '**/test-support/**/*.ts', 'apps/web/e2e/**/*.ts', 'bench/web/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Node scripts (ES modules) under tools/.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', fetch: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly' },
    },
  },
);
