import type { EventEnvelope } from '@plein/shared/kernel';
import { groupUpdate } from './groups.projection';
import { userUpdate } from './users.projection';

const event = (type: string, data: unknown): EventEnvelope => ({
  id: 'e1',
  type,
  version: 1,
  source: 'plein/identity',
  aggregateType: type.split('.')[1]!,
  aggregateId: 'a1',
  sequence: 2,
  occurredAt: '2026-01-15T10:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  actorId: 'system:test',
  data,
});
const at = new Date('2026-01-15T10:00:00.000Z');

describe('users projection updates', () => {
  it('keeps lower-cased lookup copies, clears nulls and takes time from occurredAt (rebuilds equal live)', () => {
    expect(userUpdate(event('identity.user.attributes-changed', { changes: { userName: 'Ada@X.org', email: 'Ada@X.org', title: null } }))).toEqual({
      $set: { userName: 'Ada@X.org', userNameLower: 'ada@x.org', email: 'Ada@X.org', emailLower: 'ada@x.org', updatedAt: at },
      $unset: { title: '' },
    });
  });

  it('turns a deletion into a tombstone without personal data', () => {
    const update = userUpdate(event('identity.user.deleted', {}));
    expect(update.$set).toEqual({ active: false, deleted: true, updatedAt: at });
    expect(Object.keys(update.$unset ?? {})).toEqual(expect.arrayContaining(['userName', 'userNameLower', 'email', 'displayName', 'managerId', 'roles']));
  });

  it('keeps and drops a pending manager reference, and the tombstone drops it too', () => {
    expect(userUpdate(event('identity.user.manager-reference-changed', { reference: 'hr-42' }))).toEqual({ $set: { managerReference: 'hr-42', updatedAt: at } });
    expect(userUpdate(event('identity.user.manager-reference-changed', { reference: null }))).toEqual({ $set: { managerReference: null, updatedAt: at } });
    expect(Object.keys(userUpdate(event('identity.user.deleted', {})).$unset ?? {})).toContain('managerReference');
  });

  it('advances over event types it does not know, so the next event is no gap', () => {
    expect(userUpdate(event('identity.user.future-thing', {}))).toEqual({});
  });
});

describe('groups projection updates', () => {
  it('folds membership deltas into the member list, keeping order and ignoring repeats', () => {
    const current = { _id: 'g', lastSequence: 1, memberIds: ['a', 'b', 'c'] };
    expect(groupUpdate(event('identity.group.membership-changed', { added: ['d', 'a'], removed: ['b'] }), current)).toEqual({ $set: { memberIds: ['a', 'c', 'd'], updatedAt: at } });
  });

  it('folds pending member references and externalId changes', () => {
    const current = { _id: 'g', lastSequence: 1, memberReferences: ['hr-1', 'hr-2'] };
    expect(groupUpdate(event('identity.group.member-references-changed', { added: ['hr-3', 'hr-1'], removed: ['hr-2'] }), current)).toEqual({ $set: { memberReferences: ['hr-1', 'hr-3'], updatedAt: at } });
    expect(groupUpdate(event('identity.group.external-id-changed', { externalId: 'grp-9' }), current)).toEqual({ $set: { externalId: 'grp-9', updatedAt: at } });
  });
});
