import { feedContracts } from '@plein/feed/contracts';
import * as domain from '@plein/feed/domain';
import { parseStreamId } from '@plein/shared/event-sourcing';
import { streamId } from '@plein/shared/kernel';
import { FeedTopics } from './feed-topics';

/**
 * Stream ids are `<aggregateType>-<aggregateId>` and `parseStreamId` splits at the first "-", so an
 * aggregate type with a dash (the former `idea-jam`, `jam-ballot`, `agenda-item`) would stamp
 * envelopes with the wrong aggregateType and route them to no topic.
 */
const contractTypes = [...new Set(feedContracts.map((c) => c.aggregateType))].sort();
const domainTypes = Object.entries(domain)
  .filter(([name]) => name.endsWith('_AGGREGATE_TYPE'))
  .map(([, value]) => value as string)
  .sort();
// Ids of every shape the feed uses: UUIDv7 and composite `<id>:<userId>` / `<follower>:hashtag:<tag>`.
const ids = ['01964b1e-0000-7000-8000-000000000401', '01964b1e-0000-7000-8000-000000000401:01964b1e-0000-7000-8000-000000000101', '01964b1e-0000-7000-8000-000000000101:hashtag:road-map'];

describe('feed stream ids', () => {
  it('the domain declares exactly the aggregate types of the contracts (thirteen)', () => {
    expect(domainTypes).toEqual(contractTypes);
    expect(contractTypes).toHaveLength(13);
  });

  it.each(contractTypes)('round-trips a stream id of aggregate type %s', (aggregateType) => {
    for (const aggregateId of ids) expect(parseStreamId(streamId(aggregateType, aggregateId))).toEqual({ aggregateType, aggregateId });
  });

  it.each(contractTypes)('routes aggregate type %s to its contract topic', (aggregateType) => {
    const topics = feedContracts.filter((c) => c.aggregateType === aggregateType).map((c) => c.topic);
    expect(new FeedTopics('t.').feed(aggregateType)).toBe(`t.${topics[0]}`);
  });
});
