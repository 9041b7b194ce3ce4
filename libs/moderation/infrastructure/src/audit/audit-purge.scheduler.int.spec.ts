import type { AuditContent } from '@plein/moderation/domain';
import type { LeaseDocument } from '@plein/shared/event-store';
import { FixedClock, uuidv7 } from '@plein/shared/kernel';
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { AUDIT_PURGE_ACTOR, AuditPurgeScheduler, DAY_MS } from './audit-purge.scheduler';
import { MongoAuditLog, PURGED_ACTION } from './mongo-audit-log';

// Against the real FerretDB, in a database of its own.
let connection: Connection;
beforeAll(async () => {
  connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_test_modpurge_${randomBytes(4).toString('hex')}` }).asPromise();
});
afterAll(async () => {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
});

const entry = (occurredAt: string, subject: string): AuditContent => ({ action: 'moderation.decision.taken', actorId: 'm1', subject, occurredAt, eventId: uuidv7(), data: {} });
const all = async (log: MongoAuditLog) => {
  const out = [];
  for await (const e of log.entries(0, 10_000)) out.push(e);
  return out;
};

/** One service's log and leases, and `replicas` schedulers sharing them (as replicas share a database). */
async function setup(replicas: number, retentionDays = 30) {
  const service = `s${randomBytes(3).toString('hex')}`;
  const clock = new FixedClock(new Date('2026-06-01T00:00:00.000Z'));
  const log = new MongoAuditLog(connection.db!, service, clock);
  await log.init();
  const leases = connection.db!.collection<LeaseDocument>(`${service}_leases`);
  const schedulers = Array.from({ length: replicas }, (_, i) => new AuditPurgeScheduler({ log: new MongoAuditLog(connection.db!, service, clock), leases, clock, retentionDays, owner: `replica-${i}` }));
  return { log, clock, schedulers };
}

describe('AuditPurgeScheduler (FerretDB, shared leases)', () => {
  it('purges past the retention once per day however many replicas check, and again the next day', async () => {
    const { log, clock, schedulers } = await setup(4);
    for (let day = 1; day <= 5; day++) await log.append(entry(`2026-04-0${day}T00:00:00.000Z`, `post:${day}`));
    await log.append(entry('2026-05-20T00:00:00.000Z', 'post:recent'));

    const runs = await Promise.all(schedulers.map((s) => s.runOnce()));
    expect(runs.filter((r) => r.ran)).toEqual([{ ran: true, purged: 5, throughSeq: 5 }]);
    // Checks later the same day (any replica) do nothing.
    clock.advance(DAY_MS - 60_000);
    await log.append(entry('2026-04-10T00:00:00.000Z', 'post:late')); // an old event logged late; it waits for the next day
    expect((await Promise.all(schedulers.map((s) => s.runOnce()))).every((r) => !r.ran)).toBe(true);
    const afterFirst = await all(log);
    expect(afterFirst.filter((e) => e.action === PURGED_ACTION)).toEqual([expect.objectContaining({ actorId: AUDIT_PURGE_ACTOR, data: expect.objectContaining({ throughSeq: 5, count: 5 }) })]);

    // The next day, one replica purges again (the recent entry is inside the retention and stops it).
    clock.advance(120_000);
    const next = await Promise.all(schedulers.map((s) => s.runOnce()));
    expect(next.filter((r) => r.ran)).toEqual([{ ran: true, purged: 0, throughSeq: null }]);
    expect((await log.verify()).ok).toBe(true);
    expect((await all(log)).map((e) => e.subject)).toEqual(['post:recent', 'audit-log', 'post:late']);
  }, 30_000);

  it('respects a legal hold and the retention setting', async () => {
    const { log, schedulers } = await setup(1, 90);
    await log.append(entry('2026-01-01T00:00:00.000Z', 'post:a'));
    await log.append(entry('2026-01-02T00:00:00.000Z', 'post:held'));
    await log.append(entry('2026-01-03T00:00:00.000Z', 'post:b'));
    await log.append(entry('2026-05-01T00:00:00.000Z', 'post:inside-90-days'));
    await log.hold('post:held', 'admin-1', true);
    expect(await schedulers[0]!.runOnce()).toEqual({ ran: true, purged: 1, throughSeq: 1 });
    const subjects = (await all(log)).map((e) => e.subject);
    expect(subjects.slice(0, 3)).toEqual(['post:held', 'post:b', 'post:inside-90-days']);
    expect((await log.verify()).ok).toBe(true);
  }, 30_000);

  it('started, checks at once and then periodically; stopped, it checks no more', async () => {
    const { log } = await setup(0);
    const leases = connection.db!.collection<LeaseDocument>(`p${randomBytes(3).toString('hex')}_leases`);
    let checks = 0;
    const counted = { purge: (before: Date, actor: string) => (checks++, log.purge(before, actor)) };
    await log.append(entry('2026-01-01T00:00:00.000Z', 'post:old'));
    // A period of 200 ms, checks every 250 ms: every check purges (the lease has ended by the next one).
    const scheduler = new AuditPurgeScheduler({ log: counted, leases, clock: { now: () => new Date() }, retentionDays: 30, periodMs: 200, checkEveryMs: 250 });
    await scheduler.start();
    const deadline = Date.now() + 5_000;
    while (checks < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await scheduler.stop();
    const stoppedAt = checks;
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    expect((await all(log)).map((e) => e.subject)).toEqual(['audit-log']);
    await new Promise((r) => setTimeout(r, 600));
    expect(checks).toBe(stoppedAt);
  }, 30_000);

  it('gives the lease back when the purge fails, so the next check tries again', async () => {
    const { log, clock } = await setup(0);
    const leases = connection.db!.collection<LeaseDocument>(`f${randomBytes(3).toString('hex')}_leases`);
    let fail = true;
    const flaky = { purge: (before: Date, actor: string) => (fail ? Promise.reject(new Error('database down')) : log.purge(before, actor)) };
    const scheduler = new AuditPurgeScheduler({ log: flaky, leases, clock, retentionDays: 30 });
    await expect(scheduler.runOnce()).rejects.toThrow('database down');
    fail = false;
    expect(await scheduler.runOnce()).toEqual({ ran: true, purged: 0, throughSeq: null });
  }, 30_000);
});
