import { fuzzOperation, fuzzRuns, fuzzSeed, operationsOf, ResponseValidator, type Finding, type Operation } from '../openapi-fuzz';
import type { BootedTarget } from './targets';

/**
 * The fuzz suite of one service: boots it, reads its OpenAPI document, and sends every operation
 * FUZZ_RUNS valid and FUZZ_RUNS hostile requests (15 + 15 by default) from one seed. A failure
 * lists each finding with the seed; replay with FUZZ_SEED=<seed>.
 */
export function describeFuzz(name: string, boot: () => Promise<BootedTarget>, options: { domainRoutes?: boolean; timeoutMs?: number } = {}): void {
  describe(`${name}: OpenAPI fuzz (real servers)`, () => {
    let booted: BootedTarget | undefined;
    const seed = fuzzSeed();
    const runs = fuzzRuns();

    beforeAll(async () => {
      booted = await boot();
    }, 180_000);
    afterAll(async () => {
      await booted?.close();
    });

    it('serves an OpenAPI document', () => {
      expect(booted?.missing ?? null).toBeNull();
      const paths = operationsOf(booted!.target!.doc).map((op) => op.path);
      expect(paths).toEqual(expect.arrayContaining(['/health', '/ready', '/openapi.json']));
      // A service with routes of its own must document them, or the fuzzer would test only the platform's.
      if (options.domainRoutes) expect(paths.filter((p) => !['/health', '/ready', '/openapi.json'].includes(p)).length).toBeGreaterThan(5);
    });

    it(`answers every operation: no 5xx, problem+json on 4xx, documented 2xx bodies, within the time bound`, async () => {
      const target = booted?.target;
      if (!target) throw new Error(`${name} has no OpenAPI document to fuzz: ${booted?.missing}`);
      const validator = new ResponseValidator(target.doc);
      const findings: Finding[] = [];
      const onlyUnauthorized: string[] = [];
      const summary: string[] = [];
      // Deletes late, so the content the hints point at is still there for the other operations;
      // what ends the principals' sessions (logout) last of all.
      const rank = (op: Operation) => (target.runLast?.includes(`${op.method.toUpperCase()} ${op.path}`) ? 2 : op.method === 'delete' ? 1 : 0);
      const operations = operationsOf(target.doc).sort((a, b) => rank(a) - rank(b));
      for (const [k, op] of operations.entries()) {
        const result = await fuzzOperation(target, op, validator, { seed: seed + 2 * k, valid: runs, hostile: runs });
        findings.push(...result.findings);
        const valid = Object.entries(result.statuses).filter(([key]) => key.startsWith('valid '));
        if (op.secured && !target.principals.includes('anonymous') && valid.every(([key]) => key === 'valid 401')) onlyUnauthorized.push(`${op.method} ${op.path}`);
        summary.push(`${op.method.toUpperCase()} ${op.path} (slowest ${result.slowestMs} ms): ${Object.entries(result.statuses).map(([key, n]) => `${key}×${n}`).join(' ')}`);
      }
      if (process.env['FUZZ_VERBOSE']) console.log(`${name} (FUZZ_SEED=${seed})\n${summary.join('\n')}`);
      const report = findings.slice(0, 40).map((f) => `${f.operation} (seed ${f.seed}, run ${f.run}): ${f.problems.join('; ')}\n  request: ${f.request}\n  answer:  ${f.answer}`);
      // onlyUnauthorized: a fuzzer whose valid requests never get past authentication tests nothing behind it.
      if (findings.length > report.length) report.push(`… and ${findings.length - report.length} more`);
      expect({ seed: `FUZZ_SEED=${seed}`, onlyUnauthorized, findings: report }).toEqual({ seed: `FUZZ_SEED=${seed}`, onlyUnauthorized: [], findings: [] });
    }, options.timeoutMs ?? 240_000);
  });
}
