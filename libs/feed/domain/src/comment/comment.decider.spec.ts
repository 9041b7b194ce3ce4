import { actor, deciderSpec, ids } from '../testing/decider-spec';
import { commentDecider, type CommentCommand, type CommentEvent } from './comment.decider';

const spec = deciderSpec(commentDecider);
const bram = actor(ids.bram);
const post = { postId: ids.post, audience: { kind: 'group', groupId: ids.group } as const, available: true };
const directory = new Map([['ada', ids.ada]]);
const add = (extra: Partial<Extract<CommentCommand, { type: 'AddComment' }>> = {}): CommentCommand => ({
  type: 'AddComment',
  commentId: ids.comment,
  actor: bram,
  post,
  body: 'Great news @ada! <b>',
  mentions: directory,
  ...extra,
});
const added: CommentEvent = {
  type: 'feed.comment.added',
  version: 1,
  data: { postId: ids.post, authorId: ids.bram, parentCommentId: null, audience: post.audience, body: `Great news @[${ids.ada}]! \\<b>`, mentions: [ids.ada] },
};

describe('Comment decider', () => {
  it('adds a sanitised comment that copies the post audience', () => {
    spec.given().when(add()).then([added]);
  });

  it('threads one level: replies to top-level comments of the same post only', () => {
    const parent = { commentId: ids.reply, postId: ids.post, parentCommentId: null, available: true };
    spec.given().when(add({ parent })).then([{ ...added, data: { ...added.data, parentCommentId: ids.reply } } as CommentEvent]);
    spec.given().when(add({ parent: { ...parent, parentCommentId: ids.comment } })).thenThrows({ code: 'FEED.REPLY_DEPTH' });
    spec.given().when(add({ parent: { ...parent, postId: ids.jam } })).thenThrows({ code: 'FEED.REPLY_DEPTH' });
  });

  it('refuses comments on unavailable posts, empty bodies, deactivated authors and duplicates', () => {
    spec.given().when(add({ post: { ...post, available: false } })).thenThrows({ code: 'FEED.CONTENT_UNAVAILABLE' });
    spec.given().when(add({ body: '  ' })).thenThrows({ code: 'FEED.INVALID_CONTENT' });
    spec.given().when(add({ actor: { ...bram, active: false } })).thenThrows({ code: 'FEED.ACTOR_INACTIVE' });
    spec.given(added).when(add()).thenThrows({ code: 'FEED.COMMENT_ALREADY_EXISTS' });
  });

  it('lets the author edit; an identical edit is nothing', () => {
    spec.given(added).when({ type: 'EditComment', commentId: ids.comment, actor: bram, body: 'Great news!', mentions: directory }).then([
      { type: 'feed.comment.edited', version: 2, data: { postId: ids.post, body: 'Great news!', mentions: [], audience: added.data.audience } },
    ]);
    spec.given(added).when({ type: 'EditComment', commentId: ids.comment, actor: bram, body: 'Great news @ada! <b>', mentions: directory }).thenNothing();
    spec.given(added).when({ type: 'EditComment', commentId: ids.comment, actor: actor(ids.ada), body: 'x', mentions: directory }).thenThrows({ code: 'FEED.NOT_AUTHOR' });
  });

  it('deletes by the author, group staff or admins; moderation hides, restores and removes', () => {
    const del = (who = bram, groupRole?: 'moderator' | 'member') => ({ type: 'DeleteComment' as const, commentId: ids.comment, actor: who, ...(groupRole ? { groupRole } : {}) });
    spec.given(added).when(del()).then([{ type: 'feed.comment.deleted', version: 1, data: { postId: ids.post, by: 'author' } }]);
    spec.given(added).when(del(actor(ids.ada), 'moderator')).then([{ type: 'feed.comment.deleted', version: 1, data: { postId: ids.post, by: 'administrator' } }]);
    spec.given(added).when(del(actor(ids.ada), 'member')).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    const moderate = (type: 'HideComment' | 'RestoreComment' | 'RemoveComment') => ({ type, commentId: ids.comment, decisionId: ids.decision, reasonCode: 'spam' });
    const hidden: CommentEvent = { type: 'feed.comment.hidden', version: 1, data: { postId: ids.post, decisionId: ids.decision, reasonCode: 'spam' } };
    spec.given(added).when(moderate('HideComment')).then([hidden]);
    spec.given(added, hidden).when(moderate('HideComment')).thenNothing();
    spec.given(added, hidden).when(moderate('RestoreComment')).then([{ type: 'feed.comment.restored', version: 1, data: { postId: ids.post, decisionId: ids.decision } }]);
    spec.given(added).when(moderate('RemoveComment')).then([{ type: 'feed.comment.deleted', version: 1, data: { postId: ids.post, by: 'moderation', decisionId: ids.decision } }]);
    spec.given(added, { type: 'feed.comment.deleted', version: 1, data: { postId: ids.post, by: 'author' } }).when(moderate('RemoveComment')).thenNothing();
  });
});
