import { randomBytes } from 'node:crypto';
import { AgendaService, type RequestContext } from '@plein/feed/application';
import { FixedClock, uuidv7 } from '@plein/shared/kernel';
import { Kafka } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { FeedInfrastructure } from '../feed-infrastructure';

/**
 * The upcoming agenda with visibility in the query (real server): among many more items the
 * reader may not see (secret and closed groups they are not in, groups the read model does not
 * know) than items they may, every page is full while visible items follow, `next` is the last
 * item shown, and paging walks every visible item once, soonest first (static items first).
 */
describe('upcoming agenda: visibility filtered in the query (real server)', () => {
  let connection: Connection;
  let infra: FeedInfrastructure;
  const now = new Date('2026-12-10T08:00:00.000Z');
  const reader = uuidv7();
  const ctx: RequestContext = { caller: { userId: reader, roles: ['employee'] }, correlationId: 'corr-agenda' };
  const [open, secret, closed, mine, unknown] = Array.from({ length: 5 }, () => uuidv7());
  const visibleIds: string[] = [];
  let service: AgendaService;

  const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
  type Audience = { kind: 'organisation' } | { kind: 'group'; groupId: string };
  const org: Audience = { kind: 'organisation' };
  const group = (groupId: string): Audience => ({ kind: 'group', groupId });
  const stamp = { lastSequence: 1, createdAt: now.toISOString(), updatedAt: now.toISOString() };
  const event = (audience: Audience, startsIn: number, extra: Record<string, unknown> = {}) => {
    const _id = uuidv7();
    return { _id, ...stamp, status: 'scheduled', organiserId: uuidv7(), audience, startsAt: at(startsIn), details: { kind: 'event', title: `at ${startsIn}`, description: '', startsAt: at(startsIn), endsAt: at(startsIn + 1) }, ...extra };
  };
  const staticItem = (audience: Audience, visibleUntil?: string) => ({
    _id: uuidv7(), ...stamp, status: 'scheduled', organiserId: uuidv7(), audience, startsAt: null, details: { kind: 'static', title: 'static', description: '', ...(visibleUntil ? { visibleUntil } : {}) },
  });

  beforeAll(async () => {
    const dbName = `plein_test_agenda_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
    infra = new FeedInfrastructure({ connection, kafka: new Kafka({ brokers: ['127.0.0.1:9092'] }), consumers: false, topicPrefix: `t${randomBytes(3).toString('hex')}.` });
    await infra.init();
    const of = (name: string) => infra.collections.of(name);
    const groupDoc = (_id: string, visibility: string) => ({ _id, ...stamp, status: 'active', name: visibility, visibility, ownerId: uuidv7() });
    await (await of('groups')).insertMany([groupDoc(open, 'open'), groupDoc(secret, 'secret'), groupDoc(closed, 'closed'), groupDoc(mine, 'secret')] as never[]);
    await (await of('memberships')).insertOne({ _id: `${mine}:${reader}`, ...stamp, groupId: mine, userId: reader, status: 'member', role: 'member' } as never);

    // Visible: organisation-wide, the open group, the reader's own secret group; one static item without an end.
    const visible = [staticItem(org), event(org, 5), event(group(open), 9), event(group(mine), 14), event(org, 20), event(group(open), 26), event(group(mine), 31)];
    // Not visible, interleaved and far more: other secret and closed groups, an unknown group, and
    // items that are over or cancelled.
    const hidden = [
      ...[1, 2, 3, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18, 19, 21, 22, 23].map((h) => event(group(h % 2 ? secret : closed), h)),
      event(group(unknown), 4), event(group(unknown), 24), staticItem(group(secret)),
      event(org, -5), staticItem(org, at(-1)), event(org, 3, { status: 'cancelled' }),
    ];
    await (await of('agenda-items')).insertMany([...visible, ...hidden] as never[]);
    visibleIds.push(...visible.map((i) => i._id));
    service = new AgendaService({ ...infra.deps, clock: new FixedClock(now) });
  });
  afterAll(async () => {
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  it('fills every page while visible items follow and pages through them once, soonest first', async () => {
    const pages: string[][] = [];
    const nexts: (string | null)[] = [];
    let after: string | null = null;
    do {
      const page = await service.upcoming(ctx, 2, after);
      pages.push(page.items.map((i) => i.agendaItemId));
      nexts.push(page.next);
      after = page.next;
    } while (after !== null && pages.length < 10);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat()).toEqual(visibleIds);
    // `next` is the last item shown, and null only on the last page.
    expect(nexts).toEqual([pages[0]![1], pages[1]![1], pages[2]![1], null]);
  });

  it('answers one full page when the limit covers every visible item, with no next', async () => {
    const page = await service.upcoming(ctx, 7);
    expect([page.items.map((i) => i.agendaItemId), page.next]).toEqual([visibleIds, null]);
  });

  it('refuses a cursor at an item the reader cannot see or that does not exist, naming query.after', async () => {
    const items = await infra.collections.of('agenda-items');
    const hiddenOne = (await items.findOne({ 'audience.groupId': secret })) as { _id: string } | null;
    for (const after of [hiddenOne!._id, uuidv7()]) {
      await expect(service.upcoming(ctx, 2, after)).rejects.toMatchObject({ kind: 'validation', violations: [{ field: 'query.after' }] });
    }
  });
});
