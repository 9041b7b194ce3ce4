import { evolveComment, evolveGroup, evolvePost, initialCommentState, initialGroupState, initialPostState, type CommentState, type GroupState, type PostState } from '@plein/feed/domain';
import type { EventEnvelope } from '@plein/shared/kernel';
import { toCommentView, toPostView } from '../read-models/mongo-posts.read-model';
import {
  commentUpdate,
  documentUpdate,
  groupUpdate,
  jamBallotUpdate,
  postUpdate,
  responseUpdate,
  type CommentDocument,
  type DocumentProjectionInput,
  type GroupDocument,
  type JamBallotDocument,
  type PostDocument,
  type ResponseDocument,
  type Update,
} from './documents';

/** What MongoDB does with the updates the mappings return ($set, $inc, $unset on top-level fields). */
function applyUpdates<D>(envelopes: readonly EventEnvelope[], update: (e: EventEnvelope) => Update, initial?: Record<string, unknown>): D {
  const doc: Record<string, unknown> = { _id: envelopes[0]!.aggregateId };
  const input: Pick<DocumentProjectionInput, 'update' | 'initial'> = { update, ...(initial ? { initial } : {}) };
  for (const envelope of envelopes) {
    const u = documentUpdate(input, envelope);
    Object.assign(doc, u.$set, { lastSequence: envelope.sequence });
    for (const [k, n] of Object.entries(u.$inc ?? {})) doc[k] = ((doc[k] as number | undefined) ?? 0) + n;
    for (const [k, n] of Object.entries(u.$max ?? {})) doc[k] = Math.max((doc[k] as number | undefined) ?? n, n);
    for (const [k, v] of Object.entries(u.$push ?? {})) doc[k] = [...((doc[k] as unknown[] | undefined) ?? []), v];
    for (const [k, v] of Object.entries(u.$pull ?? {})) doc[k] = ((doc[k] as unknown[] | undefined) ?? []).filter((x) => x !== v);
    for (const k of Object.keys(u.$unset ?? {})) delete doc[k];
  }
  return doc as D;
}

const envelopes = (aggregateType: string, aggregateId: string, events: readonly { type: string; data: unknown }[]): EventEnvelope[] =>
  events.map((e, k) => ({
    id: `e${k}`, type: e.type, version: 1, source: 'plein/feed', aggregateType, aggregateId, sequence: k + 1,
    occurredAt: `2026-01-0${k + 1}T00:00:00.000Z`, correlationId: 'c', causationId: `c${k}`, actorId: 'a', data: e.data,
  })) as EventEnvelope[];

const fold = <S>(evolve: (s: S, e: never) => S, initial: S, list: readonly EventEnvelope[]): S => list.reduce((s, e) => evolve(s, { type: e.type, data: e.data } as never), initial);

const AUTHOR = '01964b1e-0000-7000-8000-000000000101';
const content = { title: 'Lab', body: 'Opens #monday', mentions: [], hashtags: ['monday'], links: [], attachments: [] };
const postEvents = envelopes('post', 'p1', [
  { type: 'feed.post.published', data: { authorId: AUTHOR, audience: { kind: 'organisation' }, kind: 'idea', callToAction: { kind: 'fyi' }, ...content } },
  { type: 'feed.post.edited', data: { ...content, title: undefined, body: 'Opens #tuesday', hashtags: ['tuesday'], material: true, audience: { kind: 'organisation' } } },
  { type: 'feed.post.edited', data: { ...content, body: 'Opens #tuesday.', hashtags: ['tuesday'], material: false, audience: { kind: 'organisation' } } },
  { type: 'feed.post.hidden', data: { decisionId: 'd', reasonCode: 'spam' } },
  { type: 'feed.post.restored', data: { decisionId: 'd' } },
  { type: 'feed.post.answer-accepted', data: { commentId: 'c1', answererId: AUTHOR, previousCommentId: null } },
  { type: 'feed.post.idea-status-changed', data: { status: 'accepted', previousStatus: 'proposed', audience: { kind: 'organisation' } } },
  { type: 'feed.post.call-to-action-closed', data: {} },
  { type: 'feed.post.deleted', data: { by: 'author' } },
]);

