import { uuidv7, type CommandMetadata } from '@plein/shared/kernel';
import {
  applyScimPatch,
  parsePatchRequest,
  scimUserToInput,
  toScimUser,
  USER_RESOURCE,
  UserNotFoundError,
  type ScimResource,
  type ScimUserInput,
} from '@plein/identity/domain';
import { VersionMismatchError } from '../errors';
import type { GroupCommandBus, UserCommandBus } from '../ports/commands.port';
import type { GroupDirectory, Page, UserDirectory, UserRecord } from '../ports/directory.port';
import { stepMetadata } from '../ports/metadata';
import type { UserNameRegistry } from '../ports/user-names.port';
import type { UserSessions } from '../ports/user-sessions.port';
import type { UserProvisioning } from '../users/provisioning';
import { checkIfMatch } from './etag';
import { assertCreateHasSchemas } from './create-request';
import { parseListRequest, type QueryParams } from './list-params';
import { selectAttributes } from './attribute-selection';

export interface ScimRequestContext {
  /** SCIM base URL as clients reach it, e.g. `https://plein.example.org/scim/v2`. */
  readonly baseUrl: string;
  readonly metadata: CommandMetadata;
  readonly ifMatch?: string | null;
}

export interface ScimResult {
  readonly resource: ScimResource;
  readonly version: number;
}

/** Attributes `GET /Users?sortBy=` accepts (the read model indexes or cheaply sorts these). */
export const USER_SORTABLE = ['userName', 'displayName', 'name.familyName', 'name.givenName', 'meta.created', 'meta.lastModified', 'externalId'];

const PATCH_ATTEMPTS = 3;

export interface ScimUsersDependencies {
  readonly commands: UserCommandBus;
  readonly users: UserDirectory;
  readonly groups: GroupDirectory;
  readonly userNames: UserNameRegistry;
  readonly provisioning: UserProvisioning;
  readonly sessions: UserSessions;
  /** Resolves pending group member references when their user is provisioned (absent: groups keep them). */
  readonly groupCommands?: GroupCommandBus;
}

/** A manager named by the directory: a user Plein knows, or a reference kept until that user arrives. */
type ManagerTarget = { readonly managerId: string } | { readonly reference: string };

/**
 * SCIM 2.0 `/Users` (RFC 7644 §3) on the User aggregate: the domain maps resources and PATCH
 * operations; this layer adds uniqueness, manager checks, ETags and session ends. A PUT or PATCH
 * becomes up to three commands (attributes, manager, active), each idempotent.
 */
export class ScimUsersService {
  constructor(private readonly deps: ScimUsersDependencies) {}

  async create(body: unknown, ctx: ScimRequestContext): Promise<ScimResult> {
    assertCreateHasSchemas(body);
    const input = scimUserToInput(body);
    const userId = uuidv7();
    const manager = input.managerId ? await this.resolveManager(input.managerId) : null;
    const managerId = manager && 'managerId' in manager ? manager.managerId : null;
    await this.deps.provisioning.provision({ userId, attributes: input.attributes, managerId, ...(input.active !== undefined ? { active: input.active } : {}) }, ctx.metadata);
    if (manager && 'reference' in manager) {
      await this.deps.commands.execute({ type: 'ReferenceManager', userId, reference: manager.reference }, stepMetadata(ctx.metadata, 'manager'));
    }
    const created = await this.mustGet(userId);
    await this.resolveReferencesTo(created, ctx.metadata);
    return this.get(userId, ctx.baseUrl);
  }

  async get(id: string, baseUrl: string, selection: { attributes?: readonly string[]; excludedAttributes?: readonly string[] } = {}): Promise<ScimResult> {
    const record = await this.mustGet(id);
    const [resource] = await this.render([record], baseUrl);
    return { resource: selectAttributes(resource!, selection.attributes ?? [], selection.excludedAttributes ?? []), version: record.version };
  }

  async list(params: QueryParams, baseUrl: string): Promise<ScimResource> {
    const request = parseListRequest(params, USER_RESOURCE, USER_SORTABLE);
    const page: Page<UserRecord> = await this.deps.users.list(request);
    const resources = await this.render(page.items, baseUrl);
    return listResponse(page.total, request.startIndex, resources.map((r) => selectAttributes(r, request.attributes, request.excludedAttributes)));
  }

  async replace(id: string, body: unknown, ctx: ScimRequestContext): Promise<ScimResult> {
    const current = await this.mustGet(id);
    const expected = checkIfMatch(ctx.ifMatch, current.version, `User ${id}`);
    await this.apply(current, scimUserToInput(body), ctx.metadata, expected);
    return this.get(id, ctx.baseUrl);
  }

  /**
   * Applies the operations to the current resource and writes the difference. Without If-Match a
   * concurrent change is absorbed by re-reading and re-applying (PATCH operations are relative).
   */
  async patch(id: string, body: unknown, ctx: ScimRequestContext): Promise<ScimResult> {
    const operations = parsePatchRequest(body);
    for (let attempt = 1; ; attempt++) {
      const current = await this.mustGet(id);
      checkIfMatch(ctx.ifMatch, current.version, `User ${id}`);
      // Pending references take part, so a PATCH that does not touch them keeps them.
      const [before] = await this.render([current], ctx.baseUrl, true);
      const result = applyScimPatch(USER_RESOURCE, before!, operations);
      if (result.changed.length === 0) return { resource: before!, version: current.version };
      try {
        await this.apply(current, scimUserToInput(result.resource), ctx.metadata, current.version);
        return this.get(id, ctx.baseUrl);
      } catch (error) {
        if (!(error instanceof VersionMismatchError) || ctx.ifMatch || attempt >= PATCH_ATTEMPTS) throw error;
      }
    }
  }

