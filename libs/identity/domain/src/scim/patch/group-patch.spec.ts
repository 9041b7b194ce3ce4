import { SCIM_SCHEMAS } from '../scim.schema';
import type { ScimResource } from '../scim-values';
import { applyGroupPatch } from './group-patch';
import { parsePatchRequest } from './patch-request';

const group = (): ScimResource => ({
  schemas: [SCIM_SCHEMAS.group],
  id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b',
  displayName: 'Klantenservice',
  members: [{ value: 'u-1', display: 'Sanne' }, { value: 'u-2' }],
});
const patch = (resource: ScimResource, ...operations: unknown[]) =>
  applyGroupPatch(resource, parsePatchRequest({ schemas: [SCIM_SCHEMAS.patchOp], Operations: operations }));

describe('SCIM Group PATCH', () => {
  it('Entra "Add Members" (value array, $ref null)', () => {
    const result = patch(group(), { op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5-ea3d-4b7c-8f1b-33dc3d4d3a8d' }] });
    expect(result.membersAdded).toEqual(['f648f8d5-ea3d-4b7c-8f1b-33dc3d4d3a8d']);
    expect(result.membersRemoved).toEqual([]);
    expect(result.resource['members']).toHaveLength(3);
  });

  it('Entra "Remove Members" (path members with a value array)', () => {
    const result = patch(group(), { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u-2' }] });
    expect(result.membersRemoved).toEqual(['u-2']);
    expect(result.resource['members']).toEqual([{ value: 'u-1', display: 'Sanne' }]);
  });

  it('Okta add members with display names (read-only display is dropped)', () => {
    const result = patch(group(), { op: 'add', path: 'members', value: [{ value: 'u-3', display: 'test.user@okta.local' }, { value: 'u-1', display: 'Sanne' }] });
    expect(result.membersAdded).toEqual(['u-3']);
    expect(result.resource['members']).toContainEqual({ value: 'u-3' });
  });

  it('Okta remove member by value filter; removing an absent member is a no-op', () => {
    expect(patch(group(), { op: 'remove', path: 'members[value eq "u-1"]' }).membersRemoved).toEqual(['u-1']);
    const noop = patch(group(), { op: 'remove', path: 'members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"]' });
    expect(noop.changed).toEqual([]);
    expect(noop.membersRemoved).toEqual([]);
  });

  it('replaces the member list', () => {
    const result = patch(group(), { op: 'replace', path: 'members', value: [{ value: 'u-2' }, { value: 'u-4' }] });
    expect(result.membersAdded).toEqual(['u-4']);
    expect(result.membersRemoved).toEqual(['u-1']);
  });

  it('removes all members with path "members" and no value', () => {
    expect(patch(group(), { op: 'remove', path: 'members' }).membersRemoved).toEqual(['u-1', 'u-2']);
  });

  it('renames: Entra Replace displayName, Okta path-less replace echoing the id', () => {
    expect(patch(group(), { op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' }).displayName).toBe(
      '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName',
    );
    const okta = patch(group(), { op: 'replace', value: { id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b', displayName: 'Test SCIMv2' } });
    expect(okta.displayName).toBe('Test SCIMv2');
    expect(okta.changed).toEqual(['displayName']);
    expect(patch(group(), { op: 'replace', path: 'displayName', value: 'Klantenservice' }).displayName).toBeNull();
  });

  it('refuses changing a member value in place (members.value is immutable) and a foreign id', () => {
    expect(() => patch(group(), { op: 'replace', path: 'members[value eq "u-1"].value', value: 'u-9' })).toThrow(expect.objectContaining({ scimType: 'mutability' }));
    expect(() => patch(group(), { op: 'replace', value: { id: 'other' } })).toThrow(expect.objectContaining({ scimType: 'mutability' }));
  });
});
