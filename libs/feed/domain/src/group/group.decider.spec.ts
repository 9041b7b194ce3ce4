import { actor, deciderSpec, ids } from '../testing/decider-spec';
import { groupDecider, type GroupEvent } from './group.decider';

const spec = deciderSpec(groupDecider);
const ada = actor(ids.ada);
const audience = (visibility: 'open' | 'closed' | 'secret') => ({ kind: 'group', groupId: ids.group, visibility }) as const;
const created: GroupEvent = {
  type: 'feed.group.created',
  version: 3,
  data: { name: 'Lab move', description: 'Moving the lab.', visibility: 'closed', ownerId: ids.ada, audience: audience('closed') },
};

describe('Group decider', () => {
  it('creates an open, closed or secret group owned by its creator', () => {
    spec.given().when({ type: 'CreateGroup', groupId: ids.group, actor: ada, name: '  Lab   move ', description: ' Moving the lab. ', visibility: 'closed' }).then([created]);
    spec.given().when({ type: 'CreateGroup', groupId: ids.group, actor: ada, name: ' ', visibility: 'open' }).thenThrows({ code: 'FEED.INVALID_GROUP' });
    spec.given().when({ type: 'CreateGroup', groupId: ids.group, actor: ada, name: 'x', visibility: 'public' as never }).thenThrows({ code: 'FEED.INVALID_GROUP' });
    spec.given(created).when({ type: 'CreateGroup', groupId: ids.group, actor: ada, name: 'x', visibility: 'open' }).thenThrows({ code: 'FEED.GROUP_ALREADY_EXISTS' });
  });

  it('lets owners change name and description (only what changed)', () => {
    spec.given(created).when({ type: 'ChangeGroupDetails', groupId: ids.group, actor: ada, actorRole: 'owner', name: 'Lab move', description: null }).then([
      { type: 'feed.group.details-changed', version: 2, data: { changes: { description: null }, audience: audience('closed') } },
    ]);
    spec.given(created).when({ type: 'ChangeGroupDetails', groupId: ids.group, actor: ada, actorRole: 'owner', name: 'Lab move' }).thenNothing();
    spec.given(created).when({ type: 'ChangeGroupDetails', groupId: ids.group, actor: ada, actorRole: 'moderator', name: 'X' }).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    // A platform admin who does not own the group has no say over it either (no back door into closed groups).
    const admin = actor(ids.chris, { roles: ['employee', 'moderator', 'admin'] });
    spec.given(created).when({ type: 'ChangeGroupDetails', groupId: ids.group, actor: admin, name: 'X' }).thenThrows({ code: 'FEED.NOT_PERMITTED' });
    spec.given(created).when({ type: 'ChangeGroupVisibility', groupId: ids.group, actor: admin, visibility: 'secret' }).thenThrows({ code: 'FEED.NOT_PERMITTED' });
  });

  it('names a secret group only with its audience: the group and its current visibility', () => {
    const secret: GroupEvent = { type: 'feed.group.visibility-changed', version: 1, data: { visibility: 'secret', previousVisibility: 'closed' } };
    spec.given(created, secret).when({ type: 'ChangeGroupDetails', groupId: ids.group, actor: ada, actorRole: 'owner', name: 'Lab move 2' }).then([
      { type: 'feed.group.details-changed', version: 2, data: { changes: { name: 'Lab move 2' }, audience: audience('secret') } },
    ]);
    expect(groupDecider.evolve(groupDecider.initialState(), created)).toEqual({ status: 'active', name: 'Lab move', description: 'Moving the lab.', visibility: 'closed', ownerId: ids.ada });
  });

  it('only ever tightens visibility', () => {
    const change = (visibility: 'open' | 'closed' | 'secret') => ({ type: 'ChangeGroupVisibility' as const, groupId: ids.group, actor: ada, actorRole: 'owner' as const, visibility });
    spec.given(created).when(change('secret')).then([{ type: 'feed.group.visibility-changed', version: 1, data: { visibility: 'secret', previousVisibility: 'closed' } }]);
    spec.given(created).when(change('open')).thenThrows({ code: 'FEED.VISIBILITY_WIDENING' });
    spec.given(created).when(change('closed')).thenNothing();
    spec.given().when(change('secret')).thenThrows({ code: 'FEED.GROUP_NOT_FOUND' });
  });
});
