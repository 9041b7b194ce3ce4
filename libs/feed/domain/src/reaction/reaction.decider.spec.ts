import { actor, deciderSpec, ids } from '../testing/decider-spec';
import { reactionDecider, type ReactionEvent } from './reaction.decider';

const spec = deciderSpec(reactionDecider);
const bram = actor(ids.bram);
// A reaction on a comment carries the audience of the comment's post.
const audience = { kind: 'group' as const, groupId: ids.group };
const target = { targetType: 'comment' as const, targetId: ids.comment, postId: ids.post, audience, available: true };
const ref = { targetType: 'comment' as const, targetId: ids.comment, postId: ids.post, userId: ids.bram, audience };
const liked: ReactionEvent = { type: 'feed.reaction.added', version: 2, data: { ...ref, kind: 'like' } };
const removed: ReactionEvent = { type: 'feed.reaction.removed', version: 2, data: ref };

describe('Reaction decider', () => {
  it('adds one reaction per person and target; changing kind removes then adds', () => {
    spec.given().when({ type: 'React', actor: bram, target, kind: 'like' }).then([liked]);
    spec.given(liked).when({ type: 'React', actor: bram, target, kind: 'like' }).thenNothing();
    spec.given(liked).when({ type: 'React', actor: bram, target, kind: 'celebrate' }).then([removed, { ...liked, data: { ...ref, kind: 'celebrate' } } as ReactionEvent]);
  });

  it("copies the post's audience onto both events, for a post and for a comment of it", () => {
    const onPost = { ...target, targetType: 'post' as const, targetId: ids.post, audience: { kind: 'followers' as const } };
    const postRef = { targetType: 'post' as const, targetId: ids.post, postId: ids.post, userId: ids.bram, audience: { kind: 'followers' as const } };
    spec.given().when({ type: 'React', actor: bram, target: onPost, kind: 'curious' }).then([{ type: 'feed.reaction.added', version: 2, data: { ...postRef, kind: 'curious' } }]);
    spec.given(liked).when({ type: 'Unreact', actor: bram, target }).then([{ type: 'feed.reaction.removed', version: 2, data: { ...ref, audience: { kind: 'group', groupId: ids.group } } }]);
  });

  it('removes a reaction, and nothing when there is none', () => {
    spec.given(liked).when({ type: 'Unreact', actor: bram, target }).then([removed]);
    spec.given(liked, removed).when({ type: 'Unreact', actor: bram, target }).thenNothing();
  });

  it('accepts only the fixed set, on available content, from active people', () => {
    spec.given().when({ type: 'React', actor: bram, target, kind: 'dislike' }).thenThrows({ code: 'FEED.UNKNOWN_REACTION' });
    spec.given().when({ type: 'React', actor: bram, target: { ...target, available: false }, kind: 'like' }).thenThrows({ code: 'FEED.CONTENT_UNAVAILABLE' });
    spec.given().when({ type: 'React', actor: { ...bram, active: false }, target, kind: 'like' }).thenThrows({ code: 'FEED.ACTOR_INACTIVE' });
  });
});
