import type { DeliveryService, NotificationFeed } from '@plein/notifications/application';
import type { Notification } from '@plein/notifications/domain';
import { DeliveryRunner } from './delivery-processors';
import type { DeliveryCheckpoints } from './mongo-delivery';

const items = (seqs: number[]): Notification[] => seqs.map((seq) => ({ id: `n${seq}`, seq }) as unknown as Notification);

describe('DeliveryRunner', () => {
  it('moves its checkpoint past each delivered item and stops at one that failed, retrying it next pass', async () => {
    let checkpoint = 0;
    const checkpoints = { get: async () => checkpoint, advance: async (_: string, seq: number) => void (checkpoint = Math.max(checkpoint, seq)) } as unknown as DeliveryCheckpoints;
    const feed: NotificationFeed = { readAfter: async (after) => items([1, 2, 3].filter((s) => s > after)), head: async () => 3 };
    const delivered: number[] = [];
    let failOn: number | null = 2;
    const delivery = {
      deliver: async (item: Notification) => {
        if (item.seq === failOn) throw new Error('smtp down');
        delivered.push(item.seq);
      },
    } as unknown as DeliveryService;
    const runner = new DeliveryRunner({ feed, delivery, checkpoints });
    await expect(runner.runOnce()).rejects.toThrow('smtp down');
    // (start() would begin at the feed's head; runOnce reads from the stored checkpoint.)
    expect(checkpoint).toBe(1);
    failOn = null;
    expect(await runner.runOnce()).toBe(2);
    expect(delivered).toEqual([1, 2, 3]);
    expect(checkpoint).toBe(3);
    expect(await runner.runOnce()).toBe(0);
  });
});

describe('DeliveryRunner start', () => {
  it('begins at the inbox head on its first start and keeps a stored checkpoint afterwards', async () => {
    const stored = new Map<string, number>();
    const checkpoints = { get: async (name: string) => stored.get(name) ?? null, advance: async (name: string, seq: number) => void stored.set(name, Math.max(stored.get(name) ?? 0, seq)) } as unknown as DeliveryCheckpoints;
    let head = 41;
    const feed: NotificationFeed = { readAfter: async () => [], head: async () => head };
    const runner = new DeliveryRunner({ feed, delivery: {} as DeliveryService, checkpoints, pollMs: 10, scheduleEveryMs: 3_600_000 });
    await runner.start();
    await runner.stop();
    expect(stored.get('delivery')).toBe(41);
    head = 99;
    await runner.start();
    await runner.stop();
    expect(stored.get('delivery')).toBe(41);
  });
});
