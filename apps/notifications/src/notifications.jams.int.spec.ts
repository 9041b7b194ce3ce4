import type { NewNotification } from '@plein/notifications/application';
import type { Notification } from '@plein/notifications/domain';
import { JamTimer, type MongoInbox } from '@plein/notifications/infrastructure';
import { FixedClock, uuidv7 } from '@plein/shared/kernel';
import { notificationsPerSuite, sourcesCaughtUp, waitFor, type NotificationsUnderTest } from './testing/notifications-harness';

/** Idea jams opening and closing, told by the jam timer (an injected clock) to the jam's audience, against the real servers. */
describe('notifications jams', () => {
  const suite = notificationsPerSuite();
  let n: NotificationsUnderTest;
  beforeAll(() => {
    n = suite.notifications;
  });

  /** Every item of a person, read from the store (a deactivated person cannot sign in to read them). */
  const itemsOf = (userId: string): Promise<Notification[]> => n.infrastructure.inbox.list(userId, 100);
  const jamItems = async (userId: string, jamId: string): Promise<[string, string[]][]> =>
    (await itemsOf(userId)).filter((i) => i.target.id === jamId).map((i) => [i.type, [...i.actorIds]] as [string, string[]]).sort();
  const people = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await n.events.person());
    await waitFor('people known', async () => (await n.infrastructure.sourceDeps.people.activeAmong(ids)).size === ids.length);
    return ids;
  };
  /** A replica's jam timer at `iso` (each call: another replica's, sharing the database). */
  const timerAt = (iso: string): JamTimer => new JamTimer(n.infrastructure.sourceDeps, n.infrastructure.jams, { clock: new FixedClock(new Date(iso)) });
  /** Two replicas running the same round at once. */
  const twoReplicasAt = (iso: string): Promise<unknown> => Promise.all([timerAt(iso).runOnce(), timerAt(iso).runOnce()]);

  it('tells everyone in an organisation jam when it opens and when it closes, once with two replicas and reruns; never its manager, never a deactivated person', async () => {
    const [manager, anna, bob, gone] = (await people(4)) as [string, string, string, string];
    await n.events.deactivate(gone);
    await waitFor('deactivated', async () => (await n.infrastructure.sourceDeps.people.activeAmong([gone])).size === 0);
    const jamId = await n.events.jam(manager, { title: 'Paperless by summer', opensAt: '2030-03-02T08:00:00.000Z', closesAt: '2030-03-16T17:00:00.000Z' });
    await sourcesCaughtUp(n);

    await twoReplicasAt('2030-03-02T07:59:00.000Z');
    expect(await jamItems(anna, jamId)).toEqual([]);

    await twoReplicasAt('2030-03-02T08:01:00.000Z');
    await timerAt('2030-03-02T08:02:00.000Z').runOnce();
    // A redelivered schedule changes nothing either.
    await n.events.resend([n.events.published.find((e) => e.aggregateId === jamId)!], n.events.topics.jams);
    await sourcesCaughtUp(n);
    await timerAt('2030-03-02T08:03:00.000Z').runOnce();
    for (const person of [anna, bob]) expect(await jamItems(person, jamId)).toEqual([['jam-opened', [manager]]]);
    expect((await itemsOf(anna)).find((i) => i.type === 'jam-opened')).toMatchObject({
      target: { kind: 'idea-jam', id: jamId },
      excerpt: 'Paperless by summer',
      confidential: false,
      createdAt: '2030-03-02T08:00:00.000Z',
    });

    await twoReplicasAt('2030-03-16T17:00:30.000Z');
    await timerAt('2030-03-16T17:01:00.000Z').runOnce();
    for (const person of [anna, bob]) {
      expect(await jamItems(person, jamId)).toEqual([
        ['jam-closed', [manager]],
        ['jam-opened', [manager]],
      ]);
    }
    expect(await jamItems(manager, jamId)).toEqual([]);
    expect(await itemsOf(gone)).toEqual([]);
  });

  it('tells a group jam to its members only; an early close at the close (not the one who closed it); a cancelled jam tells nothing; the in-app setting holds', async () => {
    const [manager, member, closer, outsider, quiet] = (await people(5)) as [string, string, string, string, string];
    const groupId = await n.events.group('closed', manager, [member, closer, quiet]);
    expect((await n.call(quiet, 'PUT', '/v1/notifications/preferences', { channels: { 'jam-opened': { 'in-app': false } } })).status).toBe(200);
    const audience = { kind: 'group' as const, groupId };
    const jamId = await n.events.jam(manager, { audience, opensAt: '2031-01-05T08:00:00.000Z', closesAt: '2031-01-20T17:00:00.000Z' });
    const cancelledEarly = await n.events.jam(manager, { audience, opensAt: '2031-01-05T08:00:00.000Z', closesAt: '2031-01-20T17:00:00.000Z' });
    const cancelledLater = await n.events.jam(manager, { audience, opensAt: '2031-01-05T08:00:00.000Z', closesAt: '2031-01-20T17:00:00.000Z' });
    await n.events.cancelJam(cancelledEarly, manager, audience);
    await sourcesCaughtUp(n);
    await waitFor('the in-app setting', async () => (await n.infrastructure.preferencesReadModel.excluded([quiet], 'jam-opened', { kind: 'idea-jam', id: jamId })).has(quiet));

    await twoReplicasAt('2031-01-05T08:00:00.000Z');
    for (const person of [member, closer]) expect(await jamItems(person, jamId)).toEqual([['jam-opened', [manager]]]);
    expect((await itemsOf(member)).find((i) => i.target.id === jamId)).toMatchObject({ target: { kind: 'idea-jam', id: jamId, groupId }, confidential: true });
    expect(await jamItems(quiet, jamId)).toEqual([]);
    expect(await itemsOf(outsider)).toEqual([]);
    expect(await jamItems(member, cancelledEarly)).toEqual([]);

    await n.events.closeJam(jamId, closer, true, '2031-01-10T12:00:00.000Z');
    await n.events.cancelJam(cancelledLater, manager, audience);
    await sourcesCaughtUp(n);
    await twoReplicasAt('2031-01-10T12:00:30.000Z');
    expect(await jamItems(member, jamId)).toEqual([
      ['jam-closed', [closer]],
      ['jam-opened', [manager]],
    ]);
    expect(await jamItems(manager, jamId)).toEqual([['jam-closed', [closer]]]);
    expect(await jamItems(closer, jamId)).toEqual([['jam-opened', [manager]]]);
    expect(await jamItems(quiet, jamId)).toEqual([['jam-closed', [closer]]]);

    await twoReplicasAt('2031-01-21T00:00:00.000Z');
    expect(await jamItems(member, cancelledEarly)).toEqual([]);
    expect(await jamItems(member, cancelledLater)).toEqual([['jam-opened', [manager]]]);
    expect(await itemsOf(outsider)).toEqual([]);
  });

  it('tells an organisation jam of 10,000 people in batches of a thousand (no write per person)', async () => {
    const [manager] = (await people(1)) as [string];
    const everyone = Array.from({ length: 10_000 }, () => uuidv7());
    // The people as the people source would have written them, seeded in bulk.
    await n.infrastructure.context.people.insertMany(everyone.map((_id) => ({ _id, active: true, managerId: null, lastSequence: 1 })));
    const active = await n.infrastructure.context.people.countDocuments({ active: true });
    const jamId = await n.events.jam(manager, { opensAt: '2032-06-01T08:00:00.000Z', closesAt: '2032-06-30T17:00:00.000Z' });
    await sourcesCaughtUp(n);
    const inbox = n.infrastructure.inbox;
    const writes: number[] = [];
    const counting: MongoInbox = Object.assign(Object.create(inbox) as MongoInbox, {
      add: (items: readonly NewNotification[]) => {
        writes.push(items.length);
        return inbox.add(items);
      },
    });
    const timer = new JamTimer({ ...n.infrastructure.sourceDeps, inbox: counting }, n.infrastructure.jams, { clock: new FixedClock(new Date('2032-06-01T08:00:00.000Z')) });
    await timer.runOnce();
    // Every one of the 10,000 (uuidv7: created after the manager and the earlier tests' people, who may have switched the type off).
    const sorted = [...everyone].sort();
    expect(await inbox.items.countDocuments({ 'target.id': jamId, recipientId: { $gte: sorted[0]!, $lte: sorted.at(-1)! } })).toBe(10_000);
    expect(await inbox.items.countDocuments({ 'target.id': jamId, recipientId: manager })).toBe(0);
    expect(writes.length).toBe(Math.ceil(active / 1000));
    expect(Math.max(...writes)).toBeLessThanOrEqual(1000);
    // ~25 s on idle local servers; each write of 1,000 items took 17-60 s on a machine shared by eight test runs.
  }, 300_000);
});
