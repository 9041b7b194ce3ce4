import { dateTime, defineEvent, object, setOf, text, uuid } from '@plein/shared/contracts';
import { scopedAudienceSchema, type ScopedAudience } from './audience';
import { feedIdeaJamTopic, feedJamBallotTopic } from './topics';

export const JAM_VOTES_PER_PERSON_MAX = 20;
export const JAM_SELECTED_MAX = 50;

export interface IdeaJamScheduledV1 {
  /** The manager who runs the jam (managers, directors, board, community managers, admins). */
  managerId: string;
  audience: ScopedAudience;
  title: string;
  /** The question the jam asks, e.g. "How do we halve our paper use?". */
  question: string;
  /** Ideas and votes are accepted in [opensAt, closesAt). */
  opensAt: string;
  closesAt: string;
  votesPerPerson: number;
}
export interface IdeaJamClosedV1 {
  /** true: the manager closed it before closesAt; false: recorded when closesAt passed. */
  early: boolean;
}
export interface IdeaJamCancelledV1 {
  note?: string;
}
export interface IdeaJamOutcomesPublishedV1 {
  summary: string;
  /** Ideas (post ids) the jam takes forward; their status loop continues on the posts. */
  selectedIdeaIds: string[];
}
interface BallotRef {
  jamId: string;
  userId: string;
  /** The idea post voted for. */
  ideaId: string;
}
export type JamBallotIdeaVotedV1 = BallotRef;
export type JamBallotVoteWithdrawnV1 = BallotRef;

const jam = { aggregateType: 'ideajam', topic: feedIdeaJamTopic, version: 1 } as const;
const ballot = { aggregateType: 'jamballot', topic: feedJamBallotTopic, version: 1 } as const;
const IDEA = '01964b1e-0000-7000-8000-000000000402';

export const ideaJamScheduledV1 = defineEvent<IdeaJamScheduledV1>({
  ...jam,
  type: 'feed.ideajam.scheduled',
  description: 'A manager scheduled a time-boxed idea campaign with a question for an audience.',
  schema: object(
    {
      managerId: uuid(),
      audience: scopedAudienceSchema,
      title: text(200),
      question: text(2_000),
      opensAt: dateTime(),
      closesAt: dateTime(),
      votesPerPerson: { type: 'integer', minimum: 1, maximum: JAM_VOTES_PER_PERSON_MAX },
    },
    ['managerId', 'audience', 'title', 'question', 'opensAt', 'closesAt', 'votesPerPerson'],
  ),
  example: {
    managerId: '01964b1e-0000-7000-8000-000000000102',
    audience: { kind: 'organisation' },
    title: 'Paperless by summer',
    question: 'How do we halve our paper use this year?',
    opensAt: '2026-03-02T08:00:00.000Z',
    closesAt: '2026-03-16T17:00:00.000Z',
    votesPerPerson: 3,
  },
});

export const ideaJamClosedV1 = defineEvent<IdeaJamClosedV1>({
  ...jam,
  type: 'feed.ideajam.closed',
  description: 'The jam stopped accepting ideas and votes (closed early by its manager, or closesAt passed).',
  schema: object({ early: { type: 'boolean' } }, ['early']),
  example: { early: false },
});

export const ideaJamCancelledV1 = defineEvent<IdeaJamCancelledV1>({
  ...jam,
  type: 'feed.ideajam.cancelled',
  description: 'The manager called the jam off; it has no outcomes.',
  schema: object({ note: text(1_000) }),
  example: { note: 'Merged into the sustainability programme.' },
});

export const ideaJamOutcomesPublishedV1 = defineEvent<IdeaJamOutcomesPublishedV1>({
  ...jam,
  type: 'feed.ideajam.outcomes-published',
  description: 'After the jam closed, its manager published the outcome: a summary and the ideas taken forward.',
  schema: object({ summary: text(5_000), selectedIdeaIds: setOf(uuid(), JAM_SELECTED_MAX) }, ['summary', 'selectedIdeaIds']),
  example: { summary: 'Thanks for 140 ideas! We start with double-sided printing by default.', selectedIdeaIds: [IDEA] },
});

const ballotSchema = object({ jamId: uuid(), userId: uuid(), ideaId: uuid() }, ['jamId', 'userId', 'ideaId']);
const ballotExample = { jamId: '01964b1e-0000-7000-8000-000000000431', userId: '01964b1e-0000-7000-8000-000000000105', ideaId: IDEA };

export const jamBallotIdeaVotedV1 = defineEvent<JamBallotIdeaVotedV1>({
  ...ballot,
  type: 'feed.jamballot.idea-voted',
  description: 'A person spent one of their jam votes on an idea (at most one vote per idea).',
  schema: ballotSchema,
  example: ballotExample,
});

export const jamBallotVoteWithdrawnV1 = defineEvent<JamBallotVoteWithdrawnV1>({
  ...ballot,
  type: 'feed.jamballot.vote-withdrawn',
  description: 'A person took their vote back from an idea while the jam was open.',
  schema: ballotSchema,
  example: ballotExample,
});

export const ideaJamContracts = [ideaJamScheduledV1, ideaJamClosedV1, ideaJamCancelledV1, ideaJamOutcomesPublishedV1];
export const jamBallotContracts = [jamBallotIdeaVotedV1, jamBallotVoteWithdrawnV1];
