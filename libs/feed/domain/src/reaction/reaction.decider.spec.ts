import { actor, deciderSpec, ids } from '../testing/decider-spec';
import { reactionDecider, type ReactionEvent } from './reaction.decider';

const spec = deciderSpec(reactionDecider);
const bram = actor(ids.bram);
const target = { targetType: 'comment' as const, targetId: ids.comment, postId: ids.post, available: true };
const ref = { targetType: 'comment' as const, targetId: ids.comment, postId: ids.post, userId: ids.bram };
const liked: ReactionEvent = { type: 'feed.reaction.added', version: 1, data: { ...ref, kind: 'like' } };
const removed: ReactionEvent = { type: 'feed.reaction.removed', version: 1, data: ref };

describe('Reaction decider', () => {
  it('adds one reaction per person and target; changing kind removes then adds', () => {
    spec.given().when({ type: 'React', actor: bram, target, kind: 'like' }).then([liked]);
    spec.given(liked).when({ type: 'React', actor: bram, target, kind: 'like' }).thenNothing();
    spec.given(liked).when({ type: 'React', actor: bram, target, kind: 'celebrate' }).then([removed, { ...liked, data: { ...ref, kind: 'celebrate' } } as ReactionEvent]);
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
