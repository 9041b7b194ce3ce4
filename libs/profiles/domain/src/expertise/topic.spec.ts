import { normaliseTopic, questionTopics } from './topic';

describe('topics', () => {
  it('normalise hashtags, skills and words the way the feed stores hashtags', () => {
    expect(['#Kubernetes', 'Event storming', 'CI-CD', 'Ünïcode', '2024', '', 'a'.repeat(65)].map(normaliseTopic)).toEqual([
      'kubernetes',
      'eventstorming',
      'cicd',
      'ünïcode',
      null,
      null,
      null,
    ]);
  });

  it('take a question\'s hashtags first, then its distinct words without stop words', () => {
    expect(questionTopics(['kubernetes'], 'How do we upgrade the Helm chart? Anyone with Helm experience?')).toEqual(['kubernetes', 'upgrade', 'helm', 'chart', 'experience']);
  });

  it('are bounded', () => {
    expect(questionTopics([], Array.from({ length: 100 }, (_, i) => `word${i}x`).join(' '), 10)).toHaveLength(10);
  });
});
