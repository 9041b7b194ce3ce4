import { entryDigest, type AuditContent } from '@plein/moderation/domain';
import { FixedClock, uuidv7 } from '@plein/shared/kernel';
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { MongoAuditLog, PURGED_ACTION } from './mongo-audit-log';

// Against the real FerretDB, in a database of its own.
let connection: Connection;
beforeAll(async () => {
  connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_test_modaudit_${randomBytes(4).toString('hex')}` }).asPromise();
});
afterAll(async () => {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
});

const content = (n: number, occurredAt: string, subject = `post:${n}`): AuditContent => ({ action: 'moderation.decision.taken', actorId: 'm1', subject, occurredAt, eventId: uuidv7(), data: { n } });
const services = new WeakMap<MongoAuditLog, string>();
const newLog = async (clock = new FixedClock(new Date('2026-06-01T00:00:00.000Z'))) => {
  const service = `s${randomBytes(3).toString('hex')}`;
  const log = new MongoAuditLog(connection.db!, service, clock);
  await log.init();
  services.set(log, service);
  return log;
};
/** The log's own collections, edited behind its back as an intruder with database access would. */
const raw = (log: MongoAuditLog, name: 'audit_log' | 'audit_meta') => connection.db!.collection(`${services.get(log)}_${name}`);
const all = async (log: MongoAuditLog) => {
  const out = [];
  for await (const e of log.entries(0, 10_000)) out.push(e);
  return out;
};

describe('MongoAuditLog (FerretDB)', () => {
  it('never forks the chain under parallel appends: one entry per place, every link intact', async () => {
    const log = await newLog();
    await Promise.all(Array.from({ length: 25 }, (_, i) => log.append(content(i, '2026-01-01T00:00:00.000Z'))));
    const entries = await all(log);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.prevHash)).size).toBe(25);
    expect(await log.verify()).toEqual({ ok: true, checked: 25, lastSeq: 25 });
  }, 30_000);

  it('logs a redelivered event once', async () => {
    const log = await newLog();
    const event = content(1, '2026-01-01T00:00:00.000Z');
    const [a, b] = await Promise.all([log.append(event), log.append(event)]);
    await log.append(event);
    expect(a).toEqual(b);
    expect((await all(log)).length).toBe(1);
  });

  it('catches a removed and a reordered entry', async () => {
    const log = await newLog();
    for (let n = 1; n <= 4; n++) await log.append(content(n, '2026-01-01T00:00:00.000Z'));
    const collection = raw(log, 'audit_log');
    const second = await collection.findOne({ _id: 2 } as never);
    await collection.deleteOne({ _id: 2 } as never);
    expect((await log.verify()).firstBad).toEqual({ seq: 2, problem: 'missing-or-reordered' });
    // Put it back one place later (swap 2 and 3): the links no longer hold.
    const third = await collection.findOne({ _id: 3 } as never);
    await collection.deleteOne({ _id: 3 } as never);
    await collection.insertOne({ ...third, _id: 2, seq: 2 } as never);
    await collection.insertOne({ ...second, _id: 3, seq: 3 } as never);
    expect((await log.verify()).ok).toBe(false);
  });

  it('purges only the oldest run up to the first entry under legal hold, and stays verifiable from its checkpoint', async () => {
    const log = await newLog();
    await log.append(content(1, '2026-01-01T00:00:00.000Z'));
    await log.append(content(2, '2026-01-02T00:00:00.000Z'));
    await log.append(content(3, '2026-01-03T00:00:00.000Z', 'post:held'));
    await log.append(content(4, '2026-01-04T00:00:00.000Z'));
    await log.hold('post:held', 'admin-1', true);
    const purged = await log.purge(new Date('2026-03-01T00:00:00.000Z'), 'admin-1');
    expect(purged).toEqual({ purged: 2, throughSeq: 2 });
    const left = await all(log);
    expect(left.map((e) => [e.seq, e.subject])).toEqual([
      [3, 'post:held'],
      [4, 'post:4'],
      [5, 'post:held'],
      [6, 'audit-log'],
    ]);
    expect(left.at(-1)).toMatchObject({ action: PURGED_ACTION, data: { throughSeq: 2, count: 2 } });
    expect(await log.verify()).toEqual({ ok: true, checked: 4, lastSeq: 6 });
    // Nothing newer than the cutoff, nothing under hold: a second purge removes nothing.
    expect(await log.purge(new Date('2026-03-01T00:00:00.000Z'), 'admin-1')).toEqual({ purged: 0, throughSeq: null });
    // Moving the anchor (with a matching digest) to hide a removed entry is caught: it is not the recorded checkpoint.
    const third = left[0]!;
    await raw(log, 'audit_meta').updateOne({ _id: 'anchor' } as never, { $set: { seq: 3, digest: entryDigest(third) } });
    await raw(log, 'audit_log').deleteOne({ _id: 3 } as never);
    expect(await log.verify()).toMatchObject({ ok: false, firstBad: { seq: 3, problem: 'broken-link' } });
  });
});
