/**
 * `npm run bench:fanout -- [--members 10000 --posts 3]`
 *
 * Fan-out on write for one open group of N members (all active readers): ours = PostService.publish
 * (append to the event store + read-your-writes) followed by what the home-timeline projection
 * does for the event (fanOutPost: audience size, member list, activity filter, insert of the rows,
 * occasional trims) until the post is in the LAST member's timeline; raw = one `insertMany` of
 * the same N rows into the same collection. The Kafka hop (outbox relay → consumer) is not
 * included: it is measured by bench:backbone. Last line `ratio=<raw time / our time>` (median
 * over `posts` publications). Needs the local servers; the database is dropped at the end.
 */
import { fanOutPost, PostService, type RequestContext } from '@plein/feed/application';
import { timelineEntry } from '@plein/feed/domain';
import { compositeRowId } from '@plein/shared/projections';
import { uuidv7 } from '@plein/shared/kernel';
import { fmt, log, machine, mongoVersion, parseOptions, percentile, profile, runBench } from '@plein/bench-kit';
import { startBenchFeed } from './bench-feed';
import { seedOrganisation } from './organisation';

const DEFAULTS = { members: 10_000, posts: 3, cap: 800 };

async function main(): Promise<void> {
  const o = parseOptions(DEFAULTS, 'npm run bench:fanout -- [options]   (members up to 10,000; expects npm run infra:up)');
  // The threshold sits above the group so it is fanned out on write, not merged on read.
  const bench = await startBenchFeed(Math.max(5_000, o.members));
  try {
    log(`machine: ${machine(await mongoVersion(bench.connection))}`);
    log(`params : ${JSON.stringify(o)}`);
    let t = performance.now();
    const org = await seedOrganisation(bench.infra, { employees: o.members, posts: 0, follows: 0, groupSize: o.members, groupsPerPerson: 1 }, o.cap);
    const groupId = org.groups.find((g) => org.members.get(g)!.length === o.members)!;
    const members = org.members.get(groupId)!;
    log(`seeded : one open group of ${members.length} active members in ${fmt((performance.now() - t) / 1000, 1)} s`);

    const deps = bench.infra.deps;
    const posts = new PostService(deps);
    const author = members[0]!;
    const last = members[members.length - 1]!;
    const ctx: RequestContext = { caller: { userId: author, roles: ['employee'] }, correlationId: 'bench' };
    const ours: number[] = [];
    const publishAndFanOut = async (k: number): Promise<void> => {
      const started = performance.now();
      const post = await posts.publish(ctx, { audience: { kind: 'group', groupId }, kind: 'update', body: `Fan-out test ${k}`, callToAction: { kind: 'fyi' } });
      const postId = post.id;
      const result = await fanOutPost(
        { timelines: deps.timelines, follows: deps.readModels.follows, groups: deps.readModels.groups, clock: deps.clock, settings: deps.fanOut! },
        { postId, authorId: author, audience: { kind: 'group', groupId }, kind: 'update' },
      );
      const [top] = await deps.timelines.read(last, null, 1);
      ours.push(performance.now() - started);
      if (top?.postId !== postId || result.recipients !== members.length) throw new Error(`fan-out incomplete: ${result.recipients} recipients, last member sees ${top?.postId}`);
    };
    // The first publication is profiled: where the time goes.
    log(`profile: one publication = ${(await profile(bench.connection, () => publishAndFanOut(0))).trips}`);
    for (let k = 1; k < o.posts; k++) await publishAndFanOut(k);

    const entries = await bench.infra.collections.of('home-timeline');
    const raw: number[] = [];
    for (let k = 0; k < o.posts; k++) {
      const postId = uuidv7();
      const { createdAt } = timelineEntry(postId);
      const rows = members.map((ownerId) => ({ _id: compositeRowId(ownerId, postId), ownerId, postId, authorId: author, createdAt }));
      t = performance.now();
      await entries.insertMany(rows, { ordered: false });
      raw.push(performance.now() - t);
    }
    const ourMs = percentile(ours, 0.5);
    const rawMs = percentile(raw, 0.5);
    log(`ours  : publish → last of ${members.length} members' timeline, median ${fmt(ourMs, 0)} ms (all: ${ours.map((v) => fmt(v, 0)).join(', ')}) = ${fmt((members.length * 1000) / ourMs)} rows/s`);
    log(`raw   : insertMany of the same ${members.length} rows, median ${fmt(rawMs, 0)} ms (all: ${raw.map((v) => fmt(v, 0)).join(', ')}) = ${fmt((members.length * 1000) / rawMs)} rows/s`);
    log(`ratio=${fmt(rawMs / ourMs, 2)}`);
  } finally {
    await bench.close();
  }
}

runBench(main);
