/**
 * `npm run bench:backbone -- [--events 10000 --streams 500 --per-append 10 --payload-bytes 512 ...]`
 *
 * One run on the same broker: (1) raw kafkajs batched produce → consume of N messages, (2) ours:
 * N events appended → relayed → consumed → applied by an idempotent projection. Prints both rates,
 * the append-to-projection latency (p50/p99), a MongoDB round-trip profile per component, and as
 * the last line `ratio=<ours/raw>`. Expects the local servers (`npm run infra:up`). See README.md.
 */
import type { Admin } from 'kafkajs';
import type { Connection } from 'mongoose';
import { benchConnection, benchKafka, fmt, log, machine, mongoVersion, percentile, rate, RoundTrips, runBench, runId as newRunId } from '@plein/bench-kit';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { encodeEnvelope } from '@plein/shared/messaging';
import { benchService, EVENT_TYPE, runBackbone } from './backbone';
import { parseOptions, type BenchOptions } from './options';
import { runRawKafka } from './raw-kafka';

/** Server versions for the report. */
async function serverVersions(admin: Admin, connection: Connection): Promise<string> {
  const cluster = await admin.describeCluster();
  return `${await mongoVersion(connection)}; Kafka cluster of ${cluster.brokers.length} broker(s)`;
}

/** Per-run collection names to one stable name, so the profile reads the same in every run. */
const stableCollection = (name: string): string => name.replace(/^.*_(streams)$/, '<svc>_$1').replace(/^bench\w*_bench_counter_v1$/, '<svc>_bench_counter_v1');

/** A representative envelope (sizes of ids as the store stamps them), padded to `payloadBytes`. */
function sizedEnvelope(options: BenchOptions, runId: string): { sample: (i: number) => EventEnvelope; pad: string } {
  const build = (i: number, pad: string): EventEnvelope => {
    const aggregateId = `${runId}s${String(i % options.streams).padStart(5, '0')}`;
    const sequence = Math.floor(i / options.streams) + 1;
    const causationId = `counter-${aggregateId}:${sequence}`;
    return {
      id: uuidv7(), type: EVENT_TYPE, version: 1, source: `plein/${benchService(runId)}`, aggregateType: 'counter', aggregateId, sequence,
      occurredAt: new Date().toISOString(), correlationId: causationId, causationId, actorId: 'system:bench', data: { by: 1, pad },
    };
  };
  const bare = Buffer.byteLength(JSON.stringify(build(0, '')));
  const pad = 'x'.repeat(Math.max(0, options.payloadBytes - bare));
  return { sample: (i) => build(i, pad), pad };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const runId = newRunId();
  const kafka = benchKafka(`bench-${runId}`);
  const admin = kafka.admin();
  await admin.connect();
  const dbName = `plein_bench_${runId}`;
  const [appender, relay, projection] = await Promise.all([benchConnection(dbName), benchConnection(dbName), benchConnection(dbName)]);
  try {
    log(`machine: ${machine()}`);
    log(`servers: ${await serverVersions(admin, appender)}`);
    log(`params : ${JSON.stringify(options)}`);
    const { sample, pad } = sizedEnvelope(options, runId);
    const records = Array.from({ length: options.events }, (_, i) => encodeEnvelope(sample(i)));
    log(`message: value ${records[0]!.value.length} B + ${Object.keys(records[0]!.headers).length} headers`);

    const raw = await runRawKafka(kafka, admin, records, options.partitions, options.rawBatch, runId);
    const rawRate = rate(raw.messages, raw.ms);
    log(`raw kafkajs: ${fmt(raw.messages)} messages produced → consumed in ${fmt(raw.ms / 1000, 2)} s = ${fmt(rawRate)} msg/s`);

    const trips = [new RoundTrips(appender, { component: 'append', rename: stableCollection }), new RoundTrips(relay, { component: 'relay', rename: stableCollection }), new RoundTrips(projection, { component: 'projection', rename: stableCollection })];
    const ours = await runBackbone(kafka, admin, { appender, relay, projection }, options, pad, runId);
    const oursRate = rate(ours.events, ours.ms);
    log(
      `ours       : ${fmt(ours.events)} events appended → relayed → consumed → applied in ${fmt(ours.ms / 1000, 2)} s = ${fmt(oursRate)} events/s ` +
        `(appends done after ${fmt(ours.appendMs / 1000, 2)} s = ${fmt(rate(ours.events, ours.appendMs))} events/s; ${ours.relayCycles} relay publishes; ${ours.appendRetries} append retries)`,
    );
    log(`latency    : append → projection p50 ${fmt(percentile(ours.latenciesMs, 0.5))} ms, p99 ${fmt(percentile(ours.latenciesMs, 0.99))} ms`);
    if (options.profile) {
      log(`profile    : MongoDB round trips (${trips.reduce((n, t) => n + t.total(), 0)} in all, ${fmt(trips.reduce((n, t) => n + t.total(), 0) / ours.events, 2)} per event)`);
      for (const t of trips) for (const line of t.report(ours.events)) log(line);
    }
    log(`ratio=${(oursRate / rawRate).toFixed(3)}`);
  } finally {
    await appender.dropDatabase().catch(() => undefined);
    await Promise.allSettled([appender.close(), relay.close(), projection.close(), admin.disconnect()]);
  }
}

runBench(main);
