import { defineEvent, object, text } from '@plein/shared/contracts';
import { identityGroupTopic } from '@plein/identity/contracts';

/**
 * Group events SCIM needs that libs/identity/contracts does not define yet (PATCH displayName,
 * DELETE /Groups/{id}). Written as contracts so they can move there verbatim; until they are
 * registered, the event store's contract check refuses them, so the application layer must not
 * handle RenameGroup/DeleteGroup before that move.
 */
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
  description: 'The directory deleted the group; its memberships end with it (no membership-changed events follow).',
  schema: object({}),
  example: {},
});

export const proposedGroupContracts = [groupRenamedV1, groupDeletedV1];
