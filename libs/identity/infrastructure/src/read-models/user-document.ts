import type { UserProvisionedV1 } from '@plein/identity/contracts';
import type { UserRecord } from '@plein/identity/application';
import type { UserAttributes } from '@plein/identity/domain';

/**
 * One user in `identity_users_v<N>` (projection `users`). Lower-cased copies back exact
 * case-insensitive lookups; field names are what USER_READ_MODEL_FIELDS (the SCIM filter
 * translation) expects. A deleted user stays as a tombstone (`deleted: true`, personal data
 * removed) so a redelivered event cannot bring it back (applyInSequence keeps `lastSequence`).
 * The directory fields, externalId, managerId and roles are those of UserProvisionedV1.
 */
export interface UserDocument extends Partial<UserProvisionedV1> {
  _id: string;
  lastSequence: number;
  userNameLower?: string;
  emailLower?: string;
  /** identity.user.manager-reference-changed: a manager not provisioned yet. */
  managerReference?: string | null;
  active?: boolean;
  deleted?: boolean;
  createdAt?: Date;
  updatedAt?: Date;
}

const OPTIONAL = ['givenName', 'familyName', 'employeeNumber', 'department', 'title', 'location'] as const;

export function toUserRecord(doc: UserDocument): UserRecord | null {
  if (doc.deleted || !doc.userName || !doc.displayName || !doc.createdAt) return null;
  const attributes: Record<string, unknown> = {
    userName: doc.userName,
    externalId: doc.externalId ?? doc.userName,
    ...(doc.email ? { email: doc.email } : {}),
    displayName: doc.displayName,
    managementLevel: doc.managementLevel ?? 'employee',
    badges: doc.badges ?? [],
  };
  for (const key of OPTIONAL) if (doc[key] !== undefined && doc[key] !== null) attributes[key] = doc[key];
  return {
    id: doc._id,
    attributes: attributes as unknown as UserAttributes,
    active: doc.active !== false,
    managerId: doc.managerId ?? null,
    managerReference: doc.managerReference ?? null,
    roles: doc.roles ?? ['employee'],
    version: doc.lastSequence,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt ?? doc.createdAt,
  };
}

/** SCIM sortBy path → stored field (ties broken by _id). */
export const USER_SORT_FIELDS: Readonly<Record<string, string>> = {
  userName: 'userNameLower',
  displayName: 'displayName',
  'name.familyName': 'familyName',
  'name.givenName': 'givenName',
  'meta.created': 'createdAt',
  'meta.lastModified': 'updatedAt',
  externalId: 'externalId',
};
