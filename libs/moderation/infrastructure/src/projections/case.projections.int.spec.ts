import { caseDecider, type CaseCommand, type CaseEvent, type CaseState } from '@plein/moderation/domain';
import type { EventEnvelope } from '@plein/shared/kernel';
import { uuidv7 } from '@plein/shared/kernel';
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { applyCaseEvent, caseReadModelNames } from './case.projections';

// Against the real FerretDB, in a database of its own.
let connection: Connection;
beforeAll(async () => {
  connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_test_modcases_${randomBytes(4).toString('hex')}` }).asPromise();
});
afterAll(async () => {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
});

const POST = uuidv7();
const AUTHOR = uuidv7();
const [R1, R2, M1, M2] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
const DECISION = uuidv7();

/** The events a sequence of commands produces on one case stream, as envelopes. */
function stream(commands: CaseCommand[]): EventEnvelope[] {
  let state: CaseState = caseDecider.initialState();
  const out: EventEnvelope[] = [];
  commands.forEach((command, k) => {
    for (const event of caseDecider.decide(command, state)) {
      state = caseDecider.evolve(state, event as CaseEvent);
      out.push({ id: uuidv7(), type: event.type, version: 1, source: 'plein/moderation', aggregateType: 'decision', aggregateId: `post:${POST}`, sequence: out.length + 1, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, k)).toISOString(), correlationId: 'c', causationId: uuidv7(), actorId: 'a', data: event.data });
    }
  });
  return out;
}

const content = { contentType: 'post', contentId: POST, postId: POST, authorId: AUTHOR, groupId: null } as const;
const events = stream([
  { type: 'FileReport', content, reporterId: R1, reason: 'spam' },
  { type: 'FileReport', content, reporterId: R2, reason: 'harassment' },
  { type: 'ClaimCase', moderatorId: M1 },
  { type: 'Decide', decisionId: DECISION, kind: 'hide', reasonCode: 'harassment', rule: 'r', statement: 's', moderatorId: M1 },
  { type: 'Appeal', decisionId: DECISION, authorId: AUTHOR, text: 't' },
  { type: 'DecideAppeal', decisionId: DECISION, moderatorId: M2, outcome: 'upheld', statement: 'u' },
]);

async function snapshot(prefix: string) {
  const out: Record<string, unknown[]> = {};
  for (const name of caseReadModelNames) out[name] = await connection.db!.collection(`${prefix}_${name}`).find().sort({ _id: 1 }).toArray();
  return out;
}
async function applyAll(prefix: string, envelopes: readonly EventEnvelope[]) {
  for (const e of envelopes) for (const name of caseReadModelNames) await applyCaseEvent(name, connection.db!.collection(`${prefix}_${name}`), e);
}

describe('case read models (FerretDB)', () => {
  it('change nothing when events are redelivered, also interleaved with later ones', async () => {
    await applyAll('once', events);
    const once = await snapshot('once');
    expect(once['cases']).toEqual([expect.objectContaining({ _id: `post:${POST}`, reportCount: 2, reasons: { spam: 1, harassment: 1 }, status: 'actioned', contentState: 'hidden', assignee: null, lastSequence: events.length })]);
    expect(once['case-reports']).toHaveLength(2);
    expect(once['case-decisions']).toEqual([expect.objectContaining({ _id: DECISION, appeal: 'upheld', appealStatement: 'u' })]);

    // Read-your-writes applied them, then the Kafka projection delivers them all again, some twice.
    await applyAll('once', [...events, ...events.slice(2), events[0]!]);
    expect(await snapshot('once')).toEqual(once);
  });

  it('refuses a gap (an event before its predecessors) with a retriable error and applies it once they arrive', async () => {
    await expect(applyCaseEvent('cases', connection.db!.collection('gap_cases'), events[2]!)).rejects.toMatchObject({ code: 'PROJECTIONS.SEQUENCE_GAP' });
    await applyAll('gap', events);
    expect((await snapshot('gap'))['cases']).toEqual((await snapshot('once'))['cases']);
  });
});
