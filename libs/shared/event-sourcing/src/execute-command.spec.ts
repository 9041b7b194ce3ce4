import type { CommandMetadata, EventEnvelope } from '@plein/shared/kernel';
import { counter, CounterLimitError, type CounterEvent, type Increment } from './counter.fixture';
import type { EventStore } from './event-store.port';
import { executeCommand, type ReadYourWrites } from './execute-command';
import { InMemoryEventStore } from './in-memory-event-store';

const meta = (causationId: string): CommandMetadata => ({ correlationId: 'corr', causationId, actorId: 'ann' });

/** A read model holding per stream the last sequence applied; refuses (gap) what does not follow it. */
class SequencedReadModel implements ReadYourWrites {
  readonly last = new Map<string, number>();
  readonly calls: number[][] = [];
  async project(events: readonly EventEnvelope[]): Promise<'applied' | 'gap'> {
    this.calls.push(events.map((e) => e.sequence));
    for (const event of events) {
      const last = this.last.get(event.aggregateId) ?? 0;
      if (event.sequence <= last) continue;
      if (event.sequence !== last + 1) return 'gap';
      this.last.set(event.aggregateId, event.sequence);
    }
    return 'applied';
  }
}

const run = (store: InMemoryEventStore, readYourWrites: ReadYourWrites | undefined, command: Increment, causationId: string, expectedVersion?: number) =>
  executeCommand<Increment, CounterEvent, { value: number }>({
    store,
    ...(readYourWrites ? { readYourWrites } : {}),
    streamId: 'counter-1',
    decider: counter,
    command,
    metadata: meta(causationId),
    ...(expectedVersion !== undefined ? { expectedVersion: { version: expectedVersion, mismatch: (actual: number) => new Error(`at ${actual}`) } } : {}),
  });

describe('executeCommand', () => {
  it('decides, appends and projects the new events before returning', async () => {
    const store = new InMemoryEventStore();
    const readModel = new SequencedReadModel();
    const result = await run(store, readModel, { by: 2 }, 'c-1');
    expect(result).toMatchObject({ version: 1, state: { value: 2 }, replayed: false });
    expect(readModel.last.get('1')).toBe(1);
  });

  it('closes a gap by re-reading the stream instead of dropping it', async () => {
    const store = new InMemoryEventStore();
    // Two earlier commands whose read-your-writes never ran (a crash between append and apply).
    await run(store, undefined, { by: 1 }, 'c-1');
    await run(store, undefined, { by: 1 }, 'c-2');
    const readModel = new SequencedReadModel();
    const result = await run(store, readModel, { by: 5 }, 'c-3');
    expect(result.version).toBe(3);
    expect(readModel.last.get('1')).toBe(3);
    expect(readModel.calls).toEqual([[3], [1, 2, 3]]);
  });

  it('projects a replayed command\'s first events too (its first run may have crashed before applying them)', async () => {
    const store = new InMemoryEventStore();
    await run(store, undefined, { by: 1 }, 'c-1');
    const readModel = new SequencedReadModel();
    const replay = await run(store, readModel, { by: 1 }, 'c-1');
    expect(replay).toMatchObject({ replayed: true, version: 1, state: { value: 1 } });
    expect(readModel.last.get('1')).toBe(1);
  });

  it('projects nothing when the command decided nothing', async () => {
    const store = new InMemoryEventStore();
    const readModel = new SequencedReadModel();
    const noop = { ...counter, decide: () => [] };
    const result = await executeCommand({ store, readYourWrites: readModel, streamId: 'counter-1', decider: noop, command: { by: 1 }, metadata: meta('c-1') });
    expect(result.events).toEqual([]);
    expect(readModel.calls).toEqual([]);
  });

  it('refuses a command based on another version with the caller\'s error, appending nothing', async () => {
    const store = new InMemoryEventStore();
    await run(store, undefined, { by: 1 }, 'c-1');
    await expect(run(store, undefined, { by: 1 }, 'c-2', 0)).rejects.toThrow('at 1');
    await expect(run(store, undefined, { by: 1 }, 'c-3', 1)).resolves.toMatchObject({ version: 2 });
    expect((await store.readStream('counter-1'))?.version).toBe(2);
  });

  describe('newStream: the command creates its stream (a freshly minted id)', () => {
    /** The store, counting the reads it is asked for. */
    const counting = (store: InMemoryEventStore) => {
      const reads: string[] = [];
      const counted: EventStore = { readStream: (id) => (reads.push(id), store.readStream(id)), append: (...args) => store.append(...args) };
      return { counted, reads };
    };
    const create = (store: EventStore, causationId: string, command: Increment = { by: 2 }, maxRetries?: number) =>
      executeCommand<Increment, CounterEvent, { value: number }>({
        store,
        readYourWrites: new SequencedReadModel(),
        streamId: 'counter-1',
        decider: counter,
        command,
        metadata: meta(causationId),
        newStream: true,
        ...(maxRetries !== undefined ? { maxRetries } : {}),
      });

    it('appends without reading the stream first', async () => {
      const store = new InMemoryEventStore();
      const { counted, reads } = counting(store);
      await expect(create(counted, 'c-1')).resolves.toMatchObject({ version: 1, state: { value: 2 }, replayed: false });
      expect(reads).toEqual([]);
      expect((await store.readStream('counter-1'))?.version).toBe(1);
    });

    it('answers a retry of the same command (its stream exists now) with the first result, appending nothing', async () => {
      const store = new InMemoryEventStore();
      await create(store, 'c-1');
      const { counted, reads } = counting(store);
      await expect(create(counted, 'c-1', { by: 2 }, 0)).resolves.toMatchObject({ version: 1, state: { value: 2 }, replayed: true });
      expect(reads).toEqual(['counter-1']);
      expect((await store.readStream('counter-1'))?.version).toBe(1);
    });

    it('decides another command against the stream that exists after all, as without the option', async () => {
      const store = new InMemoryEventStore();
      await create(store, 'c-1');
      await expect(create(store, 'c-2', { by: 2, limit: 3 }, 0)).rejects.toBeInstanceOf(CounterLimitError);
      await expect(create(store, 'c-3', { by: 1, limit: 3 }, 0)).resolves.toMatchObject({ version: 2, state: { value: 3 }, replayed: false });
    });
  });

  it('fails loudly when a read model still reports a gap after the stream was re-read', async () => {
    const store = new InMemoryEventStore();
    const broken: ReadYourWrites = { project: async () => 'gap' };
    await expect(run(store, broken, { by: 1 }, 'c-1')).rejects.toThrow(/still has a gap/);
  });
});
