import { defineEvent } from './event-contract';
import { ContractDefinitionError } from './errors';
import { eventTypeNameProblem, isPastTense, parseTopicName, prefixedTopicName, topicName } from './naming';

describe('topicName', () => {
  it('builds <svc>.<aggregate>.events.v<major>', () => {
    expect(topicName('feed', 'post', 1)).toBe('feed.post.events.v1');
    expect(parseTopicName('identity.user.events.v12')).toEqual({ svc: 'identity', aggregate: 'user', major: 12 });
  });

  it('rejects bad segments and majors', () => {
    expect(() => topicName('Feed', 'post', 1)).toThrow(TypeError);
    expect(() => topicName('feed', 'post.x', 1)).toThrow(TypeError);
    expect(() => topicName('feed', 'post', 0)).toThrow(TypeError);
    expect(parseTopicName('feed.post.v1')).toBeUndefined();
  });
});

describe('prefixedTopicName', () => {
  it('puts the installation prefix (KAFKA_TOPIC_PREFIX) in front of a contract topic, and nothing when empty', () => {
    expect(prefixedTopicName('t1a2b3.', 'identity.user.events.v1')).toBe('t1a2b3.identity.user.events.v1');
    expect(prefixedTopicName('', 'feed.post.events.v1')).toBe('feed.post.events.v1');
  });

  it('refuses a prefix Kafka cannot name, and a topic that is not a contract topic', () => {
    for (const bad of ['t 1.', 'a/b', 'x'.repeat(61), 'é.']) expect(() => prefixedTopicName(bad, 'feed.post.events.v1')).toThrow(TypeError);
    expect(() => prefixedTopicName('t.', 'feed.post')).toThrow(TypeError);
  });
});

describe('event type names', () => {
  it('accept <svc>.<aggregate>.<past-tense>', () => {
    for (const type of ['feed.post.published', 'identity.user.role-granted', 'feed.post.hidden', 'feed.member.left', 'identity.group.membership-changed']) {
      expect(eventTypeNameProblem(type)).toBeUndefined();
    }
  });

  it('reject other shapes and tenses', () => {
    expect(eventTypeNameProblem('feed.post')).toMatch(/<svc>.<aggregate>.<past-tense>/);
    expect(eventTypeNameProblem('Feed.Post.Published')).toMatch(/lower-case/);
    expect(eventTypeNameProblem('feed.post.publish')).toMatch(/past-tense/);
    expect(eventTypeNameProblem('feed.post.role-change')).toMatch(/past-tense/);
    expect(isPastTense('red')).toBe(false);
  });

  it('must belong to the topic of the contract', () => {
    expect(eventTypeNameProblem('feed.post.published', 'feed.group.events.v1')).toMatch(/does not belong/);
    expect(() =>
      defineEvent({ type: 'feed.post.published', version: 1, aggregateType: 'post', topic: 'feed.group.events.v1', description: 'x', schema: { type: 'object' }, example: {} }),
    ).toThrow(ContractDefinitionError);
    expect(() =>
      defineEvent({ type: 'feed.post.published', version: 0, aggregateType: 'post', topic: 'feed.post.events.v1', description: 'x', schema: { type: 'object' }, example: {} }),
    ).toThrow(/version must be an integer/);
  });
});