describe('feed read-model documents (event → update, no decider state)', () => {
  it('a post document shows, after every event, what the decider state shows', () => {
    for (let n = 1; n <= postEvents.length; n++) {
      const list = postEvents.slice(0, n);
      const doc = applyUpdates<PostDocument>(list, postUpdate);
      const state = fold(evolvePost, initialPostState(), list) as Exclude<PostState, { status: 'absent' }>;
      const { createdAt: _c, updatedAt: _u, postId: _p, deletedBy, ...view } = toPostView(doc)!;
      const { status, ...published } = state;
      const expected: Record<string, unknown> = { ...published };
      delete expected['by'];
      expect([n, view]).toEqual([n, expected]);
      expect([n, deletedBy]).toEqual([n, status === 'deleted' ? state.by : undefined]);
      expect(doc).not.toHaveProperty('state');
    }
    const last = applyUpdates<PostDocument>(postEvents, postUpdate);
    expect(last).toMatchObject({ hashtags: ['tuesday'], deleted: true, audienceKind: 'organisation', groupId: null, announcement: false, jamId: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-09T00:00:00.000Z' });
  });

  it('a comment document shows what the decider state shows', () => {
    const list = envelopes('comment', 'c1', [
      { type: 'feed.comment.added', data: { postId: 'p1', authorId: AUTHOR, parentCommentId: null, audience: { kind: 'organisation' }, body: 'Hi', mentions: [] } },
      { type: 'feed.comment.edited', data: { postId: 'p1', body: 'Hello', mentions: [AUTHOR], audience: { kind: 'organisation' } } },
      { type: 'feed.comment.hidden', data: { postId: 'p1', decisionId: 'd', reasonCode: 'spam' } },
      { type: 'feed.comment.deleted', data: { postId: 'p1', by: 'moderation' } },
    ]);
    for (let n = 1; n <= list.length; n++) {
      const doc = applyUpdates<CommentDocument>(list.slice(0, n), commentUpdate);
      const state = fold(evolveComment, initialCommentState(), list.slice(0, n)) as Exclude<CommentState, { status: 'absent' }>;
      const { commentId: _id, createdAt: _c, editedAt: _e, ...view } = toCommentView(doc)!;
      const { status: _s, ...data } = state;
      expect([n, view]).toEqual([n, data]);
      expect(doc.deleted).toBe(state.status === 'deleted');
    }
  });

  it('a group document follows name, description (null clears it) and visibility', () => {
    const list = envelopes('group', 'g1', [
      { type: 'feed.group.created', data: { name: 'Lab', description: 'Science', visibility: 'open', ownerId: AUTHOR, audience: { kind: 'group', groupId: 'g1', visibility: 'open' } } },
      { type: 'feed.group.details-changed', data: { changes: { name: 'Labs' }, audience: { kind: 'group', groupId: 'g1', visibility: 'open' } } },
      { type: 'feed.group.details-changed', data: { changes: { description: null }, audience: { kind: 'group', groupId: 'g1', visibility: 'open' } } },
      { type: 'feed.group.visibility-changed', data: { visibility: 'closed', previousVisibility: 'open' } },
    ]);
    for (let n = 1; n <= list.length; n++) {
      const { _id, lastSequence: _l, createdAt: _c, updatedAt: _u, ...doc } = applyUpdates<GroupDocument>(list.slice(0, n), groupUpdate);
      expect([n, _id, doc]).toEqual([n, 'g1', fold<GroupState>(evolveGroup, initialGroupState(), list.slice(0, n))]);
    }
  });

  it('responses and jam ballots start from their initial fields and follow the decider', () => {
    const ref = { postId: 'p1', userId: 'u1', audience: { kind: 'organisation' } };
    const responses = envelopes('response', 'p1:u1', [
      { type: 'feed.response.acknowledged', data: { ...ref, round: 2 } },
      { type: 'feed.response.acknowledged', data: { ...ref, round: 1 } },
      { type: 'feed.response.registered', data: ref },
      { type: 'feed.response.voted', data: { ...ref, optionIds: ['1'], previousOptionIds: [] } },
    ]);
    const response = applyUpdates<ResponseDocument>(responses, responseUpdate, { acknowledgedRound: 0, registered: false, vote: [] });
    expect(response).toMatchObject({ postId: 'p1', userId: 'u1', acknowledgedRound: 2, registered: true, vote: ['1'], acknowledgedAt: '2026-01-02T00:00:00.000Z', registeredAt: '2026-01-03T00:00:00.000Z' });
    expect(applyUpdates<ResponseDocument>(responses.slice(2, 3).map((e) => ({ ...e, sequence: 1 })), responseUpdate, { acknowledgedRound: 0, registered: false, vote: [] })).toMatchObject({ acknowledgedRound: 0, registered: true, vote: [] });

    const vote = (type: string, ideaId: string) => ({ type, data: { jamId: 'j1', userId: 'u1', ideaId, audience: { kind: 'organisation' } } });
    const ballot = applyUpdates<JamBallotDocument>(envelopes('jamballot', 'j1:u1', [vote('feed.jamballot.idea-voted', 'i1'), vote('feed.jamballot.idea-voted', 'i2'), vote('feed.jamballot.vote-withdrawn', 'i1')]), jamBallotUpdate, { ideaIds: [] });
    expect(ballot).toMatchObject({ jamId: 'j1', userId: 'u1', ideaIds: ['i2'] });
  });
});
