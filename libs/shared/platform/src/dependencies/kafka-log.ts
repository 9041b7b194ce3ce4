import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { JsonLogger } from '@plein/shared/observability';

const QUIET_PERIOD_MS = 30_000;

/**
 * Routes kafkajs logs into the JSON logger. While a broker is down kafkajs logs the same
 * connection error on every retry; identical messages are therefore written at most once per
 * QUIET_PERIOD_MS so an outage shows up without flooding the log.
 */
export function kafkaLogCreator(logger: JsonLogger, now: () => number = Date.now): logCreator {
  const lastWritten = new Map<string, number>();
  const log = logger.child('kafkajs');
  return () =>
    ({ level, log: entry }: LogEntry) => {
      const key = `${level}:${entry.message}`;
      const at = now();
      const last = lastWritten.get(key);
      if (last !== undefined && at - last < QUIET_PERIOD_MS) return;
      if (lastWritten.size > 500) lastWritten.clear();
      lastWritten.set(key, at);
      const fields = { reason: typeof entry['error'] === 'string' ? entry['error'] : undefined };
      if (level === logLevel.ERROR) log.error(entry.message, fields);
      else if (level === logLevel.WARN) log.warn(entry.message, fields);
      else if (level === logLevel.INFO) log.debug(entry.message, fields);
      else log.verbose(entry.message, fields);
    };
}
