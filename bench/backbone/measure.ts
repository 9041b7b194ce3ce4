import type { Connection } from 'mongoose';

/** The value at quantile `q` (0..1) of `values` (nearest rank). */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const rate = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : Number.POSITIVE_INFINITY);
export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface CommandStats {
  count: number;
  ms: number;
}

/**
 * Counts the MongoDB round trips of one connection by command and collection (driver command
 * monitoring; the connection must be created with `monitorCommands: true`), to show where an
 * event's cost goes: appends, relay claims and marks, projection writes.
 */
export class RoundTrips {
  private readonly stats = new Map<string, CommandStats>();
  private readonly inFlight = new Map<number, { key: string; started: number }>();

  constructor(readonly component: string, connection: Connection) {
    const client = connection.getClient();
    client.on('commandStarted', (event) => {
      const target = event.command[event.commandName];
      const key = `${event.commandName} ${typeof target === 'string' ? target.replace(/^.*_(streams)$/, '<svc>_$1').replace(/^bench\w*_bench_counter_v1$/, '<svc>_bench_counter_v1') : ''}`.trim();
      this.inFlight.set(event.requestId, { key, started: performance.now() });
    });
    const done = (event: { requestId: number }) => {
      const started = this.inFlight.get(event.requestId);
      if (!started) return;
      this.inFlight.delete(event.requestId);
      const entry = this.stats.get(started.key) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += performance.now() - started.started;
      this.stats.set(started.key, entry);
    };
    client.on('commandSucceeded', done);
    client.on('commandFailed', done);
  }

  reset(): void {
    this.stats.clear();
  }

  total(): number {
    return [...this.stats.values()].reduce((sum, s) => sum + s.count, 0);
  }

  /** One line per command, busiest first, with round trips per event and mean latency. */
  report(events: number): string[] {
    return [...this.stats]
      .filter(([key]) => !/^(?:hello|isMaster|ping|buildInfo|endSessions)/.test(key))
      .sort((a, b) => b[1].count - a[1].count)
      .map(([key, s]) => `  ${this.component.padEnd(10)} ${key.padEnd(36)} ${fmt(s.count).padStart(7)} calls  ${fmt(s.count / events, 2).padStart(6)}/event  ${fmt(s.ms / s.count, 1).padStart(6)} ms avg`);
  }
}
