import { actor, deciderSpec, ids } from '../testing/decider-spec';
import { followDecider, followId } from './follow.decider';

const spec = deciderSpec(followDecider);
const ada = actor(ids.ada);

describe('Follow decider', () => {
  it('follows people, visible groups and normalised hashtags once', () => {
    spec.given().when({ type: 'Follow', actor: ada, target: { kind: 'person', userId: ids.bram }, targetVisible: true }).then([
      { type: 'feed.follow.started', version: 1, data: { followerId: ids.ada, target: { kind: 'person', userId: ids.bram } } },
    ]);
    spec.given().when({ type: 'Follow', actor: ada, target: { kind: 'hashtag', tag: '#Café' }, targetVisible: false }).then([
      { type: 'feed.follow.started', version: 1, data: { followerId: ids.ada, target: { kind: 'hashtag', tag: 'café' } } },
    ]);
    spec.given({ type: 'feed.follow.started', version: 1, data: { followerId: ids.ada, target: { kind: 'group', groupId: ids.group } } })
      .when({ type: 'Follow', actor: ada, target: { kind: 'group', groupId: ids.group }, targetVisible: true })
      .thenNothing();
  });

  it('refuses following oneself, invisible groups and non-hashtags', () => {
    spec.given().when({ type: 'Follow', actor: ada, target: { kind: 'person', userId: ids.ada }, targetVisible: true }).thenThrows({ code: 'FEED.CANNOT_FOLLOW' });
    spec.given().when({ type: 'Follow', actor: ada, target: { kind: 'group', groupId: ids.group }, targetVisible: false }).thenThrows({ code: 'FEED.CANNOT_FOLLOW' });
    spec.given().when({ type: 'Follow', actor: ada, target: { kind: 'hashtag', tag: '2026' }, targetVisible: true }).thenThrows({ code: 'FEED.CANNOT_FOLLOW' });
  });

  it('answers a person the application found missing as not found (404), like a hidden group', () => {
    spec.given().when({ type: 'Follow', actor: ada, target: { kind: 'person', userId: ids.bram }, targetVisible: false }).thenThrows({ code: 'FEED.PERSON_NOT_FOUND', kind: 'not-found' });
  });

  it('unfollows, once', () => {
    const started = { type: 'feed.follow.started' as const, version: 1 as const, data: { followerId: ids.ada, target: { kind: 'person' as const, userId: ids.bram } } };
    spec.given(started).when({ type: 'Unfollow', actor: ada, target: { kind: 'person', userId: ids.bram } }).then([{ ...started, type: 'feed.follow.stopped' }]);
    spec.given().when({ type: 'Unfollow', actor: ada, target: { kind: 'person', userId: ids.bram } }).thenNothing();
  });

  it('keys one aggregate per follower and normalised target', () => {
    expect(followId(ids.ada, { kind: 'hashtag', tag: '#CAFÉ' })).toBe(`${ids.ada}:hashtag:café`);
    expect(followId(ids.ada, { kind: 'group', groupId: ids.group.toUpperCase() })).toBe(`${ids.ada}:group:${ids.group}`);
  });
});
