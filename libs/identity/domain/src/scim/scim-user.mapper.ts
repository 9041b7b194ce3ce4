import type { UserAttributes, UserAttributesInput } from '../user/user.attributes';
import { ScimError } from './scim.errors';
import { getKey, isPlainObject } from './scim-path';
import { withoutTrailingSlashes } from '@plein/shared/kernel';
import { normaliseScimResource, type ScimResource } from './scim-values';
import { SCIM_SCHEMAS, USER_RESOURCE } from './scim.schema';

const ENT = SCIM_SCHEMAS.enterpriseUser;
const PLEIN = SCIM_SCHEMAS.pleinUser;

/** What the application layer knows about a user when rendering it as a SCIM resource. */
export interface ScimUserView {
  readonly id: string;
  readonly attributes: UserAttributes;
  readonly active: boolean;
  readonly managerId: string | null;
  /** From the read model; SCIM's `manager.displayName` is read-only and server-computed. */
  readonly managerDisplayName?: string | null;
  readonly groups?: readonly { readonly id: string; readonly displayName: string }[];
  readonly created?: string;
  readonly lastModified?: string;
  /** The stream version, rendered as a weak ETag `W/"<n>"`. */
  readonly version?: number;
}

/**
 * Renders a user as a SCIM User (core + enterprise + Plein extension). `baseUrl` is the SCIM
 * base, e.g. `https://plein.example.org/scim/v2`. Attributes Plein does not keep are absent.
 */
export function toScimUser(view: ScimUserView, baseUrl: string): ScimResource {
  const a = view.attributes;
  const base = withoutTrailingSlashes(baseUrl);
  const enterprise: Record<string, unknown> = {};
  if (a.employeeNumber) enterprise['employeeNumber'] = a.employeeNumber;
  if (a.department) enterprise['department'] = a.department;
  if (view.managerId) {
    enterprise['manager'] = { value: view.managerId, $ref: `${base}/Users/${view.managerId}`, ...(view.managerDisplayName ? { displayName: view.managerDisplayName } : {}) };
  }
  const name: Record<string, unknown> = {};
  if (a.givenName) name['givenName'] = a.givenName;
  if (a.familyName) name['familyName'] = a.familyName;
  if (a.givenName || a.familyName) name['formatted'] = [a.givenName, a.familyName].filter(Boolean).join(' ');
  const resource: ScimResource = {
    schemas: [SCIM_SCHEMAS.user, ...(Object.keys(enterprise).length > 0 ? [ENT] : []), PLEIN],
    id: view.id,
    externalId: a.externalId,
    userName: a.userName,
    ...(Object.keys(name).length > 0 ? { name } : {}),
    displayName: a.displayName,
    ...(a.title ? { title: a.title } : {}),
    active: view.active,
    ...(a.email ? { emails: [{ value: a.email, type: 'work', primary: true }] } : {}),
    ...(a.location ? { addresses: [{ type: 'work', locality: a.location, primary: true }] } : {}),
    ...(view.groups && view.groups.length > 0 ? { groups: view.groups.map((g) => ({ value: g.id, $ref: `${base}/Groups/${g.id}`, display: g.displayName })) } : {}),
    ...(Object.keys(enterprise).length > 0 ? { [ENT]: enterprise } : {}),
    [PLEIN]: { managementLevel: a.managementLevel },
    meta: {
      resourceType: 'User',
      ...(view.created ? { created: view.created } : {}),
      ...(view.lastModified ? { lastModified: view.lastModified } : {}),
      location: `${base}/Users/${view.id}`,
      ...(view.version !== undefined ? { version: `W/"${view.version}"` } : {}),
    },
  };
  return resource;
}

/** The domain-relevant content of a SCIM User (POST/PUT body or a PATCH result). */
export interface ScimUserInput {
  /** Every directory attribute; null where the resource has none (so a PUT clears it). */
  readonly attributes: UserAttributesInput & { readonly userName: string };
  /** Undefined when the resource does not say (a POST without `active` creates an active user). */
  readonly active: boolean | undefined;
  /** Null when there is no manager (or an empty one, which Entra sends to clear it). */
  readonly managerId: string | null;
}

/**
 * Extracts what Plein keeps from a SCIM User. E-mail: the primary value, else the work one, else
 * the first. Location: the work (else primary, else first) address's locality, else its formatted
 * text. managementLevel stays undefined (unchanged) when the Plein extension is absent altogether,
 * because most directories are not configured to send it. `password` and other unmapped attributes
 * are dropped here: Plein authenticates through OIDC only.
 */
export function scimUserToInput(body: unknown): ScimUserInput {
  const resource = normaliseScimResource(USER_RESOURCE, body);
  const userName = resource['userName'];
  if (typeof userName !== 'string' || userName.trim() === '') throw new ScimError('invalidValue', '"userName" is required');
  const name = isPlainObject(resource['name']) ? resource['name'] : {};
  const enterprise = isPlainObject(resource[ENT]) ? resource[ENT] : {};
  const plein = isPlainObject(getKey(body as Record<string, unknown>, PLEIN)) ? (resource[PLEIN] as Record<string, unknown> | undefined) ?? {} : undefined;
  const manager = isPlainObject(enterprise['manager']) ? str(enterprise['manager']['value']) : null;
  const email = pick(resource['emails'], (e) => e['primary'] === true, isWork);
  const address = pick(resource['addresses'], isWork, (e) => e['primary'] === true);
  return {
    attributes: {
      userName,
      externalId: str(resource['externalId']),
      email: email ? str(email['value']) : null,
      displayName: str(resource['displayName']),
      givenName: str(name['givenName']),
      familyName: str(name['familyName']),
      employeeNumber: str(enterprise['employeeNumber']),
      department: str(enterprise['department']),
      title: str(resource['title']),
      location: address ? (str(address['locality']) ?? str(address['formatted'])) : null,
      ...(plein ? { managementLevel: str(plein['managementLevel']) } : {}),
    },
    active: typeof resource['active'] === 'boolean' ? resource['active'] : undefined,
    managerId: manager,
  };
}

const isWork = (element: Record<string, unknown>): boolean => typeof element['type'] === 'string' && element['type'].toLowerCase() === 'work';
const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** The first element matching the first predicate that matches any, else the first element. */
function pick(list: unknown, ...preferences: ((e: Record<string, unknown>) => boolean)[]): Record<string, unknown> | undefined {
  const elements = Array.isArray(list) ? list.filter(isPlainObject) : [];
  for (const prefer of preferences) {
    const hit = elements.find((e) => prefer(e));
    if (hit) return hit;
  }
  return elements[0];
}
