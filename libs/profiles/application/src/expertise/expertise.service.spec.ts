import { FixedClock } from '@plein/shared/kernel';
import type { Evidence } from '@plein/profiles/domain';
import type { TaxonomyReader } from '../ports';
import { ExpertiseChangeNotifier, ExpertiseService, taxonomySynonyms } from './expertise.service';

const clock = new FixedClock(new Date('2026-06-01T00:00:00Z'));
const at = (daysAgo: number) => new Date(clock.now().getTime() - daysAgo * 86_400_000);

describe('ExpertiseService', () => {
  it('scores at read time with the injected clock, merges taxonomy synonyms, and bounds the topics', async () => {
    const evidence: Evidence[] = [
      { topic: 'k8s', kind: 'answer', at: at(0) },
      { topic: 'kubernetes', kind: 'post', at: at(0) },
      ...Array.from({ length: 30 }, (_, i): Evidence => ({ topic: `topic${i}x`, kind: 'post', at: at(i) })),
    ];
    const taxonomy: Pick<TaxonomyReader, 'all'> = { all: async () => [{ termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s'] }] };
    const service = new ExpertiseService({ evidenceOf: async () => evidence }, { halfLifeDays: 30, maxTopics: 5 }, taxonomySynonyms(taxonomy, 0, clock), clock);
    const result = await service.forPerson('u1');
    expect(result.topics).toHaveLength(5);
    expect(result.topics[0]).toMatchObject({ topic: 'kubernetes', score: 3, total: expect.objectContaining({ answer: 1, post: 1 }) });
    expect(result.computedAt).toBe('2026-06-01T00:00:00.000Z');
  });
});

describe('ExpertiseChangeNotifier', () => {
  it('tells every listener until it unsubscribes; a failing listener does not stop the others', () => {
    const notifier = new ExpertiseChangeNotifier();
    const heard: string[][] = [];
    notifier.subscribe(() => {
      throw new Error('listener down');
    });
    const stop = notifier.subscribe((ids) => heard.push([...ids]));
    notifier.notify(['a', 'b']);
    stop();
    notifier.notify(['c']);
    expect(heard).toEqual([['a', 'b']]);
  });
});
