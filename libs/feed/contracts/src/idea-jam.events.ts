import { dateTime, defineEvent, object, setOf, text, uuid, type EventContract } from '@plein/shared/contracts';
import { nextVersionWithAudience, scopedAudienceSchema, UNKNOWN_AUDIENCE, type ScopedAudience } from './audience';
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
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export interface IdeaJamCancelledV1 {
  note?: string;
}
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
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
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export type JamBallotIdeaVotedV1 = BallotRef;
/** @deprecated read as v2 (the audience is UNKNOWN_AUDIENCE). */
export type JamBallotVoteWithdrawnV1 = BallotRef;
/** `audience`: the jam's (it never changes), so consumers filter without a jam projection. */
interface WithJamAudience {
  audience: ScopedAudience;
}
export type IdeaJamCancelledV2 = IdeaJamCancelledV1 & WithJamAudience;
export type IdeaJamOutcomesPublishedV2 = IdeaJamOutcomesPublishedV1 & WithJamAudience;
export type JamBallotIdeaVotedV2 = JamBallotIdeaVotedV1 & WithJamAudience;
export type JamBallotVoteWithdrawnV2 = JamBallotVoteWithdrawnV1 & WithJamAudience;

const jam = { aggregateType: 'ideajam', topic: feedIdeaJamTopic, version: 1 } as const;
const ballot = { aggregateType: 'jamballot', topic: feedJamBallotTopic, version: 1, deprecated: true } as const;
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
  deprecated: true,
  type: 'feed.ideajam.cancelled',
  description: 'The manager called the jam off; it has no outcomes.',
  schema: object({ note: text(1_000) }),
  example: { note: 'Merged into the sustainability programme.' },
});

export const ideaJamOutcomesPublishedV1 = defineEvent<IdeaJamOutcomesPublishedV1>({
  ...jam,
  deprecated: true,
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

const jamAudience = { schema: scopedAudienceSchema, example: { kind: 'organisation' } as ScopedAudience, fallback: () => UNKNOWN_AUDIENCE };
const cancelledV2 = nextVersionWithAudience(ideaJamCancelledV1, jamAudience, "The manager called the jam off; it has no outcomes. Carries the jam's audience.");
const outcomesPublishedV2 = nextVersionWithAudience(
  ideaJamOutcomesPublishedV1,
  jamAudience,
  "After the jam closed, its manager published the outcome: a summary and the ideas taken forward, with the jam's audience.",
);
const ideaVotedV2 = nextVersionWithAudience(jamBallotIdeaVotedV1, jamAudience, "A person spent one of their jam votes on an idea (at most one vote per idea); carries the jam's audience.");
const voteWithdrawnV2 = nextVersionWithAudience(jamBallotVoteWithdrawnV1, jamAudience, "A person took their vote back from an idea while the jam was open; carries the jam's audience.");
export const ideaJamCancelledV2: EventContract<IdeaJamCancelledV2> = cancelledV2.contract;
export const ideaJamOutcomesPublishedV2: EventContract<IdeaJamOutcomesPublishedV2> = outcomesPublishedV2.contract;
export const jamBallotIdeaVotedV2: EventContract<JamBallotIdeaVotedV2> = ideaVotedV2.contract;
export const jamBallotVoteWithdrawnV2: EventContract<JamBallotVoteWithdrawnV2> = voteWithdrawnV2.contract;

export const ideaJamContracts = [ideaJamScheduledV1, ideaJamClosedV1, ideaJamCancelledV1, ideaJamCancelledV2, ideaJamOutcomesPublishedV1, ideaJamOutcomesPublishedV2];
export const jamBallotContracts = [jamBallotIdeaVotedV1, jamBallotIdeaVotedV2, jamBallotVoteWithdrawnV1, jamBallotVoteWithdrawnV2];
/** Jam and ballot events written before they carried the jam's audience get UNKNOWN_AUDIENCE. */
export const ideaJamUpcasters = [cancelledV2.upcaster, outcomesPublishedV2.upcaster, ideaVotedV2.upcaster, voteWithdrawnV2.upcaster];
