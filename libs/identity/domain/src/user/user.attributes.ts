import type { FieldViolation } from '@plein/shared/kernel';
import { MANAGEMENT_LEVELS, type ManagementLevel, type UserAttributesChangedV1, type UserDirectoryAttributes } from '@plein/identity/contracts';
import { InvalidUserAttributesError } from '../errors';

/** What the User aggregate holds: the contract's directory attributes plus the directory id. */
export type UserAttributes = UserDirectoryAttributes & { readonly externalId: string };
export type UserAttributeChanges = UserAttributesChangedV1['changes'];

/**
 * Directory attributes as a source provides them (SCIM resource, OIDC claims, the demo seed).
 * Absent, null and blank all mean "not provided". Badges are not directory data: Plein grants them.
 */
export interface UserAttributesInput {
  readonly userName?: string | null;
  readonly externalId?: string | null;
  readonly email?: string | null;
  readonly displayName?: string | null;
  readonly givenName?: string | null;
  readonly familyName?: string | null;
  readonly employeeNumber?: string | null;
  readonly department?: string | null;
  readonly title?: string | null;
  readonly location?: string | null;
  readonly managementLevel?: string | null;
}

/** Maximum lengths, equal to the event contract's, so a valid aggregate never emits an invalid event. */
export const USER_ATTRIBUTE_LIMITS = {
  userName: 256,
  externalId: 256,
  email: 254,
  displayName: 200,
  givenName: 100,
  familyName: 100,
  employeeNumber: 64,
  department: 200,
  title: 200,
  location: 200,
} as const;

const OPTIONAL = ['givenName', 'familyName', 'employeeNumber', 'department', 'title', 'location'] as const;
/** Attribute keys in the order events list them. */
export const USER_ATTRIBUTE_KEYS = ['userName', 'externalId', 'email', 'displayName', ...OPTIONAL, 'managementLevel'] as const;
export type UserAttributeKey = (typeof USER_ATTRIBUTE_KEYS)[number];

// The `email` format of ajv-formats (what the contract validates with), so both agree.
const EMAIL = /^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
export const isEmailAddress = (value: string): boolean => value.length <= USER_ATTRIBUTE_LIMITS.email && EMAIL.test(value);

const clean = (value: string | null | undefined): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

/**
 * Builds a complete, valid attribute set, filling what a directory may leave out:
 * externalId defaults to the userName (Okta sends none), the e-mail to the userName when that
 * is an address (UPNs usually are; otherwise there is none), the display name to "given family" or the userName, the
 * management level to `employee`. Throws InvalidUserAttributesError naming every bad field.
 */
export function buildUserAttributes(input: UserAttributesInput, badges: UserAttributes['badges'] = []): UserAttributes {
  const violations: FieldViolation[] = [];
  const userName = clean(input.userName);
  if (!userName) violations.push({ field: 'userName', message: 'is required' });
  // Optional (RFC 7643 requires only userName): a person without an address simply has none.
  const email = clean(input.email) ?? (userName && isEmailAddress(userName) ? userName : undefined);
  if (email !== undefined && !isEmailAddress(email)) violations.push({ field: 'email', message: 'is not a valid e-mail address' });
  const givenName = clean(input.givenName);
  const familyName = clean(input.familyName);
  const fullName = [givenName, familyName].filter(Boolean).join(' ');
  const displayName = clean(input.displayName) ?? (fullName ? fullName.slice(0, USER_ATTRIBUTE_LIMITS.displayName) : userName);
  const level = clean(input.managementLevel)?.toLowerCase() ?? 'employee';
  if (!(MANAGEMENT_LEVELS as readonly string[]).includes(level)) {
    violations.push({ field: 'managementLevel', message: `must be one of ${MANAGEMENT_LEVELS.join(', ')}` });
  }
  const attributes: Record<string, unknown> = {
    userName,
    externalId: clean(input.externalId) ?? userName,
    ...(email !== undefined ? { email } : {}),
    displayName,
    managementLevel: level as ManagementLevel,
    badges: [...badges],
  };
  for (const key of OPTIONAL) {
    const value = clean(input[key]);
    if (value !== undefined) attributes[key] = value;
  }
  for (const [key, max] of Object.entries(USER_ATTRIBUTE_LIMITS)) {
    const value = attributes[key];
    if (typeof value === 'string' && value.length > max) violations.push({ field: key, message: `must be at most ${max} characters` });
  }
  if (violations.length > 0) throw new InvalidUserAttributesError(violations);
  return attributes as unknown as UserAttributes;
}

/** The contract's `changes`: changed attributes with their new value, null for a cleared optional one. */
export function diffUserAttributes(current: UserAttributes, next: UserAttributes): UserAttributeChanges {
  const changes: Record<string, unknown> = {};
  for (const key of USER_ATTRIBUTE_KEYS) {
    if (current[key] !== next[key]) changes[key] = next[key] ?? null;
  }
  const before = [...current.badges].sort();
  const after = [...next.badges].sort();
  if (before.join() !== after.join()) changes['badges'] = after;
  return changes as UserAttributeChanges;
}

/** Applies an event's `changes` to the attributes (null removes an optional attribute). */
export function applyUserAttributeChanges(current: UserAttributes, changes: UserAttributeChanges): UserAttributes {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as unknown as UserAttributes;
}

/** The input a set of attributes came from: lets a partial update start from the current values. */
export function toUserAttributesInput(attributes: UserAttributes): UserAttributesInput {
  const { badges: _badges, ...rest } = attributes;
  return rest;
}
