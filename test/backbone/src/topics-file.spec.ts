import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedContracts } from '@plein/feed/contracts';
import { identityContracts } from '@plein/identity/contracts';
import { moderationContracts } from '@plein/moderation/contracts';
import { notificationsContracts } from '@plein/notifications/contracts';
import { insightsContracts } from '@plein/insights/contracts';
import { profilesContracts } from '@plein/profiles/contracts';
import { parseTopicFile } from '@plein/shared/event-store';

/**
 * deploy/topics/topics.yaml must declare every topic a contracts lib publishes to: ensureTopics
 * creates only what it lists, and the relay's producer does not auto-create topics, so a missing
 * entry means events that wait in the outbox forever.
 */
describe('deploy/topics/topics.yaml', () => {
  const file = parseTopicFile(readFileSync(join(__dirname, '../../../deploy/topics/topics.yaml'), 'utf8'));
  const declared = file.topics.map((t) => t.name);
  const published = [...new Set([...identityContracts, ...feedContracts, ...moderationContracts, ...profilesContracts, ...insightsContracts, ...notificationsContracts].map((c) => c.topic))].sort();

  it('declares every topic of the contracts libs, and only those', () => {
    expect(published.length).toBeGreaterThanOrEqual(15);
    expect([...declared].sort()).toEqual(published);
  });

  it('keeps events forever and acknowledges them on two replicas', () => {
    for (const topic of file.topics) {
      expect([topic.name, topic.config['retention.ms'], topic.config['cleanup.policy'], topic.config['min.insync.replicas']]).toEqual([topic.name, '-1', 'delete', '2']);
      expect(topic.replicationFactor).toBeGreaterThanOrEqual(3);
    }
  });
});
