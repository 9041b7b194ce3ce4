import { isPlainObject } from '../scim-path';
import type { ScimResource } from '../scim-values';
import { GROUP_RESOURCE } from '../scim.schema';
import { applyScimPatch, type PatchResult } from './patch.apply';
import type { PatchOperation } from './patch-request';

export interface GroupPatchResult extends PatchResult {
  /** User ids that became members, in request order. */
  readonly membersAdded: readonly string[];
  /** User ids that stopped being members. */
  readonly membersRemoved: readonly string[];
  /** The new display name when it changed, else null. */
  readonly displayName: string | null;
}

/**
 * PATCH on a SCIM Group, reduced to what the Group aggregate needs: the membership delta and a
 * rename. Handles Okta (`add` members arrays, `remove` `members[value eq "id"]`, no-path `replace`
 * of displayName echoing `id`) and Entra ID (`Add`/`Remove` with path `members` and a value list,
 * `Replace` displayName). Whether the member ids exist is for the application layer to check.
 */
export function applyGroupPatch(resource: ScimResource, operations: readonly PatchOperation[]): GroupPatchResult {
  const result = applyScimPatch(GROUP_RESOURCE, resource, operations);
  const before = memberIds(resource);
  const after = memberIds(result.resource);
  const displayName = result.changed.includes('displayName') ? String(result.resource['displayName']) : null;
  return {
    ...result,
    membersAdded: [...after].filter((id) => !before.has(id)),
    membersRemoved: [...before].filter((id) => !after.has(id)),
    displayName,
  };
}

export function memberIds(resource: ScimResource): Set<string> {
  const members = resource['members'];
  const ids = new Set<string>();
  if (Array.isArray(members)) for (const m of members) if (isPlainObject(m) && typeof m['value'] === 'string') ids.add(m['value']);
  return ids;
}
