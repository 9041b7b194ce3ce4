import type { AgendaDetails, Audience, CallToAction } from '@plein/feed/contracts';
import { handleCommand, InMemoryEventStore } from '@plein/shared/event-sourcing';
import { uuidv7 } from '@plein/shared/kernel';
import { foldAgendaItem } from '../agenda/agenda-item.decider';
import type { CallToActionView } from '../response/response.decider';
import { actor, at, conformsToContract, deciderSpec, ids, NOW } from '../testing/decider-spec';
import { holdsPlace, rosterDecider, type RosterCommand, type RosterEvent } from './roster.decider';

const spec = deciderSpec(rosterDecider);
/** The post's audience, which every event of its roster carries (an agenda event's: the item's). */
const postAudience: Audience = { kind: 'group', groupId: ids.group };
const view = (callToAction: CallToAction, extra: Partial<CallToActionView> = {}): CallToActionView => ({
  postId: ids.post,
  authorId: ids.ada,
  audience: postAudience,
  callToAction,
  acknowledgementRound: 1,
  closed: false,
  available: true,
  ...extra,
});
const signUp = view({ kind: 'sign-up', capacity: 2, deadline: '2026-03-05T00:00:00.000Z' });
const take = (userId: string, post = signUp, now = NOW): RosterCommand => ({ type: 'TakeSignUpPlace', actor: actor(userId), post, now });
const opened = (subject: 'post' | 'agendaitem', holders: string[] = [], audience: Audience = postAudience): RosterEvent => ({ type: 'feed.roster.opened', version: 2, data: { subject, holders, audience } });
const taken = (userId: string, capacity?: number, audience: Audience = postAudience): RosterEvent => ({
  type: 'feed.roster.place-taken',
  version: 2,
  data: { userId, ...(capacity !== undefined ? { capacity } : {}), audience },
});
const released = (userId: string, audience: Audience = postAudience): RosterEvent => ({ type: 'feed.roster.place-released', version: 2, data: { userId, audience } });
const [openedWith, takenWith] = [opened, taken];
const release = (userId: string, audience: Audience = postAudience): RosterCommand => ({ type: 'ReleasePlace', userId, audience });

