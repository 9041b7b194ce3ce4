/**
 * Org chart reads at scale (docs/profiles/org.md), run with
 *
 *   source tools/dev/env.sh && SWC_NODE_PROJECT=bench/search/tsconfig.json node -r @swc-node/register bench/search/org-chart.ts [--profiles 100000 --samples 50]
 *
 * The generated organisation of the search benchmark (organisation.ts) as `org-nodes` documents
 * (the projection's own mapping of each person's identity.user.provisioned, their manager chain
 * and head counts), bulk-inserted into a fresh FerretDB database. Then, for sampled people:
 * `OrgService.chart` (person, manager chain in one `$in`, first page of reports and peers, report
 * count) against the same five queries sent straight with the driver in the same run; directory
 * pages (whole organisation, a division, a location) and the department tree; and one subtree
 * move (a division director under another director, through the projection). Last line
 * `ratio=<our chart p99 / raw p99>`. The database is dropped at the end.
 */
import { chainBelow, departmentKey, OrgService } from '@plein/profiles/application';
import { applyOrgNodeEvent, OrgInfrastructure, orgNodeUpdate, type OrgNodeDocument } from '@plein/profiles/infrastructure';
import type { EventEnvelope } from '@plein/shared/kernel';
import { benchConnection, benchKafka, fmt, log, parseOptions, percentile, prng, runBench, runId } from '@plein/bench-kit';
import { generateOrganisation } from './organisation';

const envelope = (userId: string, sequence: number, type: string, data: unknown): EventEnvelope => ({
  id: `${userId}:${sequence}`, type, version: 1, source: 'plein/identity', aggregateType: 'user', aggregateId: userId, sequence,
  occurredAt: '2026-11-01T09:00:00.000Z', correlationId: 'bench', causationId: 'bench', actorId: 'system:bench', data,
});

async function main(): Promise<void> {
  const { profiles, samples } = parseOptions({ profiles: 100_000, samples: 50 }, 'org chart bench [options]   (expects the local servers: npm run infra:up)', { min: 1, integer: true });
  const id = runId();
  const connection = await benchConnection(`plein_bench_org_${id}`, { monitorCommands: false });
  try {
    const org = new OrgInfrastructure({ connection, kafka: benchKafka(`bench-org-${id}`), service: 'profiles', consumers: false, departmentsTtlMs: 0 });
    await org.init();
    const nodes = await org.collection();
    const counts = await org.counts();
    log(`params : ${JSON.stringify({ profiles, samples })}`);

    // The projection's documents: its update for each provisioned event, the chain, the count.
    const people = generateOrganisation(profiles);
    const byId = new Map(people.map((p) => [p.userId, p]));
    const chains = new Map<string, string[]>();
    const chainOf = (id: string): string[] => {
      const known = chains.get(id);
      if (known) return known;
      const manager = byId.get(id)?.managerId ?? null;
      const chain = manager ? chainBelow(id, manager, chainOf(manager)) : [];
      chains.set(id, chain);
      return chain;
    };
    let t = performance.now();
    const headCounts = new Map<string, { department: string; count: number }>();
    for (let i = 0; i < people.length; i += 2_000) {
      const docs = people.slice(i, i + 2_000).map((p) => {
        const update = orgNodeUpdate(envelope(p.userId, 1, 'identity.user.provisioned', { externalId: p.userId, userName: p.userId, displayName: p.displayName, title: p.title, department: p.department, location: p.location, managementLevel: p.managementLevel, managerId: p.managerId, roles: ['employee'], badges: [] }));
        const key = departmentKey(p.department)!;
        const count = headCounts.get(key) ?? headCounts.set(key, { department: p.department, count: 0 }).get(key)!;
        count.count++;
        return { _id: p.userId, lastSequence: 1, ...(update.$set as object), managerChain: chainOf(p.userId), counted: key } as OrgNodeDocument;
      });
      await nodes.insertMany(docs);
    }
    await counts.insertMany([...headCounts].map(([key, c]) => ({ _id: key, ...c })));
    log(`seeded : ${fmt(people.length)} org-nodes, ${fmt(headCounts.size)} departments in ${fmt((performance.now() - t) / 1000, 1)} s`);

    const service = new OrgService(org.readModel, { departmentsTtlMs: 0 });
    const random = prng(11);
    const sampled = Array.from({ length: samples }, () => people[Math.floor(random() * people.length)]!);
    const fields = { displayName: 1, sortKey: 1, title: 1, department: 1, location: 1, managementLevel: 1, active: 1, deleted: 1, managerId: 1, managerChain: 1 };
    const raw = async (userId: string) => {
      const person = await nodes.findOne({ _id: userId }, { projection: fields });
      const managerId = person?.managerId ?? null;
      await Promise.all([
        nodes.find({ _id: { $in: person?.managerChain ?? [] } }, { projection: fields }).toArray(),
        nodes.find({ managerId: userId, active: true }, { projection: fields }).sort({ sortKey: 1 }).limit(21).toArray(),
        nodes.countDocuments({ managerId: userId, active: true }),
        managerId ? nodes.find({ managerId, active: true }, { projection: fields }).sort({ sortKey: 1 }).limit(22).toArray() : Promise.resolve([]),
      ]);
    };
    await service.chart(sampled[0]!.userId, 20);
    await raw(sampled[0]!.userId);
    const ours: number[] = [];
    const rawTimes: number[] = [];
    for (const p of sampled) {
      let s = performance.now();
      await service.chart(p.userId, 20);
      ours.push(performance.now() - s);
      s = performance.now();
      await raw(p.userId);
      rawTimes.push(performance.now() - s);
    }
    log(`chart  : ours p50 ${fmt(percentile(ours, 0.5), 1)} ms, p99 ${fmt(percentile(ours, 0.99), 1)} ms; raw driver queries p50 ${fmt(percentile(rawTimes, 0.5), 1)} ms, p99 ${fmt(percentile(rawTimes, 0.99), 1)} ms`);

    const timed = async (what: string, work: () => Promise<unknown>) => {
      const s = performance.now();
      await work();
      return `${what} ${fmt(performance.now() - s, 0)} ms`;
    };
    const first = await service.directory({}, undefined, 50);
    log(
      `lists  : ${[
        await timed('directory A–Z page 1', () => service.directory({}, undefined, 50)),
        await timed('page 2', () => service.directory({}, first.nextCursor ?? undefined, 50)),
        await timed('a division', () => service.directory({ department: 'Engineering' }, undefined, 50)),
        await timed('a location', () => service.directory({ location: 'Utrecht' }, undefined, 50)),
        await timed('department tree top', () => service.departments(undefined, undefined, 100)),
        await timed('a division’s departments', () => service.departments('Engineering', undefined, 100)),
      ].join('; ')}`,
    );

    const director = people[2]!;
    const subtree = people.filter((p) => chainOf(p.userId).includes(director.userId)).length;
    t = performance.now();
    await applyOrgNodeEvent(nodes, counts, envelope(director.userId, 2, 'identity.user.manager-changed', { managerId: people[1]!.userId, previousManagerId: director.managerId }));
    log(`move   : a director with ${fmt(subtree)} people below under another director in ${fmt((performance.now() - t) / 1000, 1)} s (${fmt((1000 * subtree) / (performance.now() - t))} people/s)`);
    log(`ratio=${(percentile(ours, 0.99) / percentile(rawTimes, 0.99)).toFixed(2)}`);
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

runBench(main);
