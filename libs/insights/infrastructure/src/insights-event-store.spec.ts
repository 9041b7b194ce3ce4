import { exampleEnvelope } from '@plein/shared/contracts';
import { visitRecordedV1 } from '@plein/insights/contracts';
import { cellsProjection } from './cells/cells.projection';
import { InsightsTopics } from './cells/insights-topics';
import { insightsRegistry, insightsTopicFor, insightsTopicSpecs } from './insights-event-store';

describe('insights event store wiring', () => {
  it("validates against the service's own contracts", () => {
    const registry = insightsRegistry();
    expect(() => registry.validate(exampleEnvelope(visitRecordedV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(visitRecordedV1, { data: { person: 'x', day: '2026-12-06' } }))).toThrow();
  });

  it("publishes each visit on the visit topic after the installation's prefix, and refuses a bad prefix", () => {
    expect(insightsTopicFor('staging.')(exampleEnvelope(visitRecordedV1))).toBe('staging.insights.visit.events.v1');
    expect(insightsTopicSpecs('staging.').map((t) => t.name)).toEqual(['staging.insights.visit.events.v1']);
    expect(() => insightsTopicFor('bad prefix')).toThrow(TypeError);
    expect(() => insightsTopicFor('')({ ...exampleEnvelope(visitRecordedV1), aggregateType: 'other' })).toThrow(/no insights topic for aggregate type other/);
  });

  it('feeds the cells from identity users, feed activity and visits, all under the prefix', () => {
    const topics = cellsProjection({ topics: new InsightsTopics('staging.'), secret: 'x'.repeat(32) }).topics;
    expect(topics).toEqual(
      ['identity.user', 'feed.post', 'feed.comment', 'feed.reaction', 'feed.response', 'feed.rsvp', 'feed.roster', 'insights.visit'].map((t) => `staging.${t}.events.v1`),
    );
  });
});
