import { ProjectionDefinitionError } from './errors';
import { defineProjection, projectionCollectionName, projectionGroupId, projectionIndexBase, projectionIndexName, projectionProcessorName, registryCollectionName } from './projection';

const base = { name: 'home-timeline', version: 2, topics: ['feed.post.events.v1'], aggregateTypes: ['post'], apply: async () => undefined };

describe('projection definitions', () => {
  it('default to MongoDB storage', () => {
    expect(defineProjection(base).storage).toBe('mongo');
    expect(defineProjection({ ...base, storage: 'elasticsearch' }).storage).toBe('elasticsearch');
  });

  it('carry their version in collection, index and consumer group names', () => {
    const p = defineProjection(base);
    expect(projectionCollectionName('feed', p, 2)).toBe('feed_home_timeline_v2');
    expect(projectionCollectionName('feed', { ...p, collectionBase: 'timeline' }, 3)).toBe('feed_timeline_v3');
    expect(projectionProcessorName(p, 2)).toBe('home-timeline.v2');
    expect(projectionGroupId('feed', p, 2)).toBe('feed.home-timeline.v2');
    expect(projectionIndexBase('profiles', { name: 'directory', indexBase: 'profiles' })).toBe('profiles');
    expect(projectionIndexName('profiles', { name: 'directory', indexBase: 'profiles' }, 4)).toBe('profiles-v4');
    expect(projectionIndexName('profiles', { name: 'directory' }, 1)).toBe('profiles-directory-v1');
    expect(registryCollectionName('feed')).toBe('feed_projections');
  });

  it.each([
    [{ name: 'HomeTimeline' }, /kebab-case/],
    [{ version: 0 }, /version/],
    [{ version: 1.5 }, /version/],
    [{ topics: [] }, /topic/],
    [{ aggregateTypes: [] }, /aggregate type/],
  ])('rejects %j', (override, message) => {
    expect(() => defineProjection({ ...base, ...override })).toThrow(ProjectionDefinitionError);
    expect(() => defineProjection({ ...base, ...override })).toThrow(message);
  });
});