  async remove(id: string, ctx: ScimRequestContext): Promise<void> {
    const current = await this.mustGet(id);
    const expected = checkIfMatch(ctx.ifMatch, current.version, `User ${id}`);
    await this.deps.commands.execute({ type: 'DeleteUser', userId: id }, ctx.metadata, expected === undefined ? {} : { expectedVersion: expected });
    await this.deps.userNames.release(current.attributes.userName, id);
    await this.deps.sessions.endAllForUser(id, 'deactivated');
  }

  private async apply(current: UserRecord, input: ScimUserInput, metadata: CommandMetadata, expectedVersion: number | undefined): Promise<void> {
    const { commands, userNames, provisioning } = this.deps;
    const userId = current.id;
    const oldName = current.attributes.userName;
    const renamed = input.attributes.userName.trim().toLowerCase() !== oldName.toLowerCase();
    const update = () => commands.execute({ type: 'UpdateUserAttributes', userId, changes: input.attributes }, stepMetadata(metadata, 'attributes'), expectedVersion === undefined ? {} : { expectedVersion });
    if (renamed) {
      await provisioning.claimFor(input.attributes.userName, userId, update);
      await userNames.release(oldName, userId);
    } else {
      await update();
    }
    if (input.managerId !== (current.managerId ?? current.managerReference ?? null)) {
      const target = input.managerId ? await this.resolveManager(input.managerId) : { managerId: null };
      if ('reference' in target) {
        await commands.execute({ type: 'ReferenceManager', userId, reference: target.reference }, stepMetadata(metadata, 'manager'));
      } else {
        const managerChain = target.managerId ? await provisioning.managerChain(target.managerId) : [];
        await commands.execute({ type: 'ChangeManager', userId, managerId: target.managerId, managerChain }, stepMetadata(metadata, 'manager'));
      }
    }
    if (input.attributes.externalId && input.attributes.externalId !== current.attributes.externalId) {
      const updated = await this.deps.users.get(userId);
      if (updated) await this.resolveReferencesTo(updated, metadata);
    }
    if (input.active === false && current.active) {
      await commands.execute({ type: 'DeactivateUser', userId, reason: 'deprovisioned' }, stepMetadata(metadata, 'active'));
      await this.deps.sessions.endAllForUser(userId, 'deactivated');
    } else if (input.active === true && !current.active) {
      await commands.execute({ type: 'ReactivateUser', userId }, stepMetadata(metadata, 'active'));
    }
  }

  /**
   * Directories provision in any order: a manager is the user with that id, else the one with that
   * externalId, else a reference kept until such a user is provisioned (resolveReferencesTo).
   */
  private async resolveManager(value: string): Promise<ManagerTarget> {
    const known = (await this.deps.users.get(value)) ?? (await this.deps.users.findByExternalId(value));
    return known ? { managerId: known.id } : { reference: value };
  }

  /**
   * A user arrived (or got a new externalId): pending manager and group member references to its
   * id or externalId become real ones. Each is its own command on the waiting aggregate, so the
   * events stay the source of truth; a failure leaves that reference pending, never the arrival.
   */
  private async resolveReferencesTo(user: UserRecord, metadata: CommandMetadata): Promise<void> {
    const references = [...new Set([user.id, user.attributes.externalId])];
    const waitingForManager = (await this.deps.users.withManagerReference(references)).filter((waiting) => waiting.id !== user.id);
    // The new manager's own chain is the same for every user waiting for it: read it once.
    const managerChain = waitingForManager.length > 0 ? await this.deps.provisioning.managerChain(user.id) : [];
    for (const waiting of waitingForManager) {
      await this.deps.commands
        .execute({ type: 'ChangeManager', userId: waiting.id, managerId: user.id, managerChain }, stepMetadata(metadata, `resolve-manager-${waiting.id}`))
        .catch(() => undefined);
    }
    const groupCommands = this.deps.groupCommands;
    if (!groupCommands) return;
    for (const group of await this.deps.groups.withMemberReference(references)) {
      const resolved = (group.memberReferences ?? []).filter((r) => references.includes(r));
      await groupCommands
        .execute({ type: 'ChangeGroupMembership', groupId: group.id, add: [user.id], removeReferences: resolved }, stepMetadata(metadata, `resolve-member-${group.id}`))
        .catch(() => undefined);
    }
  }

  private async mustGet(id: string): Promise<UserRecord> {
    const record = await this.deps.users.get(id);
    if (!record) throw new UserNotFoundError(id);
    return record;
  }

  /** SCIM resources with the read-only extras: manager display name and group memberships. */
  private async render(records: readonly UserRecord[], baseUrl: string, withPendingReferences = false): Promise<ScimResource[]> {
    const managerIds = [...new Set(records.map((r) => r.managerId).filter((id): id is string => id !== null))];
    const [groups, managers] = await Promise.all([this.deps.groups.groupsOf(records.map((r) => r.id)), this.deps.users.getMany(managerIds)]);
    const managerNames = new Map(managers.map((m) => [m.id, m.attributes.displayName]));
    return records.map((r) =>
      toScimUser(
        {
          id: r.id,
          attributes: r.attributes,
          active: r.active,
          managerId: r.managerId ?? (withPendingReferences ? (r.managerReference ?? null) : null),
          managerDisplayName: r.managerId ? (managerNames.get(r.managerId) ?? null) : null,
          groups: groups.get(r.id) ?? [],
          created: r.createdAt.toISOString(),
          lastModified: r.updatedAt.toISOString(),
          version: r.version,
        },
        baseUrl,
      ),
    );
  }
}

export function listResponse(total: number, startIndex: number, resources: readonly ScimResource[]): ScimResource {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
