import { isUuid, type FieldViolation } from '@plein/shared/kernel';
import { MAX_MEMBERSHIP_DELTA } from '@plein/identity/contracts';
import { GroupAlreadyExistsError, GroupNotFoundError, InvalidGroupError } from '../errors';
import type { GroupCommand, GroupEvent } from './group.events';

export interface GroupState {
  readonly status: 'absent' | 'active' | 'deleted';
  readonly displayName: string | null;
  readonly externalId: string | null;
  /** Member user ids, in the order they joined. */
  readonly members: readonly string[];
  /** References to members not provisioned yet (ids or externalIds), kept until they resolve. */
  readonly memberReferences: readonly string[];
}

export const initialGroupState = (): GroupState => ({ status: 'absent', displayName: null, externalId: null, members: [], memberReferences: [] });

/**
 * Decides SCIM group changes. Membership deltas contain only real changes (adding a member twice
 * is a no-op) and are split into events of at most MAX_MEMBERSHIP_DELTA ids per list, as the
 * contract requires. A deleted group behaves as absent: its id is never reused.
 */
export function decideGroup(command: GroupCommand, state: GroupState): GroupEvent[] {
  switch (command.type) {
    case 'CreateGroup': {
      if (state.status !== 'absent') throw new GroupAlreadyExistsError(command.groupId);
      const displayName = validName(command.displayName);
      const externalId = command.externalId?.trim() || command.groupId;
      if (externalId.length > 256) throw new InvalidGroupError([{ field: 'externalId', message: 'must be at most 256 characters' }]);
      const members = validMembers(command.members ?? [], 'members');
      const references = validReferences(command.memberReferences ?? []);
      return [{ type: 'identity.group.created', version: 1, data: { externalId, displayName } }, ...membershipEvents(members, []), ...referenceEvents(references, [])];
    }
    case 'ChangeGroupExternalId': {
      const current = existing(command.groupId, state);
      const externalId = typeof command.externalId === 'string' ? command.externalId.trim() : '';
      if (externalId.length === 0 || externalId.length > 256) throw new InvalidGroupError([{ field: 'externalId', message: 'must be 1 to 256 characters' }]);
      return externalId === current.externalId ? [] : [{ type: 'identity.group.external-id-changed', version: 1, data: { externalId } }];
    }
    case 'RenameGroup': {
      const current = existing(command.groupId, state);
      const displayName = validName(command.displayName);
      return displayName === current.displayName ? [] : [{ type: 'identity.group.renamed', version: 1, data: { displayName } }];
    }
    case 'ChangeGroupMembership': {
      const current = existing(command.groupId, state);
      const add = validMembers(command.add ?? [], 'add');
      const remove = validMembers(command.remove ?? [], 'remove');
      const overlap = add.filter((id) => remove.includes(id));
      if (overlap.length > 0) throw new InvalidGroupError([{ field: 'remove', message: `${overlap.join(', ')} cannot be added and removed at once` }]);
      const members = new Set(current.members);
      const addReferences = validReferences(command.addReferences ?? []);
      const removeReferences = validReferences(command.removeReferences ?? []);
      const pending = new Set(current.memberReferences);
      return [
        ...membershipEvents(
          add.filter((id) => !members.has(id)),
          remove.filter((id) => members.has(id)),
        ),
        ...referenceEvents(
          addReferences.filter((r) => !pending.has(r) && !removeReferences.includes(r)),
          removeReferences.filter((r) => pending.has(r)),
        ),
      ];
    }
    case 'ReplaceGroupMembers': {
      const current = existing(command.groupId, state);
      const next = validMembers(command.members, 'members');
      const wanted = new Set(next);
      const members = new Set(current.members);
      const references = validReferences(command.memberReferences ?? []);
      return [
        ...membershipEvents(
          next.filter((id) => !members.has(id)),
          current.members.filter((id) => !wanted.has(id)),
        ),
        ...referenceEvents(
          references.filter((r) => !current.memberReferences.includes(r)),
          current.memberReferences.filter((r) => !references.includes(r)),
        ),
      ];
    }
    case 'DeleteGroup':
      existing(command.groupId, state);
      return [{ type: 'identity.group.deleted', version: 1, data: {} }];
  }
}

export function evolveGroup(state: GroupState, event: GroupEvent): GroupState {
  switch (event.type) {
    case 'identity.group.created':
      return { status: 'active', displayName: event.data.displayName, externalId: event.data.externalId, members: [], memberReferences: [] };
    case 'identity.group.external-id-changed':
      return { ...state, externalId: event.data.externalId };
    case 'identity.group.member-references-changed': {
      const removed = new Set(event.data.removed);
      return { ...state, memberReferences: [...state.memberReferences.filter((r) => !removed.has(r)), ...event.data.added.filter((r) => !state.memberReferences.includes(r))] };
    }
    case 'identity.group.renamed':
      return { ...state, displayName: event.data.displayName };
    case 'identity.group.membership-changed': {
      const removed = new Set(event.data.removed);
      return { ...state, members: [...state.members.filter((id) => !removed.has(id)), ...event.data.added.filter((id) => !state.members.includes(id))] };
    }
    case 'identity.group.deleted':
      return { ...state, status: 'deleted', members: [], memberReferences: [] };
  }
}

export const groupDecider = { decide: decideGroup, evolve: evolveGroup, initialState: initialGroupState } as const;

function membershipEvents(added: readonly string[], removed: readonly string[]): GroupEvent[] {
  const events: GroupEvent[] = [];
  for (let i = 0; i < Math.max(added.length, removed.length); i += MAX_MEMBERSHIP_DELTA) {
    events.push({
      type: 'identity.group.membership-changed',
      version: 1,
      data: { added: added.slice(i, i + MAX_MEMBERSHIP_DELTA), removed: removed.slice(i, i + MAX_MEMBERSHIP_DELTA) },
    });
  }
  return events;
}

function referenceEvents(added: readonly string[], removed: readonly string[]): GroupEvent[] {
  const events: GroupEvent[] = [];
  for (let i = 0; i < Math.max(added.length, removed.length); i += MAX_MEMBERSHIP_DELTA) {
    events.push({
      type: 'identity.group.member-references-changed',
      version: 1,
      data: { added: added.slice(i, i + MAX_MEMBERSHIP_DELTA), removed: removed.slice(i, i + MAX_MEMBERSHIP_DELTA) },
    });
  }
  return events;
}

/** Pending member references: 1-256 characters each (the contract's limit); duplicates collapse. */
function validReferences(references: readonly string[]): string[] {
  const violations: FieldViolation[] = references
    .filter((r) => typeof r !== 'string' || r.trim() === '' || r.length > 256)
    .map((r) => ({ field: 'members', message: `"${String(r).slice(0, 64)}" is not a member reference` }));
  if (violations.length > 0) throw new InvalidGroupError(violations);
  return [...new Set(references)];
}

function existing(groupId: string, state: GroupState): GroupState {
  if (state.status !== 'active') throw new GroupNotFoundError(groupId);
  return state;
}

function validName(raw: string): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name.length === 0 || name.length > 200) throw new InvalidGroupError([{ field: 'displayName', message: 'must be 1 to 200 characters' }]);
  return name;
}

/** Member ids are Plein user ids (UUIDs, as the contract requires); duplicates collapse. */
function validMembers(ids: readonly string[], field: string): string[] {
  const violations: FieldViolation[] = ids.filter((id) => !isUuid(id)).map((id) => ({ field, message: `"${id}" is not a user id` }));
  if (violations.length > 0) throw new InvalidGroupError(violations);
  return [...new Set(ids)];
}
