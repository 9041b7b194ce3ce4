import { uuidv7, type CommandMetadata } from '@plein/shared/kernel';
import { MongoEventStore } from '@plein/shared/event-store';
import { benchConnection, parseOptions, percentile, runBench, UsageError } from '@plein/bench-kit';

/**
 * What one append and one relay write cost as a stream grows (docs/adr/0010-stream-store-shape.md).
 * For each stream size: a stream of that many events (512-byte payloads, like bench:backbone) is
 * built, then timed, one at a time so the figures are service times, not queueing:
 * - `append`: MongoEventStore.append of one event (the conditional $push of the one write path);
 * - `lease`: the relay's claim-like `$set` of a lease on the same document (a write that adds nothing);
 * - `insert`: for comparison, inserting one event as its own document (an insert-only store's
 *   append) into a collection unique on (stream, version) already holding as many documents.
 * Run: `node -r @swc-node/register bench/backbone/stream-size.ts [--sizes 10,100,1000,4000] [--samples 20]`.
 */
const meta: CommandMetadata = { correlationId: 'bench', causationId: 'bench', actorId: 'bench' };
const event = () => ({ type: 'bench.counter.incremented', version: 1, data: { pad: 'x'.repeat(512) } });

async function main(): Promise<void> {
  const o = parseOptions({ sizes: '10,100,1000,4000', samples: 20 }, 'stream-size bench [options]   (expects the local servers: npm run infra:up)', { min: 1, integer: true });
  const sizes = o.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`--sizes must be whole numbers ≥ 1 separated by commas, got "${o.sizes}"`);
  const samples = o.samples;
  const runId = uuidv7().slice(-8);
  const connection = await benchConnection(`plein_bench_size_${runId}`);
  const store = new MongoEventStore({ connection, service: `size${runId}`, limits: { maxEvents: 100_000, maxBytes: 15 * 1024 * 1024 } });
  await store.init();
  const rows = connection.db!.collection(`size${runId}_events`);
  await rows.createIndex({ stream: 1, version: 1 }, { unique: true });
  const time = async (f: () => Promise<unknown>): Promise<number> => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  const fmt = (ms: number[]) => `p50 ${percentile(ms, 0.5).toFixed(1)} ms, p90 ${percentile(ms, 0.9).toFixed(1)} ms`;
  try {
    for (const size of sizes) {
      const streamId = `counter-s${size}`;
      let version = 0;
      while (version < size) {
        const n = Math.min(100, size - version);
        await store.append(streamId, version, Array.from({ length: n }, event), meta);
        version += n;
      }
      for (let v = 1; v <= size; v += 1_000) {
        await rows.insertMany(Array.from({ length: Math.min(1_000, size - v + 1) }, (_, i) => ({ stream: streamId, version: v + i, event: event() })));
      }
      const doc = await store.collection.findOne({ _id: streamId }, { projection: { bytes: 1 } });
      const append: number[] = [];
      const lease: number[] = [];
      const insert: number[] = [];
      for (let i = 0; i < samples; i++) {
        append.push(await time(() => store.append(streamId, version, [event()], meta)));
        version++;
        lease.push(await time(() => store.collection.updateOne({ _id: streamId }, { $set: { lease: { owner: 'bench', token: uuidv7(), until: new Date() } } })));
        insert.push(await time(() => rows.insertOne({ stream: streamId, version, event: event() })));
      }
      console.log(`size ${String(size).padStart(5)} events (${Math.round((doc?.bytes ?? 0) / 1024)} KiB): append ${fmt(append)} | lease ${fmt(lease)} | insert-only append ${fmt(insert)}`);
    }
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

runBench(main);
