import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTopicFile } from '@plein/shared/event-store';
import { evidenceProjection } from '../evidence/evidence.projection';
import { expertiseTopicPartitions } from './expertise-infrastructure';

describe('the topics the expertise part reads', () => {
  it('are created (when missing) with the partitions deploy/topics/topics.yaml declares, also under a prefix', () => {
    const file = parseTopicFile(readFileSync(join(__dirname, '../../../../../deploy/topics/topics.yaml'), 'utf8'));
    const declared = new Map(file.topics.map((t) => [t.name, t.partitions]));
    const topics = evidenceProjection().topics;
    expect(topics.length).toBe(9);
    for (const name of topics) {
      expect([name, declared.get(name)]).toEqual([name, expertiseTopicPartitions(name)]);
      expect(expertiseTopicPartitions(`t1a2b.${name}`)).toBe(declared.get(name));
    }
  });
});
