import { isUuid, uuidv7 } from '@plein/shared/kernel';
import {
  applyGroupPatch,
  GROUP_RESOURCE,
  GroupNotFoundError,
  parsePatchRequest,
  scimGroupToInput,
  ScimError,
  toScimGroup,
  type ScimResource,
} from '@plein/identity/domain';
import { VersionMismatchError } from '../errors';
import type { GroupCommandBus } from '../ports/commands.port';
import { stepMetadata } from '../ports/metadata';
import type { GroupDirectory, GroupRecord, UserDirectory } from '../ports/directory.port';
import { selectAttributes } from './attribute-selection';
import { checkIfMatch } from './etag';
import { assertCreateHasSchemas } from './create-request';
import { parseListRequest, type QueryParams } from './list-params';
import { listResponse, type ScimRequestContext, type ScimResult } from './scim-users.service';

export const GROUP_SORTABLE = ['displayName', 'externalId', 'meta.created', 'meta.lastModified'];

const PATCH_ATTEMPTS = 3;
/** Unknown member values are looked up one by one (by externalId); this bounds a single request. */
const MAX_PENDING_LOOKUPS = 1000;

/**
 * SCIM 2.0 `/Groups` on the Group aggregate. Members must be users Plein knows (400
 * invalidValue names the unknown ids); member `display` names are not rendered, which keeps
 * large groups cheap (they are optional, RFC 7643 §4.2).
 */
export class ScimGroupsService {
  constructor(private readonly deps: { readonly commands: GroupCommandBus; readonly groups: GroupDirectory; readonly users: UserDirectory }) {}

  async create(body: unknown, ctx: ScimRequestContext): Promise<ScimResult> {
    assertCreateHasSchemas(body);
    const input = scimGroupToInput(body);
    const { users, references } = await this.resolveMembers(input.members);
    const groupId = uuidv7();
    await this.deps.commands.execute(
      { type: 'CreateGroup', groupId, displayName: input.displayName, externalId: input.externalId, members: users, memberReferences: references },
      ctx.metadata,
    );
    return this.get(groupId, ctx.baseUrl);
  }

  async get(id: string, baseUrl: string, selection: { attributes?: readonly string[]; excludedAttributes?: readonly string[] } = {}): Promise<ScimResult> {
    const record = await this.mustGet(id);
    return { resource: selectAttributes(render(record, baseUrl), selection.attributes ?? [], selection.excludedAttributes ?? []), version: record.version };
  }

  async list(params: QueryParams, baseUrl: string): Promise<ScimResource> {
    const request = parseListRequest(params, GROUP_RESOURCE, GROUP_SORTABLE);
    const page = await this.deps.groups.list(request);
    return listResponse(
      page.total,
      request.startIndex,
      page.items.map((g) => selectAttributes(render(g, baseUrl), request.attributes, request.excludedAttributes)),
    );
  }

  async replace(id: string, body: unknown, ctx: ScimRequestContext): Promise<ScimResult> {
    const current = await this.mustGet(id);
    const expectedVersion = checkIfMatch(ctx.ifMatch, current.version, `Group ${id}`);
    const input = scimGroupToInput(body);
    const { users, references } = await this.resolveMembers(input.members, current.memberIds);
    const options = expectedVersion === undefined ? {} : { expectedVersion };
    await this.deps.commands.execute({ type: 'RenameGroup', groupId: id, displayName: input.displayName }, stepMetadata(ctx.metadata, 'name'), options);
    if (input.externalId !== null) await this.deps.commands.execute({ type: 'ChangeGroupExternalId', groupId: id, externalId: input.externalId }, stepMetadata(ctx.metadata, 'external-id'));
    await this.deps.commands.execute({ type: 'ReplaceGroupMembers', groupId: id, members: users, memberReferences: references }, stepMetadata(ctx.metadata, 'members'));
    return this.get(id, ctx.baseUrl);
  }

