import { ConfigError } from '@plein/shared/config';

/**
 * Entry-point wrapper for `main.ts`. A configuration error becomes one JSON log line on stdout
 * (for the log pipeline) plus a human-readable list on stderr (for whoever runs it), then exit 1.
 * Any other boot failure is logged the same way and also exits 1.
 */
export function runMain(serviceName: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    const service = process.env['SERVICE_NAME'] || serviceName;
    const line: Record<string, unknown> = { time: new Date().toISOString(), level: 'fatal', service, context: 'Bootstrap' };
    if (error instanceof ConfigError) {
      Object.assign(line, { msg: 'Invalid configuration', code: error.code, errors: error.violations });
      process.stdout.write(`${JSON.stringify(line)}\n`);
      process.stderr.write(`${service}: cannot start, invalid configuration:\n${error.violations.map((v) => `  - ${v.field} ${v.message}`).join('\n')}\n`);
    } else {
      const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
      Object.assign(line, { msg: 'Service failed to start', err });
      process.stdout.write(`${JSON.stringify(line)}\n`);
      process.stderr.write(`${service}: failed to start: ${err.message}\n`);
    }
    process.exit(1);
  });
}
