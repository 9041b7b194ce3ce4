import { groupDeletedV1, groupRenamedV1 } from '@plein/identity/contracts';

/**
 * The group rename/delete contracts moved to libs/identity/contracts (they are part of
 * `identityContracts` now). Kept as a re-export for code written against the proposal.
 */
export type { GroupDeletedV1, GroupRenamedV1 } from '@plein/identity/contracts';
export { groupDeletedV1, groupRenamedV1 };
/** @deprecated Already in `identityContracts`; do not register both. */
export const proposedGroupContracts = [groupRenamedV1, groupDeletedV1];
