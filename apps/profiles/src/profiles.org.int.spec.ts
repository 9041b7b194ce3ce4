import { randomBytes } from 'node:crypto';
import type { UserProvisionedV1 } from '@plein/identity/contracts';
import { MANAGER_CHAIN_MAX, OrgService } from '@plein/profiles/application';
import { applyOrgNodeEvent, erasedOrgNodes, OrgInfrastructure, type DepartmentCountDocument, type OrgNodeDocument } from '@plein/profiles/infrastructure';
import { erasureKey } from '@plein/shared/event-store';
import { uuidv7, ValidationError, type EventEnvelope } from '@plein/shared/kernel';
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { type mongo } from 'mongoose';

/**
 * The org chart, directory and department tree over the real `org-nodes` read model in FerretDB:
 * identity's user events applied as the projection applies them, MongoDB commands counted with the
 * driver's command monitoring (`monitorCommands=true`).
 */
describe('org chart and directory (org-nodes read model, real FerretDB)', () => {
  const database = `plein_test_profiles_org_${randomBytes(4).toString('hex')}`;
  let connection: mongoose.Connection;
  let org: OrgInfrastructure;
  let nodes: mongo.Collection<OrgNodeDocument>;
  let counts: mongo.Collection<DepartmentCountDocument>;
  const commands: string[] = [];
  let counting = false;

  beforeAll(async () => {
    const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
    connection = await mongoose.createConnection(`${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, { dbName: database }).asPromise();
    connection.getClient().on('commandStarted', (e) => {
      if (counting) commands.push(`${e.commandName} ${JSON.stringify((e.command as Record<string, unknown>)['filter'] ?? (e.command as Record<string, unknown>)['updates'] ?? '')}`);
    });
    // No consumer here: the events are applied as the projection applies them.
    const kafka = new Kafka({ brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
    org = new OrgInfrastructure({ connection, kafka, service: 'profiles', consumers: false, departmentsTtlMs: 0 });
    await org.init();
    nodes = await org.collection();
    counts = await org.counts();
  }, 60_000);
  afterAll(async () => {
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  const sequences = new Map<string, number>();
  const envelope = (userId: string, type: string, data: unknown): EventEnvelope => {
    const sequence = (sequences.get(userId) ?? 0) + 1;
    sequences.set(userId, sequence);
    return { id: uuidv7(), type, version: 1, source: 'plein/identity', aggregateType: 'user', aggregateId: userId, sequence, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(), correlationId: 'c', causationId: 'c', actorId: 'system:test', data };
  };
  const apply = (e: EventEnvelope) => applyOrgNodeEvent(nodes, counts, e);
  const provision = async (name: string, managerId: string | null, extra: Partial<UserProvisionedV1> = {}): Promise<string> => {
    const id = uuidv7();
    await apply(envelope(id, 'identity.user.provisioned', { externalId: id, userName: id, displayName: name, managementLevel: 'employee', badges: [], roles: ['employee'], managerId, ...extra }));
    return id;
  };
  const moveTo = (id: string, managerId: string | null) => apply(envelope(id, 'identity.user.manager-changed', { managerId, previousManagerId: null }));
  const chainOf = async (id: string) => (await nodes.findOne({ _id: id }))?.managerChain;
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    commands.length = 0;
    counting = true;
    try {
      return await work();
    } finally {
      counting = false;
    }
  };

  it('reads a 60-deep manager chain in one query, capped at 50 managers', async () => {
    const ids: string[] = [];
    for (let level = 0; level < 60; level++) ids.push(await provision(`Level ${level}`, ids[level - 1] ?? null));
    const bottom = ids[59]!;
    expect(await chainOf(bottom)).toEqual(ids.slice(10, 59).reverse().concat(ids[9]!).slice(0, MANAGER_CHAIN_MAX));
    // Warm the projection registry's cache (5 s): provisioning 60 levels can take longer on a busy machine.
    await org.service.chart(bottom, 10);
    const chart = await counted(() => org.service.chart(bottom, 10));
    expect(chart.managers.map((m) => m.userId)).toEqual(ids.slice(9, 59).reverse());
    expect(chart.managersTruncated).toBe(true);
    // Exactly 50 managers above, the last one at the top: nothing was cut.
    expect((await org.service.chart(ids[50]!, 10)).managersTruncated).toBe(false);
    // The person, the chain ($in of all 50), reports, their count and peers: never one per level.
    expect(commands.length).toBeLessThanOrEqual(5);
    expect(commands.filter((c) => c.includes('"$in"'))).toHaveLength(1);
  }, 60_000);

  it('pages direct reports and peers A–Z, accents and case folded, the person not among their peers', async () => {
    const boss = await provision('Boss', null);
    const names = ['émile', 'Anna', 'bart', 'Zoë', 'Carl', 'dirk', 'Éva'];
    const reports = new Map<string, string>();
    for (const name of names) reports.set(await provision(name, boss), name);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await org.service.reports(boss, cursor, 3);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((p) => p.displayName));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['Anna', 'bart', 'Carl', 'dirk', 'émile', 'Éva', 'Zoë']);
    const carl = [...reports].find(([, n]) => n === 'Carl')![0];
    const peers: string[] = [];
    cursor = undefined;
    do {
      const page = await org.service.peers(carl, cursor, 4);
      peers.push(...page.items.map((p) => p.displayName));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(peers).toEqual(['Anna', 'bart', 'dirk', 'émile', 'Éva', 'Zoë']);
    const chart = await org.service.chart(boss, 5);
    expect([chart.directReportCount, chart.directReports.items.length, chart.peers.items.length, chart.managers]).toEqual([7, 5, 0, []]);
    expect(chart.directReports.nextCursor).not.toBeNull();
    // A deactivated manager stays in the chain without personal data; their reports stay listed.
    await apply(envelope(boss, 'identity.user.deactivated', { reason: 'administrator' }));
    expect((await org.service.chart(carl, 10)).managers).toEqual([{ userId: boss, active: false }]);
  }, 60_000);

  it('moves a whole subtree with a manager change: one read and two updates per level below', async () => {
    const ceo = await provision('Ceo', null);
    const left = await provision('Left', ceo);
    const right = await provision('Right', ceo);
    const team = await provision('Team', left);
    const members = [await provision('M1', team), await provision('M2', team)];
    const deep = await provision('Deep', members[0]!);
    expect(await chainOf(deep)).toEqual([members[0], team, left, ceo]);
    await counted(() => moveTo(team, right));
    // Three levels below Team (M1/M2, Deep, nobody): a read per level, two updates per non-empty level, all by _id.
    const multi = commands.filter((c) => c.startsWith('update ') && c.includes('"multi":true'));
    expect(multi).toHaveLength(4);
    expect(multi.every((c) => c.includes('"_id":{"$in"'))).toBe(true);
    expect(commands.filter((c) => c.startsWith('find ') && c.includes('"managerId":{"$in"'))).toHaveLength(3);
    expect(await chainOf(team)).toEqual([right, ceo]);
    expect(await chainOf(members[1]!)).toEqual([team, right, ceo]);
    expect(await chainOf(deep)).toEqual([members[0], team, right, ceo]);
    // Under a new top: every level below follows.
    const holding = await provision('Holding', null);
    await moveTo(ceo, holding);
    expect(await chainOf(deep)).toEqual([members[0], team, right, ceo, holding]);
    expect(await chainOf(left)).toEqual([ceo, holding]);
  }, 60_000);

  it('fixes the chains of people who arrived before their manager, and survives a cycle in the data', async () => {
    const managerId = uuidv7();
    const early = await provision('Early', managerId);
    expect(await chainOf(early)).toEqual([managerId]);
    const top = await provision('Top', null);
    await apply(envelope(managerId, 'identity.user.provisioned', { externalId: managerId, userName: managerId, displayName: 'Late', managementLevel: 'manager', badges: [], roles: ['employee'], managerId: top }));
    expect(await chainOf(early)).toEqual([managerId, top]);
    // Top now reports to Early (a cycle): no chain loops or grows without bound.
    await moveTo(top, early);
    for (const id of [early, managerId, top]) {
      const chain = (await chainOf(id))!;
      expect(chain.length).toBeLessThan(4);
      expect(chain).not.toContain(id);
    }
  }, 60_000);

  it('changes nothing when an event is delivered twice', async () => {
    const a = await provision('Ada', null);
    const b = await provision('Bob', a);
    const move = envelope(b, 'identity.user.manager-changed', { managerId: null, previousManagerId: a });
    await apply(move);
    const before = await nodes.findOne({ _id: b });
    await apply(move);
    // Ada's first event again (same sequence), as a redelivery with other data would look: ignored.
    await apply({ ...envelope(a, 'identity.user.provisioned', { externalId: a, userName: a, displayName: 'Changed', managementLevel: 'employee', badges: [], roles: [], managerId: b }), sequence: 1 });
    expect(await nodes.findOne({ _id: b })).toEqual(before);
    expect((await nodes.findOne({ _id: a }))?.displayName).toBe('Ada');
  }, 60_000);

  it('counts no one from a stale read: two consumers settling the same person, the one computed from the older state applied last', async () => {
    const dept = `Race${randomBytes(3).toString('hex')}`;
    const key = dept.toLowerCase();
    const countOf = async () => (await counts.findOne({ _id: key }))?.count ?? 0;
    const id = await provision('Rita', null, { department: dept });
    await apply(envelope(id, 'identity.user.deactivated', { reason: 'administrator' }));
    expect([await countOf(), (await nodes.findOne({ _id: id }))?.counted]).toEqual([0, null]);
    // Consumer A applies the reactivation and reads the person (active: to be counted); before it
    // writes, consumer B (after a partition reassignment) applies the next deactivation and settles
    // (inactive, not counted: nothing to move). Then A's move, computed from the older state.
    const reactivated = envelope(id, 'identity.user.reactivated', {});
    const deactivated = envelope(id, 'identity.user.deactivated', { reason: 'administrator' });
    let interleave = true;
    const racing = new Proxy(nodes, {
      get(target, prop) {
        if (prop === 'findOne') {
          return async (...args: Parameters<typeof nodes.findOne>) => {
            const read = await target.findOne(...args);
            const settling = (args[1] as { projection?: Record<string, unknown> } | undefined)?.projection?.['counted'];
            if (interleave && settling) {
              interleave = false;
              await apply(deactivated);
            }
            return read;
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    await applyOrgNodeEvent(racing, counts, reactivated);
    expect(interleave).toBe(false);
    const node = await nodes.findOne({ _id: id });
    expect([node?.active, node?.lastSequence, node?.counted ?? null, await countOf()]).toEqual([false, deactivated.sequence, null, 0]);
    // Redelivered, both change nothing.
    await apply(reactivated);
    await apply(deactivated);
    expect([(await nodes.findOne({ _id: id }))?.counted ?? null, await countOf()]).toEqual([null, 0]);
  }, 60_000);

  it('browses the directory by department (with sub-departments) and location, A–Z, without deactivated or deleted people', async () => {
    const dept = `Dir${randomBytes(3).toString('hex')}`;
    const people: Record<string, string> = {};
    const spec: [string, string, string][] = [
      ['Xena', `${dept}/Platform`, 'Utrecht'],
      ['ada', `${dept}`, 'Amsterdam'],
      ['Bram', `${dept} / platform / Search`, 'Utrecht'],
      ['Chloé', `${dept}/Sales`, 'Amsterdam'],
      ['Daan', `${dept}/Platform`, 'Utrecht'],
      ['Eve', `${dept}/Sales`, 'Utrecht'],
    ];
    for (const [name, department, location] of spec) people[name] = await provision(name, null, { department, location });
    await apply(envelope(people['Eve']!, 'identity.user.deactivated', { reason: 'administrator' }));
    await apply(envelope(people['Daan']!, 'identity.user.deactivated', { reason: 'deprovisioned' }));
    await apply(envelope(people['Daan']!, 'identity.user.deleted', {}));

    const all = async (filter: { department?: string; location?: string }, limit: number) => {
      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await org.service.directory(filter, cursor, limit);
        names.push(...page.items.map((p) => p.displayName));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return names;
    };
    expect(await all({ department: dept }, 2)).toEqual(['ada', 'Bram', 'Chloé', 'Xena']);
    expect(await all({ department: `${dept.toUpperCase()}/PLATFORM` }, 1)).toEqual(['Bram', 'Xena']);
    expect(await all({ department: dept, location: 'utrecht' }, 100)).toEqual(['Bram', 'Xena']);
    await expect(org.service.chart(people['Eve']!, 10)).rejects.toMatchObject({ code: 'PROFILES.PERSON_NOT_FOUND' });
    await expect(org.service.chart(people['Daan']!, 10)).rejects.toMatchObject({ code: 'PROFILES.PERSON_NOT_FOUND' });
    // The deleted person leaves no node; their marker holds a hash, not their id.
    expect(await nodes.findOne({ _id: people['Daan']! })).toBeNull();
    expect(await erasedOrgNodes(nodes).findOne({ _id: erasureKey(people['Daan']!) })).not.toBeNull();
    await apply({ ...envelope(people['Daan']!, 'identity.user.provisioned', { externalId: 'd', userName: 'd', displayName: 'Daan', managementLevel: 'employee', badges: [], roles: [], managerId: null }), sequence: 1 });
    expect(await nodes.findOne({ _id: people['Daan']! })).toBeNull();

    // Redelivered events move no head count.
    await apply({ ...envelope(people['Xena']!, 'identity.user.provisioned', { externalId: 'x', userName: 'x', displayName: 'Xena', managementLevel: 'employee', badges: [], roles: [], managerId: null, department: `${dept}/Platform` }), sequence: 1 });
    await apply({ ...envelope(people['Eve']!, 'identity.user.deactivated', { reason: 'administrator' }), sequence: 2 });
    const top = await org.service.departments(undefined, undefined, 100);
    const mine = top.items.find((d) => d.path === dept.toLowerCase());
    expect(mine).toEqual({ path: dept.toLowerCase(), name: dept, headCount: 4, directHeadCount: 1, subDepartmentCount: 2 });
    const sub = await org.service.departments(dept, undefined, 1);
    expect(sub.items).toEqual([{ path: `${dept.toLowerCase()}/platform`, name: 'Platform', headCount: 2, directHeadCount: 1, subDepartmentCount: 1 }]);
    const next = await org.service.departments(dept, sub.nextCursor!, 1);
    expect([next.items.map((d) => [d.name, d.headCount]), next.nextCursor]).toEqual([[['Sales', 1]], null]);
    await expect(org.service.departments(`${dept}/Nowhere`, undefined, 10)).rejects.toMatchObject({ code: 'PROFILES.DEPARTMENT_NOT_FOUND' });
  }, 60_000);

  it('refuses a cursor it did not issue and a limit outside 1..100, naming the field', async () => {
    const service = new OrgService(org.readModel);
    for (const bad of ['not-json', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["x",5]').toString('base64url')]) {
      const error = await service.directory({}, bad, 10).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['query.cursor']);
    }
    await expect(service.directory({}, undefined, 0)).rejects.toMatchObject({ violations: [{ field: 'query.limit' }] });
  });
});
