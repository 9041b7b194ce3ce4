import { FixedClock } from '@plein/shared/kernel';
import { decayedWeight, EVIDENCE_WEIGHTS, explain, scoreExpertise, type Evidence } from './expertise';

const DAY = 86_400_000;
const settings = { halfLifeDays: 90, windowDays: 90 };

describe('scoreExpertise', () => {
  const clock = new FixedClock(new Date('2026-06-01T00:00:00.000Z'));
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * DAY);

  it('sums weight × 0.5^(age/halfLife) per topic, highest first', () => {
    const evidence: Evidence[] = [
      { topic: 'kubernetes', kind: 'accepted-answer', at: daysAgo(0) },
      { topic: 'kubernetes', kind: 'answer', at: daysAgo(90) },
      { topic: 'helm', kind: 'post', at: daysAgo(180) },
    ];
    const standings = scoreExpertise(evidence, clock.now(), settings);
    expect(standings.map((s) => [s.topic, s.score])).toEqual([
      ['kubernetes', EVIDENCE_WEIGHTS['accepted-answer'] + EVIDENCE_WEIGHTS.answer / 2],
      ['helm', EVIDENCE_WEIGHTS.post / 4],
    ]);
  });

  it('decays as the injected clock moves on: one half-life later every dated score halves', () => {
    const evidence: Evidence[] = [
      { topic: 'kubernetes', kind: 'answer', at: daysAgo(10) },
      { topic: 'kubernetes', kind: 'endorsement', at: daysAgo(3) },
    ];
    const before = scoreExpertise(evidence, clock.now(), settings)[0]!.score;
    const later = new FixedClock(clock.now());
    later.advance(90 * DAY);
    expect(scoreExpertise(evidence, later.now(), settings)[0]!.score).toBeCloseTo(before / 2, 3);
  });

  it('keeps a self-declared skill at its (weak) weight: it is what the person says now', () => {
    expect(decayedWeight('declared', daysAgo(3_000), clock.now(), 90)).toBe(EVIDENCE_WEIGHTS.declared);
    expect(decayedWeight('post', daysAgo(3_000), clock.now(), 90)).toBeLessThan(1e-9);
  });

  it('merges synonyms into their canonical topic', () => {
    const synonyms = { canonical: (t: string) => (t === 'k8s' ? 'kubernetes' : t), aliases: (t: string) => [t] };
    const standings = scoreExpertise(
      [
        { topic: 'k8s', kind: 'post', at: daysAgo(0) },
        { topic: 'kubernetes', kind: 'post', at: daysAgo(0) },
      ],
      clock.now(),
      { ...settings, synonyms },
    );
    expect(standings.map((s) => [s.topic, s.total.post])).toEqual([['kubernetes', 2]]);
  });

  it('counts only the window in the explanation, but all evidence in the totals', () => {
    const [standing] = scoreExpertise(
      [
        { topic: 'kubernetes', kind: 'accepted-answer', at: daysAgo(5) },
        { topic: 'kubernetes', kind: 'accepted-answer', at: daysAgo(200) },
      ],
      clock.now(),
      settings,
    );
    expect([standing!.recent['accepted-answer'], standing!.total['accepted-answer']]).toEqual([1, 2]);
  });

  it('refuses a half-life that is not positive', () => {
    expect(() => scoreExpertise([], clock.now(), { halfLifeDays: 0, windowDays: 90 })).toThrow(RangeError);
  });
});

describe('explain', () => {
  const counts = (c: Partial<Record<string, number>>) => ({ 'accepted-answer': 0, answer: 0, article: 0, post: 0, endorsement: 0, reaction: 0, declared: 0, ...c });

  it('renders the counts in English and Dutch', () => {
    expect(explain('kubernetes', counts({ 'accepted-answer': 3, endorsement: 4 }), 90)).toEqual({
      en: '3 accepted answers on #kubernetes in the last 90 days, endorsed by 4 colleagues',
      nl: "3 geaccepteerde antwoorden over #kubernetes in de afgelopen 90 dagen, aanbevolen door 4 collega's",
    });
  });

  it('uses singulars, lists with "and"/"en", and names the topic when only endorsements or the profile speak', () => {
    expect(explain('helm', counts({ answer: 1, post: 2, reaction: 1 }), 30).en).toBe('1 answer and 2 posts on #helm in the last 30 days, 1 reaction received');
    expect(explain('helm', counts({ endorsement: 1, declared: 1 }), 30)).toEqual({
      en: 'Endorsed by 1 colleague for #helm, #helm listed as a skill on their profile',
      nl: 'Aanbevolen door 1 collega voor #helm, #helm staat als vaardigheid op het profiel',
    });
  });
});
