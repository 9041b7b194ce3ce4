import type { CallToAction } from '@plein/feed/contracts';
import { actor, at, deciderSpec, ids, NOW } from '../testing/decider-spec';
import { foldPost } from '../post/post.decider';
import { callToActionView, responseDecider, type CallToActionView, type ResponseEvent } from './response.decider';

const spec = deciderSpec(responseDecider);
const bram = actor(ids.bram);
const audience = { kind: 'group' as const, groupId: ids.group };
const ref = { postId: ids.post, userId: ids.bram, audience };
const view = (callToAction: CallToAction, extra: Partial<CallToActionView> = {}): CallToActionView => ({
  postId: ids.post,
  authorId: ids.ada,
  audience,
  callToAction,
  acknowledgementRound: 1,
  closed: false,
  available: true,
  ...extra,
});
const acknowledged = (round: number): ResponseEvent => ({ type: 'feed.response.acknowledged', version: 2, data: { ...ref, round } });
const registered: ResponseEvent = { type: 'feed.response.registered', version: 2, data: ref };

describe('Response decider', () => {
  describe('Acknowledge', () => {
    const ack = view({ kind: 'acknowledge', dueAt: '2026-03-02T00:00:00.000Z' });
    it('acknowledges once per round, also after the due date', () => {
      spec.given().when({ type: 'Acknowledge', actor: bram, post: ack, now: NOW }).then([acknowledged(1)]);
      spec.given(acknowledged(1)).when({ type: 'Acknowledge', actor: bram, post: ack, now: NOW }).thenNothing();
      spec.given().when({ type: 'Acknowledge', actor: bram, post: ack, now: at('2026-04-01T00:00:00Z') }).then([acknowledged(1)]);
    });

    it('asks again after a material edit (a new round)', () => {
      spec.given(acknowledged(1)).when({ type: 'Acknowledge', actor: bram, post: { ...ack, acknowledgementRound: 2 }, now: NOW }).then([acknowledged(2)]);
    });

    it('refuses other calls to action, closed ones, unavailable posts and deactivated people', () => {
      spec.given().when({ type: 'Acknowledge', actor: bram, post: view({ kind: 'fyi' }), now: NOW }).thenThrows({ code: 'FEED.CALL_TO_ACTION_MISMATCH' });
      spec.given().when({ type: 'Acknowledge', actor: bram, post: { ...ack, closed: true }, now: NOW }).thenThrows({ code: 'FEED.CALL_TO_ACTION_CLOSED' });
      spec.given().when({ type: 'Acknowledge', actor: bram, post: { ...ack, available: false }, now: NOW }).thenThrows({ code: 'FEED.POST_NOT_FOUND' });
      spec.given().when({ type: 'Acknowledge', actor: { ...bram, active: false }, post: ack, now: NOW }).thenThrows({ code: 'FEED.ACTOR_INACTIVE' });
    });
  });

  describe('SignUp', () => {
    const signUp = view({ kind: 'sign-up', capacity: 2, deadline: '2026-03-05T00:00:00.000Z' });
    it('records the sign-up of a place held on the roster; withdrawing is always possible', () => {
      spec.given().when({ type: 'SignUp', actor: bram, post: signUp, placeHeld: true, now: NOW }).then([registered]);
      spec.given(registered).when({ type: 'SignUp', actor: bram, post: signUp, placeHeld: true, now: NOW }).thenNothing();
      spec.given(registered).when({ type: 'WithdrawSignUp', actor: bram, post: signUp, now: at('2026-03-06T00:00:00Z') }).then([
        { type: 'feed.response.registration-withdrawn', version: 2, data: ref },
      ]);
      spec.given().when({ type: 'WithdrawSignUp', actor: bram, post: signUp, now: NOW }).thenNothing();
    });

    it('refuses without a place, and records a place granted before the deadline also after it (the roster decided)', () => {
      spec.given().when({ type: 'SignUp', actor: bram, post: signUp, placeHeld: false, now: NOW }).thenThrows({ code: 'FEED.CAPACITY_REACHED' });
      spec.given().when({ type: 'SignUp', actor: bram, post: signUp, placeHeld: true, now: at('2026-03-05T00:00:00Z') }).then([registered]);
      spec.given().when({ type: 'SignUp', actor: bram, post: { ...signUp, available: false }, placeHeld: true, now: NOW }).thenThrows({ code: 'FEED.POST_NOT_FOUND' });
    });

    it('has no limit without a capacity, only the deadline and closing', () => {
      const unlimited = view({ kind: 'sign-up', deadline: '2026-03-05T00:00:00.000Z' });
      spec.given().when({ type: 'SignUp', actor: bram, post: unlimited, placeHeld: true, now: NOW }).then([registered]);
      spec.given().when({ type: 'SignUp', actor: bram, post: unlimited, placeHeld: true, now: at('2026-03-05T00:00:00Z') }).thenThrows({ code: 'FEED.CALL_TO_ACTION_CLOSED' });
      spec.given().when({ type: 'SignUp', actor: bram, post: { ...unlimited, closed: true }, placeHeld: true, now: NOW }).thenThrows({ code: 'FEED.CALL_TO_ACTION_CLOSED' });
    });
  });

  describe('Vote', () => {
    const poll = view({ kind: 'vote', options: [{ id: '1', label: 'Tea' }, { id: '2', label: 'Coffee' }, { id: '3', label: 'Water' }], maxChoices: 2, closesAt: '2026-03-02T00:00:00.000Z' });
    const voted = (optionIds: string[], previousOptionIds: string[]): ResponseEvent => ({ type: 'feed.response.voted', version: 2, data: { ...ref, optionIds, previousOptionIds } });
    it('keeps one current vote per person; changing it is allowed while the poll is open', () => {
      spec.given().when({ type: 'Vote', actor: bram, post: poll, optionIds: ['3', '1'], now: NOW }).then([voted(['1', '3'], [])]);
      spec.given(voted(['1', '3'], [])).when({ type: 'Vote', actor: bram, post: poll, optionIds: ['2'], now: NOW }).then([voted(['2'], ['1', '3'])]);
      spec.given(voted(['1', '3'], [])).when({ type: 'Vote', actor: bram, post: poll, optionIds: ['3', '1'], now: NOW }).thenNothing();
      spec.given(voted(['1'], [])).when({ type: 'Vote', actor: bram, post: poll, optionIds: ['2'], now: at('2026-03-02T00:00:00Z') }).thenThrows({ code: 'FEED.CALL_TO_ACTION_CLOSED' });
    });

    it('refuses unknown, repeated, empty or too many options', () => {
      for (const optionIds of [['4'], ['1', '1'], [], ['1', '2', '3']]) {
        spec.given().when({ type: 'Vote', actor: bram, post: poll, optionIds, now: NOW }).thenThrows({ code: 'FEED.INVALID_POLL_CHOICE' });
      }
    });
  });

  it('derives the call to action view from the post state (rounds, closing, moderation)', () => {
    const post = foldPost([
      { type: 'feed.post.published', version: 2, data: { authorId: ids.ada, audience: { kind: 'organisation' }, kind: 'update', body: 'x', mentions: [], hashtags: [], links: [], attachments: [], callToAction: { kind: 'acknowledge' } } },
      { type: 'feed.post.edited', version: 3, data: { body: 'y', mentions: [], hashtags: [], links: [], attachments: [], material: true, audience: { kind: 'organisation' } } },
      { type: 'feed.post.edited', version: 3, data: { body: 'y.', mentions: [], hashtags: [], links: [], attachments: [], material: false, audience: { kind: 'organisation' } } },
      { type: 'feed.post.hidden', version: 1, data: { decisionId: ids.decision, reasonCode: 'spam' } },
    ]);
    expect(callToActionView(ids.post, post)).toMatchObject({ audience: { kind: 'organisation' }, acknowledgementRound: 2, available: false, closed: false });
    expect(callToActionView(ids.post, { status: 'absent' })).toBeUndefined();
  });
});
