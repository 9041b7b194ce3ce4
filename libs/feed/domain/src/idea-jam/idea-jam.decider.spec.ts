import { actor, at, deciderSpec, ids, NOW } from '../testing/decider-spec';
import { foldIdeaJam, ideaJamDecider, jamPhase, type IdeaJamCommand, type IdeaJamEvent } from './idea-jam.decider';

const spec = deciderSpec(ideaJamDecider);
const manager = actor(ids.bram, { managementLevel: 'manager' });
const schedule = (extra: Partial<Extract<IdeaJamCommand, { type: 'ScheduleIdeaJam' }>> = {}): IdeaJamCommand => ({
  type: 'ScheduleIdeaJam',
  jamId: ids.jam,
  actor: manager,
  audience: { kind: 'organisation' },
  title: ' Paperless ',
  question: 'How do we halve our paper use?',
  opensAt: '2026-03-02T08:00:00Z',
  closesAt: '2026-03-16T17:00:00Z',
  votesPerPerson: 3,
  now: NOW,
  ...extra,
});
const scheduled: IdeaJamEvent = {
  type: 'feed.ideajam.scheduled',
  version: 1,
  data: {
    managerId: ids.bram,
    audience: { kind: 'organisation' },
    title: 'Paperless',
    question: 'How do we halve our paper use?',
    opensAt: '2026-03-02T08:00:00.000Z',
    closesAt: '2026-03-16T17:00:00.000Z',
    votesPerPerson: 3,
  },
};
const DURING = at('2026-03-05T00:00:00Z');
const AFTER = at('2026-03-17T00:00:00Z');

describe('IdeaJam decider', () => {
  it('lets managers schedule a time-boxed jam', () => {
    spec.given().when(schedule()).then([scheduled]);
    spec.given().when(schedule({ actor: actor(ids.ada) })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    // A secret group the scheduler is not in does not exist for them, before the manager check could say it does.
    const secret = { kind: 'group', groupId: ids.group } as const;
    spec.given().when(schedule({ actor: actor(ids.ada), audience: secret, group: { groupId: ids.group, visibility: 'secret' } })).thenThrows({ code: 'FEED.GROUP_NOT_FOUND' });
    spec.given().when(schedule({ actor: actor(ids.ada), audience: secret })).thenThrows({ code: 'FEED.GROUP_NOT_FOUND' });
    spec.given().when(schedule({ closesAt: '2026-03-01T08:00:00Z' })).thenThrows({ code: 'FEED.INVALID_IDEA_JAM' });
    spec.given().when(schedule({ closesAt: '2026-09-01T08:00:00Z' })).thenThrows({ code: 'FEED.INVALID_IDEA_JAM' });
    spec.given().when(schedule({ votesPerPerson: 0 })).thenThrows({ code: 'FEED.INVALID_IDEA_JAM' });
    spec.given().when(schedule({ audience: { kind: 'group', groupId: ids.group }, group: { groupId: ids.group, visibility: 'closed' } })).thenThrows({
      code: 'FEED.AUDIENCE_NOT_ALLOWED',
    });
  });

  it('runs through upcoming, open, closed and concluded', () => {
    const state = foldIdeaJam([scheduled]);
    expect([NOW, DURING, AFTER].map((t) => jamPhase(state, t))).toEqual(['upcoming', 'open', 'closed']);
    expect(jamPhase(foldIdeaJam([scheduled, { type: 'feed.ideajam.closed', version: 1, data: { early: true } }]), DURING)).toBe('closed');
    expect(jamPhase(foldIdeaJam([scheduled, { type: 'feed.ideajam.outcomes-published', version: 2, data: { summary: 's', selectedIdeaIds: [], audience: { kind: 'organisation' } } }]), AFTER)).toBe('concluded');
    expect(jamPhase(foldIdeaJam([scheduled, { type: 'feed.ideajam.cancelled', version: 2, data: { audience: { kind: 'organisation' } } }]), DURING)).toBe('cancelled');
  });

  it('closes early (or records the end), once, by its manager', () => {
    spec.given(scheduled).when({ type: 'CloseIdeaJam', jamId: ids.jam, actor: manager, now: DURING }).then([{ type: 'feed.ideajam.closed', version: 1, data: { early: true } }]);
    spec.given(scheduled).when({ type: 'CloseIdeaJam', jamId: ids.jam, actor: manager, now: AFTER }).then([{ type: 'feed.ideajam.closed', version: 1, data: { early: false } }]);
    spec.given(scheduled, { type: 'feed.ideajam.closed', version: 1, data: { early: true } }).when({ type: 'CloseIdeaJam', jamId: ids.jam, actor: manager, now: AFTER }).thenNothing();
    spec.given(scheduled).when({ type: 'CloseIdeaJam', jamId: ids.jam, actor: actor(ids.ada, { managementLevel: 'director' }), now: DURING }).thenThrows({ code: 'FEED.NOT_PERMITTED' });
  });

  it('publishes outcomes after closing, naming ideas of this jam only', () => {
    const outcomes = (selectedIdeaIds: string[], now = AFTER) => ({ type: 'PublishIdeaJamOutcomes' as const, jamId: ids.jam, actor: manager, summary: ' Thanks! ', selectedIdeaIds, jamIdeaIds: new Set([ids.post]), now });
    spec.given(scheduled).when(outcomes([ids.post.toUpperCase()])).then([{ type: 'feed.ideajam.outcomes-published', version: 2, data: { summary: 'Thanks!', selectedIdeaIds: [ids.post], audience: { kind: 'organisation' } } }]);
    spec.given(scheduled).when(outcomes([ids.comment])).thenThrows({ code: 'FEED.IDEA_JAM_OUTCOMES' });
    spec.given(scheduled).when(outcomes([], DURING)).thenThrows({ code: 'FEED.IDEA_JAM_OUTCOMES' });
  });

  it('cancels before outcomes, not after', () => {
    spec.given(scheduled).when({ type: 'CancelIdeaJam', jamId: ids.jam, actor: manager, note: 'Merged', now: DURING }).then([{ type: 'feed.ideajam.cancelled', version: 2, data: { note: 'Merged', audience: { kind: 'organisation' } } }]);
  });

  it("carries the jam's audience on its cancellation and outcomes (a group jam's summary stays in the group)", () => {
    const group = { kind: 'group', groupId: ids.group } as const;
    const inGroup: IdeaJamEvent = { ...scheduled, data: { ...scheduled.data, audience: group } } as IdeaJamEvent;
    spec.given(inGroup).when({ type: 'CancelIdeaJam', jamId: ids.jam, actor: manager, now: DURING }).then([{ type: 'feed.ideajam.cancelled', version: 2, data: { audience: group } }]);
    const outcomes = { type: 'PublishIdeaJamOutcomes' as const, jamId: ids.jam, actor: manager, summary: 'Done', selectedIdeaIds: [], jamIdeaIds: new Set<string>(), now: AFTER };
    spec.given(inGroup).when(outcomes).then([{ type: 'feed.ideajam.outcomes-published', version: 2, data: { summary: 'Done', selectedIdeaIds: [], audience: group } }]);
    spec.given(scheduled, { type: 'feed.ideajam.outcomes-published', version: 2, data: { summary: 's', selectedIdeaIds: [], audience: { kind: 'organisation' } } })
      .when({ type: 'CancelIdeaJam', jamId: ids.jam, actor: manager, now: AFTER })
      .thenThrows({ code: 'FEED.IDEA_JAM_OUTCOMES' });
  });
});