describe('Roster decider', () => {
  describe('sign-up places', () => {
    it('opens the roster with the first place and gives places while some are free', () => {
      spec.given().when(take(ids.bram)).then([opened('post'), taken(ids.bram, 2)]);
      spec.given(opened('post'), taken(ids.ada, 2)).when(take(ids.bram)).then([taken(ids.bram, 2)]);
    });

    it('refuses a place when all are taken, and gives a released place to the next person', () => {
      spec.given(opened('post'), taken(ids.ada, 2), taken(ids.bram, 2)).when(take(ids.chris)).thenThrows({ code: 'FEED.CAPACITY_REACHED', details: { capacity: 2 } });
      spec.given(opened('post'), taken(ids.ada, 2), taken(ids.bram, 2), released(ids.ada)).when(take(ids.chris)).then([taken(ids.chris, 2)]);
    });

    it('is idempotent: a holder asking again gets nothing new (also once full or past the deadline)', () => {
      spec.given(opened('post'), taken(ids.ada, 2), taken(ids.bram, 2)).when(take(ids.bram)).thenNothing();
      spec.given(opened('post'), taken(ids.bram, 2)).when(take(ids.bram, signUp, at('2026-03-06T00:00:00Z'))).thenNothing();
    });

    it('releases only places that are held', () => {
      spec.given(opened('post'), taken(ids.bram, 2)).when(release(ids.bram)).then([released(ids.bram)]);
      spec.given(opened('post'), taken(ids.bram, 2), released(ids.bram)).when(release(ids.bram)).thenNothing();
      spec.given().when(release(ids.bram)).thenNothing();
    });

    it("carries the post's audience on every event, whatever audience the roster was opened with", () => {
      const followers: Audience = { kind: 'followers' };
      spec.given().when(take(ids.bram, { ...signUp, audience: followers })).then([opened('post', [], followers), taken(ids.bram, 2, followers)]);
      // A roster opened before events carried an audience reads as the unknown audience; later events carry the real one.
      const unknown: Audience = { kind: 'group', groupId: '00000000-0000-0000-0000-000000000000' };
      spec.given(opened('post', [], unknown), taken(ids.ada, 2, unknown)).when(take(ids.bram)).then([taken(ids.bram, 2)]);
      spec.given(opened('post', [], unknown), taken(ids.ada, 2, unknown)).when(release(ids.ada)).then([released(ids.ada)]);
    });

    it('refuses after the deadline, once closed, on other calls to action, unavailable posts and for deactivated people', () => {
      spec.given().when(take(ids.bram, signUp, at('2026-03-05T00:00:00Z'))).thenThrows({ code: 'FEED.CALL_TO_ACTION_CLOSED' });
      spec.given().when(take(ids.bram, { ...signUp, closed: true })).thenThrows({ code: 'FEED.CALL_TO_ACTION_CLOSED' });
      spec.given().when(take(ids.bram, view({ kind: 'fyi' }))).thenThrows({ code: 'FEED.CALL_TO_ACTION_MISMATCH' });
      spec.given().when(take(ids.bram, { ...signUp, available: false })).thenThrows({ code: 'FEED.POST_NOT_FOUND' });
      spec.given().when({ ...take(ids.bram), actor: actor(ids.bram, { active: false }) } as RosterCommand).thenThrows({ code: 'FEED.ACTOR_INACTIVE' });
    });

    it('needs no roster without a capacity', () => {
      spec.given().when(take(ids.bram, view({ kind: 'sign-up' }))).thenNothing();
    });
  });

  describe('event places (RSVP yes)', () => {
    const event: AgendaDetails = { kind: 'event', title: 'Lab opening', description: '', startsAt: '2026-03-10T16:00:00.000Z', endsAt: '2026-03-10T18:00:00.000Z', capacity: 3 };
    const itemAudience: Audience = { kind: 'organisation' };
    const opened = (subject: 'agendaitem', holders: string[] = []) => openedWith(subject, holders, itemAudience);
    const taken = (userId: string, capacity?: number) => takenWith(userId, capacity, itemAudience);
    const item = (details: AgendaDetails = event) => foldAgendaItem([{ type: 'feed.agendaitem.scheduled', version: 1, data: { organiserId: ids.ada, audience: itemAudience, details } }]);
    const yes = (userId: string, holders: string[] = [], details: AgendaDetails = event, now = NOW): RosterCommand => ({ type: 'TakeEventPlace', actor: actor(userId), agendaItemId: ids.agenda, item: item(details), holders, now });

    it('opens with the yes answers given before the event had a capacity, and counts them', () => {
      spec.given().when(yes(ids.bram, [ids.ada, ids.chris])).then([opened('agendaitem', [ids.ada, ids.chris]), taken(ids.bram, 3)]);
      spec.given().when(yes(ids.bram, [ids.ada, ids.chris, ids.dana])).thenThrows({ code: 'FEED.EVENT_FULL', details: { capacity: 3 } });
      spec.given().when(yes(ids.bram, [ids.bram, ids.ada])).then([opened('agendaitem', [ids.bram, ids.ada])]);
      // Once open, the roster is the truth: the read model's list is not used again.
      spec.given(opened('agendaitem', [ids.ada])).when(yes(ids.bram, [ids.ada, ids.chris, ids.dana])).then([taken(ids.bram, 3)]);
    });

    it('keeps counting after the capacity is lifted, and needs no roster for events that never had one', () => {
      const unlimited: AgendaDetails = { ...event, capacity: undefined } as AgendaDetails;
      delete (unlimited as { capacity?: number }).capacity;
      spec.given(opened('agendaitem'), taken(ids.ada, 3)).when(yes(ids.bram, [], unlimited)).then([taken(ids.bram)]);
      spec.given().when(yes(ids.bram, [ids.ada], unlimited)).thenNothing();
    });

    it('refuses once the event started or was cancelled, and for static items', () => {
      spec.given().when(yes(ids.bram, [], event, at('2026-03-10T16:00:00Z'))).thenThrows({ code: 'FEED.RSVP_CLOSED' });
      const cancelled = foldAgendaItem([
        { type: 'feed.agendaitem.scheduled', version: 1, data: { organiserId: ids.ada, audience: { kind: 'organisation' }, details: event } },
        { type: 'feed.agendaitem.cancelled', version: 2, data: { audience: { kind: 'organisation' } } },
      ]);
      spec.given().when({ ...(yes(ids.bram) as Extract<RosterCommand, { type: 'TakeEventPlace' }>), item: cancelled }).thenThrows({ code: 'FEED.AGENDA_ITEM_CANCELLED' });
      spec.given().when(yes(ids.bram, [], { kind: 'static', title: 'Canteen', description: '' })).thenThrows({ code: 'FEED.INVALID_AGENDA_ITEM' });
    });
  });

  it('tells who may record a sign-up or yes: holders, or anyone where there is no limit and no roster', () => {
    const state = [opened('post'), taken(ids.ada, 2)].reduce(rosterDecider.evolve, rosterDecider.initialState());
    expect([holdsPlace(state, ids.ada, 2), holdsPlace(state, ids.bram, 2), holdsPlace(state, ids.bram, undefined)]).toEqual([true, false, false]);
    expect(holdsPlace(rosterDecider.initialState(), ids.bram, undefined)).toBe(true);
  });

  it('gives exactly the capacity when twelve people ask for the last places at once (optimistic concurrency, re-decided on conflict)', async () => {
    const store = new InMemoryEventStore({ validate: conformsToContract });
    const capacity = 3;
    const post = view({ kind: 'sign-up', capacity });
    const people = Array.from({ length: 12 }, () => uuidv7());
    const outcomes = await Promise.allSettled(
      people.map((userId) =>
        handleCommand({
          store,
          streamId: `roster-${ids.post}`,
          ...rosterDecider,
          command: take(userId, post),
          metadata: { correlationId: 'c', causationId: uuidv7(), actorId: userId },
          maxRetries: 20,
        }),
      ),
    );
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => (o.reason as { code: string }).code);
    expect(refused).toEqual(Array(12 - capacity).fill('FEED.CAPACITY_REACHED'));
    const stream = await store.readStream(`roster-${ids.post}`);
    const holders = (stream?.events ?? []).filter((e) => e.type === 'feed.roster.place-taken').map((e) => (e.data as { userId: string }).userId);
    expect(new Set(holders).size).toBe(capacity);
    expect(stream?.events[0]?.type).toBe('feed.roster.opened');
  });
});
