/**
 * In-memory adapters for fast unit tests of the use cases (never built into dist). They run the
 * real deciders and keep the read-model records the way the Mongo adapters do.
 */
import { uuidv7, type CommandMetadata } from '@plein/shared/kernel';
import {
  decideGroup,
  decideUser,
  evolveGroup,
  evolveUser,
  initialGroupState,
  initialUserState,
  matchesScimFilter,
  toScimGroup,
  toScimUser,
  UserNameTakenError,
  type GroupEvent,
  type GroupState,
  type UserEvent,
  type UserState,
} from '@plein/identity/domain';
import { VersionMismatchError } from '../errors';
import type { CommandOutcome, GroupCommandBus, UserCommandBus } from '../ports/commands.port';
import { MAX_WAITING_REFERENCES, type GroupDirectory, type GroupRecord, type ListQuery, type UserDirectory, type UserHistoryEntry, type UserRecord } from '../ports/directory.port';
import type { OneTimeMarks } from '../ports/one-time-marks.port';
import type { UserNameRegistry } from '../ports/user-names.port';

interface Stream<S> {
  state: S;
  events: UserHistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

export class MemoryIdentity {
  readonly users = new Map<string, Stream<UserState>>();
  readonly groups = new Map<string, Stream<GroupState>>();
  private readonly names = new Map<string, string>();
  private readonly used = new Set<string>();
  now = new Date('2026-01-01T00:00:00.000Z');

  readonly userCommands: UserCommandBus = {
    execute: (command, metadata, options) => this.run(this.users, command.userId, initialUserState, (s) => decideUser(command, s), evolveUser, metadata, options?.expectedVersion),
  };
  readonly groupCommands: GroupCommandBus = {
    execute: (command, metadata, options) => this.run(this.groups, command.groupId, initialGroupState, (s) => decideGroup(command, s), evolveGroup, metadata, options?.expectedVersion),
  };

  readonly userDirectory: UserDirectory = {
    get: async (id) => this.userRecord(id),
    getMany: async (ids) => ids.map((id) => this.userRecord(id)).filter((r): r is UserRecord => r !== null),
    findByUserName: async (name) => this.allUsers().find((u) => u.attributes.userName.toLowerCase() === name.toLowerCase()) ?? null,
    findByExternalId: async (externalId) => this.allUsers().find((u) => u.attributes.externalId === externalId) ?? null,
    list: async (query) => page(this.allUsers().filter((u) => !query.filter || matchesScimFilter(query.filter, toScimUser({ ...u, created: u.createdAt.toISOString() }, 'http://x'))), query),
    reportsOf: async (managerId) => this.allUsers().filter((u) => u.managerId === managerId),
    countActiveWithRole: async (role) => this.allUsers().filter((u) => u.active && u.roles.includes(role)).length,
    withManagerReference: async (references) => this.allUsers().filter((u) => u.managerReference && references.includes(u.managerReference)).slice(0, MAX_WAITING_REFERENCES),
  };

  readonly groupDirectory: GroupDirectory = {
    get: async (id) => this.groupRecord(id),
    list: async (query) => page(this.allGroups().filter((g) => !query.filter || matchesScimFilter(query.filter, toScimGroup({ ...g, members: g.memberIds.map((id) => ({ id })) }, 'http://x'))), query),
    groupsOf: async (userIds) => new Map(userIds.map((id) => [id, this.allGroups().filter((g) => g.memberIds.includes(id)).map((g) => ({ id: g.id, displayName: g.displayName }))])),
    withMemberReference: async (references) => this.allGroups().filter((g) => (g.memberReferences ?? []).some((r) => references.includes(r))).slice(0, MAX_WAITING_REFERENCES),
  };

  readonly userNames: UserNameRegistry = {
    claim: async (userName, userId) => {
      const holder = this.names.get(userName.toLowerCase());
      if (holder && holder !== userId) throw new UserNameTakenError(userName);
      this.names.set(userName.toLowerCase(), userId);
    },
    release: async (userName, userId) => {
      if (this.names.get(userName.toLowerCase()) === userId) this.names.delete(userName.toLowerCase());
    },
  };

  readonly marks: OneTimeMarks = {
    claim: async (key) => !this.used.has(key) && Boolean(this.used.add(key)),
  };

  history(userId: string): UserHistoryEntry[] {
    return this.users.get(userId)?.events ?? [];
  }

  private async run<S, E extends UserEvent | GroupEvent>(
    streams: Map<string, Stream<S>>,
    id: string,
    initial: () => S,
    decide: (state: S) => E[],
    evolve: (state: S, event: E) => S,
    metadata: CommandMetadata,
    expectedVersion: number | undefined,
  ): Promise<CommandOutcome<S>> {
    const stream = streams.get(id) ?? { state: initial(), events: [], createdAt: this.now, updatedAt: this.now };
    if (expectedVersion !== undefined && expectedVersion !== stream.events.length) throw new VersionMismatchError(id, expectedVersion, stream.events.length);
    const decided = decide(stream.state);
    const occurredAt = this.now.toISOString();
    for (const event of decided) {
      stream.state = evolve(stream.state, event);
      stream.events.push({ sequence: stream.events.length + 1, type: event.type, occurredAt, actorId: metadata.actorId, correlationId: metadata.correlationId, data: event.data });
    }
    if (decided.length > 0) {
      stream.updatedAt = this.now;
      streams.set(id, stream);
    }
    const events = stream.events.slice(stream.events.length - decided.length);
    return { version: stream.events.length, state: stream.state, events, replayed: false };
  }

  private userRecord(id: string): UserRecord | null {
    const stream = this.users.get(id);
    const s = stream?.state;
    if (!stream || !s?.attributes || s.status === 'deleted') return null;
    return { id, attributes: s.attributes, active: s.status === 'active', managerId: s.managerId, managerReference: s.managerReference ?? null, roles: s.roles, version: stream.events.length, createdAt: stream.createdAt, updatedAt: stream.updatedAt };
  }

  private groupRecord(id: string): GroupRecord | null {
    const stream = this.groups.get(id);
    const s = stream?.state;
    if (!stream || !s || s.status !== 'active') return null;
    return { id, displayName: s.displayName!, externalId: s.externalId, memberIds: s.members, memberReferences: s.memberReferences, version: stream.events.length, createdAt: stream.createdAt, updatedAt: stream.updatedAt };
  }

  private allUsers(): UserRecord[] {
    return [...this.users.keys()].map((id) => this.userRecord(id)).filter((r): r is UserRecord => r !== null);
  }

  private allGroups(): GroupRecord[] {
    return [...this.groups.keys()].map((id) => this.groupRecord(id)).filter((r): r is GroupRecord => r !== null);
  }
}

function page<T>(items: T[], query: ListQuery): { total: number; items: T[] } {
  return { total: items.length, items: items.slice(query.startIndex - 1, query.startIndex - 1 + query.count) };
}

export const testMetadata = (actorId = 'system:test'): CommandMetadata => ({ correlationId: uuidv7(), causationId: uuidv7(), actorId });
