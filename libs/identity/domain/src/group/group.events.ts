import type { GroupCreatedV1, GroupExternalIdChangedV1, GroupMemberReferencesChangedV1, GroupMembershipChangedV1 } from '@plein/identity/contracts';
import type { GroupDeletedV1, GroupRenamedV1 } from './group.proposed-contracts';

export const GROUP_AGGREGATE_TYPE = 'group';

export type GroupEvent =
  | { readonly type: 'identity.group.created'; readonly version: 1; readonly data: GroupCreatedV1 }
  | { readonly type: 'identity.group.membership-changed'; readonly version: 1; readonly data: GroupMembershipChangedV1 }
  | { readonly type: 'identity.group.renamed'; readonly version: 1; readonly data: GroupRenamedV1 }
  | { readonly type: 'identity.group.deleted'; readonly version: 1; readonly data: GroupDeletedV1 }
  | { readonly type: 'identity.group.external-id-changed'; readonly version: 1; readonly data: GroupExternalIdChangedV1 }
  | { readonly type: 'identity.group.member-references-changed'; readonly version: 1; readonly data: GroupMemberReferencesChangedV1 };

/** SCIM Groups commands (stream `group-<groupId>`). Whether member ids are existing users is the application layer's check. */
export type GroupCommand = CreateGroup | RenameGroup | ChangeGroupExternalId | ChangeGroupMembership | ReplaceGroupMembers | DeleteGroup;

export interface CreateGroup {
  readonly type: 'CreateGroup';
  readonly groupId: string;
  readonly displayName: string;
  /** Defaults to the group id (Okta pushes groups without one). */
  readonly externalId?: string | null;
  readonly members?: readonly string[];
  /** Member references to users not provisioned yet (ids or externalIds), kept until they resolve. */
  readonly memberReferences?: readonly string[];
}
export interface RenameGroup {
  readonly type: 'RenameGroup';
  readonly groupId: string;
  readonly displayName: string;
}
export interface ChangeGroupExternalId {
  readonly type: 'ChangeGroupExternalId';
  readonly groupId: string;
  readonly externalId: string;
}
/**
 * A membership delta, e.g. applyGroupPatch()'s membersAdded/membersRemoved, split by the
 * application layer into known user ids (`add`/`remove`) and references to users not provisioned
 * yet (`addReferences`/`removeReferences`). Resolving a reference is `add: [id], removeReferences: [ref]`.
 */
export interface ChangeGroupMembership {
  readonly type: 'ChangeGroupMembership';
  readonly groupId: string;
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
  readonly addReferences?: readonly string[];
  readonly removeReferences?: readonly string[];
}
/** SCIM PUT /Groups/{id}: the full member list. */
export interface ReplaceGroupMembers {
  readonly type: 'ReplaceGroupMembers';
  readonly groupId: string;
  readonly members: readonly string[];
  /** The full list of pending member references (absent: none). */
  readonly memberReferences?: readonly string[];
}
export interface DeleteGroup {
  readonly type: 'DeleteGroup';
  readonly groupId: string;
}
