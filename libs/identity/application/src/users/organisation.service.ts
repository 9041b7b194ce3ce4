import { UserNotFoundError } from '@plein/identity/domain';
import type { UserDirectory, UserRecord } from '../ports/directory.port';
import { MAX_CHAIN_DEPTH } from './provisioning';

/** The organisation data every employee may see about a colleague (no e-mail history, no audit). */
export interface OrgProfile {
  readonly id: string;
  readonly userName: string;
  readonly displayName: string;
  /** Absent when the directory has no address for the person. */
  readonly email?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly title?: string;
  readonly department?: string;
  readonly location?: string;
  readonly employeeNumber?: string;
  readonly managementLevel: string;
  readonly managerId: string | null;
  readonly roles: readonly string[];
  readonly badges: readonly string[];
  readonly active: boolean;
}

export const toOrgProfile = (r: UserRecord): OrgProfile => {
  const a = r.attributes;
  return {
    id: r.id,
    userName: a.userName,
    displayName: a.displayName,
    ...(a.email ? { email: a.email } : {}),
    ...(a.givenName ? { givenName: a.givenName } : {}),
    ...(a.familyName ? { familyName: a.familyName } : {}),
    ...(a.title ? { title: a.title } : {}),
    ...(a.department ? { department: a.department } : {}),
    ...(a.location ? { location: a.location } : {}),
    ...(a.employeeNumber ? { employeeNumber: a.employeeNumber } : {}),
    managementLevel: a.managementLevel,
    managerId: r.managerId,
    roles: r.roles,
    badges: a.badges,
    active: r.active,
  };
};

/** How many people one lookup (`GET /v1/users?ids=…`) may name. */
export const MAX_PROFILES_PER_LOOKUP = 100;

/** Org chart reads: a person, many people at once, their direct reports, their reports-to chain up to the top. */
export class OrganisationService {
  constructor(private readonly users: UserDirectory) {}

  async profile(userId: string): Promise<OrgProfile> {
    const record = await this.users.get(userId);
    if (!record) throw new UserNotFoundError(userId);
    return toOrgProfile(record);
  }

  /**
   * The people among `userIds` that `profile` would answer, in the order asked, each once; unknown
   * and deleted ids are left out (no error: a client resolving names shows "a colleague").
   */
  async profiles(userIds: readonly string[]): Promise<OrgProfile[]> {
    const wanted = [...new Set(userIds)];
    if (wanted.length > MAX_PROFILES_PER_LOOKUP) throw new RangeError(`at most ${MAX_PROFILES_PER_LOOKUP} people per lookup`);
    const byId = new Map((await this.users.getMany(wanted)).map((r) => [r.id, r]));
    return wanted.flatMap((id) => {
      const record = byId.get(id);
      return record ? [toOrgProfile(record)] : [];
    });
  }

  async reports(userId: string, limit = 500): Promise<OrgProfile[]> {
    await this.profile(userId);
    return (await this.users.reportsOf(userId, limit)).map(toOrgProfile);
  }

  /** Manager first, then their manager, up to the top of the organisation. */
  async chain(userId: string): Promise<OrgProfile[]> {
    const chain: OrgProfile[] = [];
    let current = await this.users.get(userId);
    if (!current) throw new UserNotFoundError(userId);
    const seen = new Set([userId]);
    while (current?.managerId && !seen.has(current.managerId) && chain.length < MAX_CHAIN_DEPTH) {
      seen.add(current.managerId);
      current = await this.users.get(current.managerId);
      if (current) chain.push(toOrgProfile(current));
    }
    return chain;
  }
}
