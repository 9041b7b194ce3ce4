/**
 * `npm run bench:timeline -- [--employees 1000 --posts 5000 --follows 5 ...]`
 *
 * Home-timeline page reads (HomeTimelineService.page: viewer, fan-out list merged with
 * announcements and followed hashtags, visibility, rendering) for sampled readers of a generated
 * organisation (see organisation.ts for its shape), then the raw indexed MongoDB query for the
 * same pages in the same run (home-timeline rows by owner, newest first, then each post by _id).
 * Prints p50/p99/throughput of both; last line `ratio=<our p99 / raw p99>`. Needs the local
 * servers (`npm run infra:up`); the database is dropped at the end.
 */
import { HomeTimelineService, type RequestContext } from '@plein/feed/application';
import { decodeCursor } from '@plein/feed/domain';
import { fmt, log, machine, mongoVersion, parseOptions, percentile, profile, prng, runBench } from '@plein/bench-kit';
import { startBenchFeed } from './bench-feed';
import { seedOrganisation } from './organisation';

const DEFAULTS = { employees: 10_000, posts: 200_000, follows: 5, groupSize: 25, groupsPerPerson: 1, readers: 10, pages: 2, limit: 20, cap: 800 };

async function main(): Promise<void> {
  const o = parseOptions(DEFAULTS, 'npm run bench:timeline -- [options]   (expects the local servers: npm run infra:up)');
  const bench = await startBenchFeed(5_000);
  try {
    log(`machine: ${machine(await mongoVersion(bench.connection))}`);
    log(`params : ${JSON.stringify(o)}`);
    let t = performance.now();
    const org = await seedOrganisation(bench.infra, o, o.cap);
    log(`seeded : ${JSON.stringify(org.counts)} in ${fmt((performance.now() - t) / 1000, 1)} s`);

    const random = prng(7);
    const readers = Array.from({ length: o.readers }, () => org.people[Math.floor(random() * org.people.length)]!);
    const service = new HomeTimelineService(bench.infra.deps);
    const ctx = (userId: string): RequestContext => ({ caller: { userId, roles: ['employee'] }, correlationId: 'bench' });
    // Warm-up (connections, registry cache), profiled: where one page's time goes.
    const warm = await profile(bench.connection, () => service.page(ctx(readers[0]!), null, o.limit));
    log(`profile: one page = ${warm.trips}`);

    const ours: number[] = [];
    const cursors: (string | null)[][] = [];
    t = performance.now();
    let items = 0;
    for (const reader of readers) {
      let cursor: string | null = null;
      const mine: (string | null)[] = [];
      for (let p = 0; p < o.pages; p++) {
        mine.push(cursor);
        const started = performance.now();
        const page = await service.page(ctx(reader), cursor, o.limit);
        ours.push(performance.now() - started);
        items += page.items.length;
        cursor = page.next;
        if (!cursor) break;
      }
      cursors.push(mine);
    }
    const oursMs = performance.now() - t;

    // Raw: the same pages straight from the indexed fan-out rows and the posts by _id.
    const entries = await bench.infra.collections.of('home-timeline');
    const posts = await bench.infra.collections.of('posts');
    const raw: number[] = [];
    t = performance.now();
    for (let r = 0; r < readers.length; r++) {
      for (const cursor of cursors[r]!) {
        const before = cursor ? decodeCursor(cursor).postId : null;
        const started = performance.now();
        const rows = await entries.find({ ownerId: readers[r], ...(before ? { postId: { $lt: before } } : {}) }, { projection: { postId: 1 } }).sort({ postId: -1 }).limit(o.limit).toArray();
        // Point reads by _id: the access path every MongoDB-compatible server indexes (FerretDB
        // answers `$in` on _id with a table scan).
        await Promise.all(rows.map((d) => posts.findOne({ _id: d['postId'] as string })));
        raw.push(performance.now() - started);
      }
    }
    const rawMs = performance.now() - t;
    const line = (name: string, v: number[], ms: number) =>
      log(`${name.padEnd(5)}: ${v.length} pages, p50 ${fmt(percentile(v, 0.5), 1)} ms, p99 ${fmt(percentile(v, 0.99), 1)} ms, throughput ${fmt((v.length * 1000) / ms, 2)} pages/s (1 client)`);
    line('ours', ours, oursMs);
    line('raw', raw, rawMs);
    log(`items : ${items} posts rendered on our pages`);
    log(`ratio=${fmt(percentile(ours, 0.99) / percentile(raw, 0.99), 2)}`);
  } finally {
    await bench.close();
  }
}

runBench(main);
