import type { BatchObservableCallback, Meter, Observable } from '@opentelemetry/api';
import { observeProcessors } from './processor-metrics';

function fakeMeter() {
  const callbacks: BatchObservableCallback[] = [];
  const instrument = (name: string) => ({ name, addCallback: jest.fn(), removeCallback: jest.fn() }) as unknown as Observable;
  const meter = {
    createObservableGauge: instrument,
    createObservableCounter: instrument,
    addBatchObservableCallback: (cb: BatchObservableCallback) => callbacks.push(cb),
    removeBatchObservableCallback: (cb: BatchObservableCallback) => callbacks.splice(callbacks.indexOf(cb), 1),
  } as unknown as Meter;
  const collect = async () => {
    const observed: [string, number, Record<string, unknown>][] = [];
    for (const cb of callbacks) await cb({ observe: (o, value, attrs) => observed.push([(o as unknown as { name: string }).name, value, attrs ?? {}]) });
    return observed;
  };
  return { meter, collect, callbacks };
}

describe('processor metrics', () => {
  it('observes lag per partition and outcomes per group at collection time', async () => {
    const { meter, collect, callbacks } = fakeMeter();
    const processor = {
      group: 'feed.search-indexer',
      stats: () => ({ processed: 5, skipped: 1, deadLettered: 2, retries: 3 }),
      lag: async () => ({ groupId: 'feed.search-indexer', total: 4, partitions: [{ topic: 't', partition: 1, committed: '6', low: '0', high: '10', lag: 4 }] }),
    };
    const stop = observeProcessors(() => [processor], meter);
    const observed = await collect();
    expect(observed).toContainEqual(['messaging.kafka.consumer.lag', 4, { 'messaging.consumer.group.name': 'feed.search-indexer', 'messaging.destination.name': 't', 'messaging.destination.partition.id': '1' }]);
    expect(observed).toContainEqual(['plein.messaging.messages', 2, { 'messaging.consumer.group.name': 'feed.search-indexer', outcome: 'deadLettered' }]);
    stop();
    expect(callbacks).toHaveLength(0);
  });

  it('skips the lag of a processor whose broker is unreachable', async () => {
    const { meter, collect } = fakeMeter();
    observeProcessors(() => [{ group: 'g', stats: () => ({ processed: 0, skipped: 0, deadLettered: 0, retries: 0 }), lag: () => Promise.reject(new Error('down')) }], meter);
    const observed = await collect();
    expect(observed.filter(([name]) => name === 'messaging.kafka.consumer.lag')).toEqual([]);
    expect(observed).toHaveLength(4);
  });
});
