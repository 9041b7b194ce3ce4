import { defineEvent, email, nullable, object, oneOfStrings, setOf, text, uuid, type JsonSchema } from '@plein/shared/contracts';
import { identityUserTopic } from './topics';

export const MANAGEMENT_LEVELS = ['employee', 'manager', 'director', 'board'] as const;
/**
 * Plein roles. `hr-legal`: the HR and legal staff who receive escalated moderation cases (and
 * only those see them, besides administrators). `insights-viewer`: who may read the insights
 * service's aggregate figures (administrators grant it; being an administrator alone is not enough).
 */
export const USER_ROLES = ['employee', 'moderator', 'community-manager', 'admin', 'hr-legal', 'insights-viewer'] as const;
export const USER_BADGES = ['ambassador'] as const;
export type ManagementLevel = (typeof MANAGEMENT_LEVELS)[number];
export type UserRole = (typeof USER_ROLES)[number];
export type UserBadge = (typeof USER_BADGES)[number];

/**
 * Directory attributes other services project (profiles, mentions, audiences, org chart).
 * Deliberately minimal personal data: no phone numbers, addresses, birth dates or photos.
 */
export interface UserDirectoryAttributes {
  /** Login name from the directory (SCIM userName), unique. */
  userName: string;
  /** Work e-mail address; absent when the directory has none (RFC 7643 requires only userName). */
  email?: string;
  displayName: string;
  givenName?: string;
  familyName?: string;
  employeeNumber?: string;
  department?: string;
  title?: string;
  location?: string;
  managementLevel: ManagementLevel;
  badges: UserBadge[];
}

export interface UserProvisionedV1 extends UserDirectoryAttributes {
  /** Id in the source directory (SCIM externalId); the Plein user id is the envelope's aggregateId. */
  externalId: string;
  /** Plein user id of the manager, or null for the top of the organisation. */
  managerId: string | null;
  /** The full initial role set (always contains `employee`). */
  roles: UserRole[];
}

type Changes<T> = { [K in keyof T]?: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };
export interface UserAttributesChangedV1 {
  /** Only the attributes that changed, with their new values; null clears an optional attribute. */
  changes: Changes<UserDirectoryAttributes> & { externalId?: string };
}

export interface UserManagerChangedV1 {
  managerId: string | null;
  previousManagerId: string | null;
}

export interface UserDeactivatedV1 {
  /** `deprovisioned`: removed or set inactive in the directory; `administrator`: by a Plein admin. */
  reason: 'deprovisioned' | 'administrator';
}

export type UserReactivatedV1 = Record<string, never>;

/** The directory deleted the person (SCIM DELETE); always preceded by `deactivated` in the stream. */
export type UserDeletedV1 = Record<string, never>;

export interface UserRoleGrantedV1 {
  role: UserRole;
}
export type UserRoleRevokedV1 = UserRoleGrantedV1;

const optionalAttributes = {
  email: email('Work e-mail address; absent when the directory has none.'),
  givenName: text(100),
  familyName: text(100),
  employeeNumber: text(64),
  department: text(200),
  title: text(200),
  location: text(200),
} satisfies Record<string, JsonSchema>;

const requiredAttributes = {
  userName: text(256),
  displayName: text(200),
  managementLevel: oneOfStrings(MANAGEMENT_LEVELS),
  badges: setOf(oneOfStrings(USER_BADGES), USER_BADGES.length),
} satisfies Record<string, JsonSchema>;

const role = oneOfStrings(USER_ROLES);
const topic = identityUserTopic;
const aggregateType = 'user';

export const userProvisionedV1 = defineEvent<UserProvisionedV1>({
  type: 'identity.user.provisioned',
  version: 1,
  aggregateType,
  topic,
  description: 'A person was provisioned from the directory and can sign in. Carries the full initial attribute set.',
  schema: object(
    {
      externalId: text(256),
      ...requiredAttributes,
      ...optionalAttributes,
      managerId: nullable(uuid()),
      roles: setOf(role, USER_ROLES.length, 'Always contains employee.'),
    },
    ['externalId', 'userName', 'displayName', 'managementLevel', 'badges', 'managerId', 'roles'],
  ),
  example: {
    externalId: 'hr-004711',
    userName: 'ada.lovelace',
    email: 'ada.lovelace@example.org',
    displayName: 'Ada Lovelace',
    givenName: 'Ada',
    familyName: 'Lovelace',
    employeeNumber: '004711',
    department: 'Research',
    title: 'Principal Engineer',
    location: 'London',
    managerId: '01964b1e-0000-7000-8000-000000000102',
    managementLevel: 'manager',
    roles: ['employee', 'moderator'],
    badges: ['ambassador'],
  },
});

