import { computeLag } from './consumer-lag';

describe('consumer lag', () => {
  const topics = [{ topic: 't', partitions: [{ partition: 1, low: '0', high: '7' }, { partition: 0, low: '5', high: '10' }] }];

  it('is the high watermark minus the committed offset, per partition', () => {
    const lag = computeLag('g', topics, [{ topic: 't', partitions: [{ partition: 0, offset: '8' }, { partition: 1, offset: '7' }] }]);
    expect(lag.partitions.map((p) => [p.partition, p.committed, p.lag])).toEqual([[0, '8', 2], [1, '7', 0]]);
    expect(lag.total).toBe(2);
  });

  it('counts from the low watermark when nothing is committed or the commit fell out of retention', () => {
    const lag = computeLag('g', topics, [{ topic: 't', partitions: [{ partition: 0, offset: '-1' }, { partition: 1, offset: '-1' }] }]);
    expect(lag.partitions.map((p) => [p.committed, p.lag])).toEqual([[null, 5], [null, 7]]);
    const behindRetention = computeLag('g', topics, [{ topic: 't', partitions: [{ partition: 0, offset: '2' }] }]);
    expect(behindRetention.partitions[0]!.lag).toBe(5);
  });
});
