import type { UserRole } from '@plein/identity/contracts';
import type { ResolvedFilter, UserAttributes } from '@plein/identity/domain';

/** One user as the users read model holds it (deleted users are never returned). */
export interface UserRecord {
  readonly id: string;
  readonly attributes: UserAttributes;
  readonly active: boolean;
  readonly managerId: string | null;
  /** A manager the directory named who is not provisioned yet (an id or externalId), if any. */
  readonly managerReference?: string | null;
  readonly roles: readonly UserRole[];
  /** Stream version (= last applied sequence); the SCIM ETag. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface GroupRecord {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly memberIds: readonly string[];
  /** Member references to users not provisioned yet (ids or externalIds). */
  readonly memberReferences?: readonly string[];
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type SortOrder = 'ascending' | 'descending';

export interface ListQuery {
  readonly filter?: ResolvedFilter;
  /** 1-based (RFC 7644 §3.4.2.4). */
  readonly startIndex: number;
  /** 0 asks for the total only. */
  readonly count: number;
  /** A canonical SCIM attribute path the read model can sort on, e.g. `userName`. */
  readonly sortBy?: string;
  readonly sortOrder: SortOrder;
}

export interface Page<T> {
  readonly total: number;
  readonly items: readonly T[];
}

/** Queries over the users read model (`identity_users_v1`). */
export interface UserDirectory {
  get(id: string): Promise<UserRecord | null>;
  getMany(ids: readonly string[]): Promise<UserRecord[]>;
  /** Case-insensitive. */
  findByUserName(userName: string): Promise<UserRecord | null>;
  findByExternalId(externalId: string): Promise<UserRecord | null>;
  list(query: ListQuery): Promise<Page<UserRecord>>;
  /** Direct reports, by display name. */
  reportsOf(managerId: string, limit: number): Promise<UserRecord[]>;
  countActiveWithRole(role: UserRole): Promise<number>;
  /** Users whose pending manager reference is one of `references`, at most `MAX_WAITING_REFERENCES`. */
  withManagerReference(references: readonly string[]): Promise<UserRecord[]>;
}

/** Queries over the groups read model (`identity_groups_v1`). */
export interface GroupDirectory {
  get(id: string): Promise<GroupRecord | null>;
  list(query: ListQuery): Promise<Page<GroupRecord>>;
  /** For each user id, the groups that have it as a member. */
  groupsOf(userIds: readonly string[]): Promise<Map<string, { id: string; displayName: string }[]>>;
  /** Groups with a pending member reference that is one of `references`, at most `MAX_WAITING_REFERENCES`. */
  withMemberReference(references: readonly string[]): Promise<GroupRecord[]>;
}

/**
 * How many users (or groups) waiting for one arriving user are resolved when it arrives: the read
 * is bounded; anything beyond stays pending (and is resolved at that user's next externalId change).
 */
export const MAX_WAITING_REFERENCES = 10_000;

/** The user's stream as an audit trail: who changed what, when. */
export interface UserHistoryEntry {
  readonly sequence: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actorId: string;
  readonly correlationId: string;
  readonly data: unknown;
}

export interface UserHistory {
  read(userId: string): Promise<readonly UserHistoryEntry[]>;
}
