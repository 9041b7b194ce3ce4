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

describe('ExpertiseService.standingOn', () => {
  it('reads only the asked topics with their synonyms, and never cuts them at the topic bound', async () => {
    const asked: (readonly string[] | undefined)[] = [];
    const evidence: Evidence[] = [{ topic: 'k8s', kind: 'post', at: at(0) }, ...Array.from({ length: 10 }, (_, i): Evidence => ({ topic: `big${i}x`, kind: 'accepted-answer', at: at(0) }))];
    const taxonomy = { all: async () => [{ termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s'] }] };
    const source = { evidenceOf: async (_: string, topics?: readonly string[]) => (asked.push(topics), evidence.filter((e) => !topics || topics.includes(e.topic))) };
    const service = new ExpertiseService(source, { halfLifeDays: 30, maxTopics: 1 }, taxonomySynonyms(taxonomy, 0, clock), clock);
    expect((await service.standingOn('u1', ['kubernetes'])).map((s) => [s.topic, s.score])).toEqual([['kubernetes', 1]]);
    expect(asked).toEqual([['kubernetes', 'k8s']]);
    expect((await service.forPerson('u1')).topics.map((t) => t.topic)).not.toContain('kubernetes');
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
