import { actor, deciderSpec, ids } from '../testing/decider-spec';
import { jamBallotDecider, type JamBallotEvent, type JamView } from './jam-ballot.decider';

const spec = deciderSpec(jamBallotDecider);
const bram = actor(ids.bram);
// A group jam: every ballot event carries the jam's audience.
const audience = { kind: 'group', groupId: ids.group } as const;
const jam: JamView = { jamId: ids.jam, phase: 'open', votesPerPerson: 2, audience };
const idea = (ideaId: string, extra = {}) => ({ ideaId, jamId: ids.jam, authorId: ids.ada, available: true, ...extra });
const voted = (ideaId: string): JamBallotEvent => ({ type: 'feed.jamballot.idea-voted', version: 2, data: { jamId: ids.jam, userId: ids.bram, ideaId, audience } });

describe('JamBallot decider', () => {
  it('spends at most votesPerPerson votes, one per idea', () => {
    spec.given().when({ type: 'VoteForIdea', actor: bram, jam, idea: idea(ids.post) }).then([voted(ids.post)]);
    spec.given(voted(ids.post)).when({ type: 'VoteForIdea', actor: bram, jam, idea: idea(ids.post) }).thenNothing();
    spec.given(voted(ids.post), voted(ids.comment)).when({ type: 'VoteForIdea', actor: bram, jam, idea: idea(ids.reply) }).thenThrows({ code: 'FEED.IDEA_JAM_VOTE_BUDGET' });
  });

  it('gives a vote back when withdrawn, while the jam is open', () => {
    const withdrawn: JamBallotEvent = { type: 'feed.jamballot.vote-withdrawn', version: 2, data: { jamId: ids.jam, userId: ids.bram, ideaId: ids.post, audience } };
    spec.given(voted(ids.post)).when({ type: 'WithdrawJamVote', actor: bram, jam, ideaId: ids.post }).then([withdrawn]);
    spec.given(voted(ids.post), voted(ids.comment), withdrawn).when({ type: 'VoteForIdea', actor: bram, jam, idea: idea(ids.reply) }).then([voted(ids.reply)]);
    spec.given(voted(ids.post)).when({ type: 'WithdrawJamVote', actor: bram, jam: { ...jam, phase: 'closed' }, ideaId: ids.post }).thenThrows({ code: 'FEED.IDEA_JAM_NOT_OPEN' });
  });

  it('refuses own ideas, ideas of other jams, and voting outside the open phase', () => {
    spec.given().when({ type: 'VoteForIdea', actor: bram, jam, idea: idea(ids.post, { authorId: ids.bram }) }).thenThrows({ code: 'FEED.OWN_IDEA' });
    spec.given().when({ type: 'VoteForIdea', actor: bram, jam, idea: idea(ids.post, { jamId: ids.group }) }).thenThrows({ code: 'FEED.POST_NOT_FOUND' });
    spec.given().when({ type: 'VoteForIdea', actor: bram, jam: { ...jam, phase: 'upcoming' }, idea: idea(ids.post) }).thenThrows({ code: 'FEED.IDEA_JAM_NOT_OPEN' });
  });
});