  async patch(id: string, body: unknown, ctx: ScimRequestContext): Promise<ScimResult> {
    const operations = parsePatchRequest(body);
    for (let attempt = 1; ; attempt++) {
      const current = await this.mustGet(id);
      checkIfMatch(ctx.ifMatch, current.version, `Group ${id}`);
      // Pending member references take part, so they can be removed (and a PATCH keeps them).
      const result = applyGroupPatch(render(current, ctx.baseUrl, true), operations);
      if (result.changed.length === 0) return { resource: render(current, ctx.baseUrl), version: current.version };
      const added = await this.resolveMembers(result.membersAdded, current.memberIds);
      const pending = new Set(current.memberReferences ?? []);
      const externalId = result.changed.includes('externalId') ? (typeof result.resource['externalId'] === 'string' ? result.resource['externalId'] : id) : null;
      try {
        let expectedVersion: number | undefined = current.version;
        const once = () => {
          const options = expectedVersion === undefined ? {} : { expectedVersion };
          expectedVersion = undefined;
          return options;
        };
        if (result.displayName !== null) {
          await this.deps.commands.execute({ type: 'RenameGroup', groupId: id, displayName: result.displayName }, stepMetadata(ctx.metadata, 'name'), once());
        }
        if (externalId !== null) {
          await this.deps.commands.execute({ type: 'ChangeGroupExternalId', groupId: id, externalId }, stepMetadata(ctx.metadata, 'external-id'), once());
        }
        if (result.membersAdded.length > 0 || result.membersRemoved.length > 0) {
          await this.deps.commands.execute(
            {
              type: 'ChangeGroupMembership',
              groupId: id,
              add: added.users,
              remove: result.membersRemoved.filter((m) => !pending.has(m)),
              addReferences: added.references,
              removeReferences: result.membersRemoved.filter((m) => pending.has(m)),
            },
            stepMetadata(ctx.metadata, 'members'),
            once(),
          );
        }
        return this.get(id, ctx.baseUrl);
      } catch (error) {
        if (!(error instanceof VersionMismatchError) || ctx.ifMatch || attempt >= PATCH_ATTEMPTS) throw error;
      }
    }
  }

  async remove(id: string, ctx: ScimRequestContext): Promise<void> {
    const current = await this.mustGet(id);
    const expectedVersion = checkIfMatch(ctx.ifMatch, current.version, `Group ${id}`);
    await this.deps.commands.execute({ type: 'DeleteGroup', groupId: id }, ctx.metadata, expectedVersion === undefined ? {} : { expectedVersion });
  }

  private async mustGet(id: string): Promise<GroupRecord> {
    const record = await this.deps.groups.get(id);
    if (!record) throw new GroupNotFoundError(id);
    return record;
  }

  /**
   * Directories provision in any order: a member value is a user's id, else a user's externalId,
   * else a reference kept until such a user is provisioned (ScimUsersService resolves it then).
   * `known` are ids already members (no lookup needed).
   */
  private async resolveMembers(values: readonly string[], known: readonly string[] = []): Promise<{ users: string[]; references: string[] }> {
    const members = new Set(known);
    const lookup = values.filter((v) => !members.has(v));
    const found = new Set((await this.deps.users.getMany(lookup.filter(isUuid))).map((u) => u.id));
    const unresolved = lookup.filter((v) => !found.has(v)).length;
    if (unresolved > MAX_PENDING_LOOKUPS) throw new ScimError('tooMany', `at most ${MAX_PENDING_LOOKUPS} members may name users that are not provisioned yet`);
    const users: string[] = [];
    const references: string[] = [];
    for (const value of values) {
      if (members.has(value) || found.has(value)) {
        users.push(value);
        continue;
      }
      const byExternalId = await this.deps.users.findByExternalId(value);
      if (byExternalId) users.push(byExternalId.id);
      else references.push(value);
    }
    const groups = (await Promise.all(references.filter(isUuid).map((r) => this.deps.groups.get(r)))).filter((g) => g !== null);
    if (groups.length > 0) throw new ScimError('invalidValue', `members must be users; nested groups are not supported: ${groups.map((g) => g.id).join(', ')}`);
    return { users: [...new Set(users)], references };
  }
}

/** `withPendingReferences`: list pending member references as members too (for applying a PATCH, never rendered). */
function render(record: GroupRecord, baseUrl: string, withPendingReferences = false): ScimResource {
  const references = withPendingReferences ? (record.memberReferences ?? []) : [];
  return toScimGroup(
    {
      id: record.id,
      displayName: record.displayName,
      externalId: record.externalId,
      members: [...record.memberIds, ...references].map((id) => ({ id })),
      created: record.createdAt.toISOString(),
      lastModified: record.updatedAt.toISOString(),
      version: record.version,
    },
    baseUrl,
  );
}
