import { groupsHref, parseGroupsPath } from './paths';

const ID = '0190a0b0-0000-7000-8000-00000000000a';

describe('groups paths', () => {
  it('parses the list and a group, ids lower-cased', () => {
    expect(parseGroupsPath('/groups')).toEqual({ name: 'groups' });
    expect(parseGroupsPath('/groups/')).toEqual({ name: 'groups' });
    expect(parseGroupsPath(`/groups/${ID}`)).toEqual({ name: 'group', groupId: ID });
    expect(parseGroupsPath(`/groups/${ID.toUpperCase()}`)).toEqual({ name: 'group', groupId: ID });
    expect(parseGroupsPath(groupsHref.group(ID))).toEqual({ name: 'group', groupId: ID });
  });

  it('answers not-found for a bad id or extra segments under /groups', () => {
    for (const path of ['/groups/abc', `/groups/${ID}x`, `/groups/${ID}/posts`, '/groups/%E0%A4%A', `/groups/${ID.slice(1)}`]) expect(parseGroupsPath(path)).toEqual({ name: 'not-found' });
  });

  it('leaves other paths to other areas', () => {
    for (const path of ['/', '/groupsx', '/group', '/posts/1', '/agenda']) expect(parseGroupsPath(path)).toBeNull();
  });

  it('is linear on long hostile input', () => {
    const path = `/groups/${'a-'.repeat(50_000)}`;
    expect(parseGroupsPath(path)).toEqual({ name: 'not-found' });
  });
});
