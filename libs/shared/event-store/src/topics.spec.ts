import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dlqSpec, dlqTopicName, parseTopicFile } from './topics';

const TOPICS_FILE = join(__dirname, '../../../../deploy/topics/topics.yaml');

describe('parseTopicFile', () => {
  it('reads deploy/topics/topics.yaml with defaults merged into each topic', () => {
    const file = parseTopicFile(readFileSync(TOPICS_FILE, 'utf8'));
    expect(file.topics.map((t) => t.name)).toEqual(
      expect.arrayContaining(['identity.user.events.v1', 'identity.group.events.v1', 'feed.post.events.v1', 'feed.group.events.v1', 'moderation.decision.events.v1']),
    );
    for (const topic of file.topics) {
      expect(topic.name).toMatch(/^[a-z]+\.[a-z-]+\.events\.v\d+$/);
      expect(topic.config).toMatchObject({ 'cleanup.policy': 'delete', 'retention.ms': '-1' });
      expect(topic.replicationFactor).toBeGreaterThanOrEqual(3);
    }
    expect(file.topics.find((t) => t.name === 'feed.post.events.v1')!.partitions).toBe(12);
    expect(dlqSpec(dlqTopicName('feed', 'home-timeline'), file)).toMatchObject({ name: 'feed.home-timeline.dlq', partitions: 1, config: { 'retention.ms': '2592000000' } });
  });

  it('rejects duplicates and bad partition counts', () => {
    expect(() => parseTopicFile('topics:\n  - name: a\n  - name: a\n')).toThrow('declared twice');
    expect(() => parseTopicFile('topics:\n  - name: a\n    partitions: 0\n')).toThrow('partitions');
    expect(() => parseTopicFile('topics:\n  - partitions: 1\n')).toThrow('needs a name');
  });
});
