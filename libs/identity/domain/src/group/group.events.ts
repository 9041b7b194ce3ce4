import type { GroupCreatedV1, GroupMembershipChangedV1 } from '@plein/identity/contracts';
import type { GroupDeletedV1, GroupRenamedV1 } from './group.proposed-contracts';

export const GROUP_AGGREGATE_TYPE = 'group';

export type GroupEvent =
  | { readonly type: 'identity.group.created'; readonly version: 1; readonly data: GroupCreatedV1 }
  | { readonly type: 'identity.group.membership-changed'; readonly version: 1; readonly data: GroupMembershipChangedV1 }
  | { readonly type: 'identity.group.renamed'; readonly version: 1; readonly data: GroupRenamedV1 }
  | { readonly type: 'identity.group.deleted'; readonly version: 1; readonly data: GroupDeletedV1 };

/** SCIM Groups commands (stream `group-<groupId>`). Whether member ids are existing users is the application layer's check. */
export type GroupCommand = CreateGroup | RenameGroup | ChangeGroupMembership | ReplaceGroupMembers | DeleteGroup;

export interface CreateGroup {
  readonly type: 'CreateGroup';
  readonly groupId: string;
  readonly displayName: string;
  /** Defaults to the group id (Okta pushes groups without one). */
  readonly externalId?: string | null;
  readonly members?: readonly string[];
}
export interface RenameGroup {
  readonly type: 'RenameGroup';
  readonly groupId: string;
  readonly displayName: string;
}
/** A membership delta, e.g. applyGroupPatch()'s membersAdded/membersRemoved. */
export interface ChangeGroupMembership {
  readonly type: 'ChangeGroupMembership';
  readonly groupId: string;
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}
/** SCIM PUT /Groups/{id}: the full member list. */
export interface ReplaceGroupMembers {
  readonly type: 'ReplaceGroupMembers';
  readonly groupId: string;
  readonly members: readonly string[];
}
export interface DeleteGroup {
  readonly type: 'DeleteGroup';
  readonly groupId: string;
}
