import { ScimError } from './scim.errors';
import { withoutTrailingSlashes } from '@plein/shared/kernel';
import { normaliseScimResource, type ScimResource } from './scim-values';
import { GROUP_RESOURCE, SCIM_SCHEMAS } from './scim.schema';
import { memberIds } from './patch/group-patch';

export interface ScimGroupView {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly members: readonly { readonly id: string; readonly displayName?: string }[];
  readonly created?: string;
  readonly lastModified?: string;
  readonly version?: number;
}

/** Renders a group as a SCIM Group; pass `members: []` for `excludedAttributes=members` (Entra asks for that). */
export function toScimGroup(view: ScimGroupView, baseUrl: string): ScimResource {
  const base = withoutTrailingSlashes(baseUrl);
  return {
    schemas: [SCIM_SCHEMAS.group],
    id: view.id,
    // A group created without one gets its id as externalId (the event requires one); that is not the client's.
    ...(view.externalId && view.externalId !== view.id ? { externalId: view.externalId } : {}),
    displayName: view.displayName,
    ...(view.members.length > 0
      ? { members: view.members.map((m) => ({ value: m.id, $ref: `${base}/Users/${m.id}`, type: 'User', ...(m.displayName ? { display: m.displayName } : {}) })) }
      : {}),
    meta: {
      resourceType: 'Group',
      ...(view.created ? { created: view.created } : {}),
      ...(view.lastModified ? { lastModified: view.lastModified } : {}),
      location: `${base}/Groups/${view.id}`,
      ...(view.version !== undefined ? { version: `W/"${view.version}"` } : {}),
    },
  };
}

export interface ScimGroupInput {
  readonly displayName: string;
  readonly externalId: string | null;
  /** Member user ids, duplicates removed. */
  readonly members: readonly string[];
}

/** The content of a SCIM Group POST/PUT body. */
export function scimGroupToInput(body: unknown): ScimGroupInput {
  const resource = normaliseScimResource(GROUP_RESOURCE, body);
  const displayName = resource['displayName'];
  if (typeof displayName !== 'string' || displayName.trim() === '') throw new ScimError('invalidValue', '"displayName" is required');
  const externalId = typeof resource['externalId'] === 'string' ? resource['externalId'] : null;
  return { displayName, externalId, members: [...memberIds(resource)] };
}
