import { InMemoryEventStore } from '@plein/shared/event-sourcing';
import { FixedClock } from '@plein/shared/kernel';
import type { TopicStanding } from '@plein/profiles/domain';
import type { PeopleStatus, TopicExpertise } from '../expertise/expertise.service';
import { AskExpert, type OpenQuestion } from './ask-expert';

const id = (n: number) => `01964b1e-0000-7000-8000-${String(n).padStart(12, '0')}`;
const [author, ann, ben, cas, dirk] = [1, 2, 3, 4, 5].map(id) as [string, string, string, string, string];
const question: OpenQuestion = { postId: id(100), authorId: author, hashtags: ['kubernetes'], text: 'How do we upgrade helm charts?', publishedAt: new Date('2026-01-01T08:00:00Z'), membersOnly: null };

const standing = (topic: string, score: number): TopicStanding => ({ topic, score, recent: {} as never, total: {} as never, explanation: { en: '', nl: '' } });
const scores: Record<string, TopicStanding[]> = {
  [author]: [standing('kubernetes', 50)],
  [ann]: [standing('kubernetes', 3), standing('helm', 2)],
  [ben]: [standing('kubernetes', 9)],
  [cas]: [standing('cooking', 40)],
  [dirk]: [standing('kubernetes', 100)],
};
const expertise: TopicExpertise = { standingOn: async (userId, topics) => (scores[userId] ?? []).filter((s) => topics.includes(s.topic)) };
const people: PeopleStatus = { active: async (ids) => new Set(ids.filter((i) => i !== dirk)), known: async () => true };

function setup(due: OpenQuestion[] = [question], topicExpertise: TopicExpertise = expertise) {
  const store = new InMemoryEventStore();
  const cutoffs: Date[] = [];
  const askExpert = new AskExpert(
    {
      store,
      questions: { due: async (cutoff) => (cutoffs.push(cutoff), due) },
      candidates: { candidatesFor: async () => [author, ann, ben, cas, dirk] },
      expertise: topicExpertise,
      people,
      // Group 'g1' has ann and the author as members.
      members: { membersAmong: async (groupId, ids) => new Set(groupId === 'g1' ? ids.filter((i) => i === ann || i === author) : []) },
      clock: new FixedClock(new Date('2026-01-01T12:00:00Z')),
    },
    { afterMinutes: 120 },
  );
  return { store, askExpert, cutoffs };
}

describe('AskExpert', () => {
  it('asks for questions older than the configured time, by the injected clock', async () => {
    const { askExpert, cutoffs } = setup([]);
    await askExpert.tick();
    expect(cutoffs).toEqual([new Date('2026-01-01T10:00:00Z')]);
  });

  it("ranks active colleagues by their score on the question's hashtags and words; never the author, a deactivated person or someone without standing", async () => {
    const { askExpert } = setup();
    const [suggestion] = await askExpert.tick();
    expect(suggestion!.experts).toEqual([
      { userId: ben, topics: ['kubernetes'] },
      { userId: ann, topics: ['kubernetes', 'helm'] },
    ]);
    expect(suggestion!.topics).toEqual(['kubernetes', 'upgrade', 'helm', 'charts']);
  });

  it('suggests only members of the closed or secret group a question is in', async () => {
    const { askExpert } = setup([{ ...question, membersOnly: 'g1' }]);
    const [suggestion] = await askExpert.tick();
    expect(suggestion!.experts.map((e) => e.userId)).toEqual([ann]);
  });

  it('emits one event per question however often it runs', async () => {
    const { askExpert, store } = setup();
    await askExpert.tick();
    await Promise.all([askExpert.tick(), askExpert.tick()]);
    const stream = await store.readStream(`expert-${question.postId}`);
    expect(stream!.events.map((e) => e.type)).toEqual(['profiles.expert.suggested']);
  });

  it('scores all eligible candidates with one batched read when the expertise part offers it, ranking as one by one', async () => {
    const calls: (readonly string[])[] = [];
    const batched: TopicExpertise = {
      standingOn: async () => {
        throw new Error('not expected: the batched read is there');
      },
      standingOnMany: async (userIds, topics) => (calls.push(userIds), new Map(userIds.map((u) => [u, (scores[u] ?? []).filter((s) => topics.includes(s.topic))]))),
    };
    const [suggestion] = await setup([question], batched).askExpert.tick();
    // One read, for the eligible ones only (not the author, not the deactivated).
    expect(calls).toEqual([[ann, ben, cas]]);
    expect(suggestion!.experts).toEqual([
      { userId: ben, topics: ['kubernetes'] },
      { userId: ann, topics: ['kubernetes', 'helm'] },
    ]);
  });
});
