import { defineEvent, object, setOf, text, uuid } from '@plein/shared/contracts';
import { identityGroupTopic } from './topics';

/** Largest membership delta in one event; bigger SCIM patches are split, keeping messages small. */
export const MAX_MEMBERSHIP_DELTA = 1000;

export interface GroupCreatedV1 {
  /** Id in the source directory (SCIM externalId). */
  externalId: string;
  displayName: string;
}

export interface GroupMembershipChangedV1 {
  /** Plein user ids that joined; members come only through this event, never in `created`. */
  added: string[];
  removed: string[];
}

export const groupCreatedV1 = defineEvent<GroupCreatedV1>({
  type: 'identity.group.created',
  version: 1,
  aggregateType: 'group',
  topic: identityGroupTopic,
  description: 'A directory group exists. It starts empty; members follow as membership-changed events.',
  schema: object({ externalId: text(256), displayName: text(200) }, ['externalId', 'displayName']),
  example: { externalId: 'grp-research-london', displayName: 'Research London' },
});

export const groupMembershipChangedV1 = defineEvent<GroupMembershipChangedV1>({
  type: 'identity.group.membership-changed',
  version: 1,
  aggregateType: 'group',
  topic: identityGroupTopic,
  description: `Members added and removed (at most ${MAX_MEMBERSHIP_DELTA} of each per event; a user id appears in at most one list).`,
  schema: object(
    { added: setOf(uuid(), MAX_MEMBERSHIP_DELTA), removed: setOf(uuid(), MAX_MEMBERSHIP_DELTA) },
    ['added', 'removed'],
  ),
  example: { added: ['01964b1e-0000-7000-8000-000000000101', '01964b1e-0000-7000-8000-000000000103'], removed: ['01964b1e-0000-7000-8000-000000000104'] },
});

export interface GroupRenamedV1 {
  displayName: string;
}
export type GroupDeletedV1 = Record<string, never>;

export const groupRenamedV1 = defineEvent<GroupRenamedV1>({
  type: 'identity.group.renamed',
  version: 1,
  aggregateType: 'group',
  topic: identityGroupTopic,
  description: 'The directory renamed the group.',
  schema: object({ displayName: text(200) }, ['displayName']),
  example: { displayName: 'Research Amsterdam' },
});

export const groupDeletedV1 = defineEvent<GroupDeletedV1>({
  type: 'identity.group.deleted',
  version: 1,
  aggregateType: 'group',
  topic: identityGroupTopic,
  description: 'The directory deleted the group; its memberships end with it (no membership-changed events follow). Its id is never reused.',
  schema: object({}),
  example: {},
});

export interface GroupExternalIdChangedV1 {
  externalId: string;
}

/**
 * Member references the directory sent that name no user Plein knows yet (directories provision in
 * any order). Identity keeps them and turns each into a membership-changed once a user with that id
 * or externalId is provisioned; `removed` drops references that were withdrawn or resolved.
 */
export interface GroupMemberReferencesChangedV1 {
  added: string[];
  removed: string[];
}

export const groupExternalIdChangedV1 = defineEvent<GroupExternalIdChangedV1>({
  type: 'identity.group.external-id-changed',
  version: 1,
  aggregateType: 'group',
  topic: identityGroupTopic,
  description: 'The directory changed the id it knows the group by (SCIM externalId).',
  schema: object({ externalId: text(256) }, ['externalId']),
  example: { externalId: 'grp-research-amsterdam' },
});

export const groupMemberReferencesChangedV1 = defineEvent<GroupMemberReferencesChangedV1>({
  type: 'identity.group.member-references-changed',
  version: 1,
  aggregateType: 'group',
  topic: identityGroupTopic,
  description: `Pending member references (ids or externalIds of users not provisioned yet) added and removed, at most ${MAX_MEMBERSHIP_DELTA} of each per event. Not memberships: a resolved reference becomes a membership-changed.`,
  schema: object(
    { added: setOf(text(256), MAX_MEMBERSHIP_DELTA), removed: setOf(text(256), MAX_MEMBERSHIP_DELTA) },
    ['added', 'removed'],
  ),
  example: { added: ['hr-004712'], removed: [] },
});

export const groupContracts = [groupCreatedV1, groupMembershipChangedV1, groupRenamedV1, groupDeletedV1, groupExternalIdChangedV1, groupMemberReferencesChangedV1];