export const userAttributesChangedV1 = defineEvent<UserAttributesChangedV1>({
  type: 'identity.user.attributes-changed',
  version: 1,
  aggregateType,
  topic,
  description: 'Directory attributes changed. Only changed attributes are present; null clears an optional one. Manager and roles have their own events.',
  schema: object(
    {
      changes: object(
        {
          externalId: text(256),
          ...requiredAttributes,
          ...Object.fromEntries(Object.entries(optionalAttributes).map(([k, s]) => [k, nullable(s)])),
        },
        [],
        { minProperties: 1 },
      ),
    },
    ['changes'],
  ),
  example: { changes: { title: 'Distinguished Engineer', location: null, managementLevel: 'director' } },
});

export const userManagerChangedV1 = defineEvent<UserManagerChangedV1>({
  type: 'identity.user.manager-changed',
  version: 1,
  aggregateType,
  topic,
  description: 'The person reports to a different manager (null: nobody). Drives org charts and manager-audience posts.',
  schema: object({ managerId: nullable(uuid()), previousManagerId: nullable(uuid()) }, ['managerId', 'previousManagerId']),
  example: { managerId: '01964b1e-0000-7000-8000-000000000103', previousManagerId: '01964b1e-0000-7000-8000-000000000102' },
});

export const userDeactivatedV1 = defineEvent<UserDeactivatedV1>({
  type: 'identity.user.deactivated',
  version: 1,
  aggregateType,
  topic,
  description: 'The person can no longer sign in; all their sessions are void. Other services hide them from audiences and search.',
  schema: object({ reason: oneOfStrings(['deprovisioned', 'administrator']) }, ['reason']),
  example: { reason: 'deprovisioned' },
});

export const userReactivatedV1 = defineEvent<UserReactivatedV1>({
  type: 'identity.user.reactivated',
  version: 1,
  aggregateType,
  topic,
  description: 'A deactivated person was reactivated with their previous attributes, roles and history.',
  schema: object({}),
  example: {},
});

export const userDeletedV1 = defineEvent<UserDeletedV1>({
  type: 'identity.user.deleted',
  version: 1,
  aggregateType,
  topic,
  description:
    'The directory deleted the person (SCIM DELETE). Always follows a deactivated event, so consumers that ignore it still treat ' +
    'the person as deactivated. The id is never reused; consumers drop or anonymise the personal data they projected, ' +
    'keeping the id where content references it.',
  schema: object({}),
  example: {},
});

export const userRoleGrantedV1 = defineEvent<UserRoleGrantedV1>({
  type: 'identity.user.role-granted',
  version: 1,
  aggregateType,
  topic,
  description: 'The person was granted a Plein role. Emitted only when the role was not held.',
  schema: object({ role }, ['role']),
  example: { role: 'community-manager' },
});

export const userRoleRevokedV1 = defineEvent<UserRoleRevokedV1>({
  type: 'identity.user.role-revoked',
  version: 1,
  aggregateType,
  topic,
  description: 'The person lost a Plein role. Emitted only when the role was held; `employee` is never revoked.',
  schema: object({ role: oneOfStrings(USER_ROLES.filter((r) => r !== 'employee')) }, ['role']),
  example: { role: 'moderator' },
});

/**
 * The directory named a manager Plein does not know yet (an id or externalId of a user not
 * provisioned; directories provision in any order). Identity keeps the reference and emits
 * manager-changed once that user is provisioned; null: no pending reference any more.
 */
export interface UserManagerReferenceChangedV1 {
  reference: string | null;
}

export const userManagerReferenceChangedV1 = defineEvent<UserManagerReferenceChangedV1>({
  type: 'identity.user.manager-reference-changed',
  version: 1,
  aggregateType,
  topic,
  description: 'A pending manager reference (a user not provisioned yet) was set or dropped. Not a manager: the resolved reference becomes a manager-changed.',
  schema: object({ reference: nullable(text(256)) }, ['reference']),
  example: { reference: 'hr-004712' },
});

export const userContracts = [
  userManagerReferenceChangedV1,
  userProvisionedV1,
  userAttributesChangedV1,
  userManagerChangedV1,
  userDeactivatedV1,
  userReactivatedV1,
  userDeletedV1,
  userRoleGrantedV1,
  userRoleRevokedV1,
];
