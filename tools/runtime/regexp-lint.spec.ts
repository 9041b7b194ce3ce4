import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The lint target checks every regular expression for super-linear backtracking (ReDoS). This
 * proves the rules are switched on in the repository's ESLint config for TypeScript and plain
 * JavaScript, so removing them fails the tests, not just a review. ESLint loads its config as an
 * ES module, which Jest's module system cannot, so the probes are linted in a child Node process.
 */
const ROOT = join(__dirname, '..', '..');
const PROBES = {
  exponential: { file: 'libs/shared/kernel/src/redos-probe.ts', code: 'export const bad = /(a+)+$/.test(process.argv[2] ?? "");\n' },
  quadratic: { file: 'libs/feed/domain/src/redos-probe.ts', code: 'export const bad = /^#[ \\t]*(.*?)[ \\t]*$/;\n' },
  move: { file: 'tools/dev/redos-probe.mjs', code: "export const trim = (s) => s.replace(/\\/+$/, '');\n" },
  linear: { file: 'libs/feed/domain/src/redos-probe.ts', code: 'export const ok = /^#{1,6}(?:[ \\t]|$)/;\n' },
};
const MARK = '@@regexp-lint@@';
const LINT = `
const MARK = '${MARK}';
const { ESLint } = require('eslint');
const probes = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: 'eslint.config.mjs' });
(async () => {
  const out = {};
  for (const [name, probe] of Object.entries(probes)) {
    const [result] = await eslint.lintText(probe.code, { filePath: probe.file });
    out[name] = result.messages.filter((m) => (m.ruleId || '').startsWith('regexp/')).map((m) => m.ruleId + ':' + m.severity);
  }
  process.stdout.write('\\n' + MARK + JSON.stringify(out));
})();
`;

describe('regular expression lint (ReDoS)', () => {
  let found: Record<keyof typeof PROBES, string[]>;
  beforeAll(() => {
    const stdout = execFileSync(process.execPath, ['-e', LINT], { cwd: ROOT, input: JSON.stringify(PROBES), encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
    // Plugins may print warnings (Nx without a project graph) before the result.
    found = JSON.parse(stdout.slice(stdout.lastIndexOf(MARK) + MARK.length));
  }, 120_000);

  it('reports exponential backtracking in TypeScript as an error', () => {
    expect(found.exponential).toContain('regexp/no-super-linear-backtracking:2');
  });

  it('reports quadratic backtracking (two quantifiers trading characters) as an error', () => {
    expect(found.quadratic).toContain('regexp/no-super-linear-backtracking:2');
  });

  it('reports a quadratic move (an unanchored run that a rejecting suffix rescans) as an error, also in .mjs scripts', () => {
    expect(found.move).toContain('regexp/no-super-linear-move:2');
  });

  it('accepts a linear pattern', () => {
    expect(found.linear).toEqual([]);
  });
});
