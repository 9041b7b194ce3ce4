import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root, where `npm run` finds the scripts. */
const ROOT = resolve(__dirname, '../../../..');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `npm run projection:rebuild -- ...args` from the repository root, as an operator does, with
 * `env` over this process's environment; killed after `timeoutMs`. Answers its exit code and output.
 */
export function runProjectionRebuild(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliResult> {
  return new Promise((done) => {
    execFile('npm', ['run', '--silent', 'projection:rebuild', '--', ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
