import { uuidv7 } from '@plein/shared/kernel';
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
import { parseListRequest, type QueryParams } from './list-params';
import { listResponse, type ScimRequestContext, type ScimResult } from './scim-users.service';

export const GROUP_SORTABLE = ['displayName', 'externalId', 'meta.created', 'meta.lastModified'];

const PATCH_ATTEMPTS = 3;

/**
 * SCIM 2.0 `/Groups` on the Group aggregate. Members must be users Plein knows (400
 * invalidValue names the unknown ids); member `display` names are not rendered, which keeps
 * large groups cheap (they are optional, RFC 7643 §4.2).
 */
export class ScimGroupsService {
  constructor(private readonly deps: { readonly commands: GroupCommandBus; readonly groups: GroupDirectory; readonly users: UserDirectory }) {}

  async create(body: unknown, ctx: ScimRequestContext): Promise<ScimResult> {
    const input = scimGroupToInput(body);
    await this.requireUsers(input.members);
    const groupId = uuidv7();
    await this.deps.commands.execute({ type: 'CreateGroup', groupId, displayName: input.displayName, externalId: input.externalId, members: input.members }, ctx.metadata);
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
    await this.requireUsers(input.members.filter((m) => !current.memberIds.includes(m)));
    const options = expectedVersion === undefined ? {} : { expectedVersion };
    await this.deps.commands.execute({ type: 'RenameGroup', groupId: id, displayName: input.displayName }, stepMetadata(ctx.metadata, 'name'), options);
    await this.deps.commands.execute({ type: 'ReplaceGroupMembers', groupId: id, members: input.members }, stepMetadata(ctx.metadata, 'members'));
    return this.get(id, ctx.baseUrl);
  }

  async patch(id: string, body: unknown, ctx: ScimRequestContext): Promise<ScimResult> {
    const operations = parsePatchRequest(body);
    for (let attempt = 1; ; attempt++) {
      const current = await this.mustGet(id);
      checkIfMatch(ctx.ifMatch, current.version, `Group ${id}`);
      const result = applyGroupPatch(render(current, ctx.baseUrl), operations);
      if (result.changed.length === 0) return { resource: render(current, ctx.baseUrl), version: current.version };
      await this.requireUsers(result.membersAdded);
      try {
        let expectedVersion: number | undefined = current.version;
        if (result.displayName !== null) {
          await this.deps.commands.execute({ type: 'RenameGroup', groupId: id, displayName: result.displayName }, stepMetadata(ctx.metadata, 'name'), { expectedVersion });
          expectedVersion = undefined;
        }
        if (result.membersAdded.length > 0 || result.membersRemoved.length > 0) {
          await this.deps.commands.execute(
            { type: 'ChangeGroupMembership', groupId: id, add: result.membersAdded, remove: result.membersRemoved },
            stepMetadata(ctx.metadata, 'members'),
            expectedVersion === undefined ? {} : { expectedVersion },
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

  private async requireUsers(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = new Set((await this.deps.users.getMany(ids)).map((u) => u.id));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) throw new ScimError('invalidValue', `members are not known users: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', ...' : ''}`);
  }
}

function render(record: GroupRecord, baseUrl: string): ScimResource {
  return toScimGroup(
    {
      id: record.id,
      displayName: record.displayName,
      externalId: record.externalId,
      members: record.memberIds.map((id) => ({ id })),
      created: record.createdAt.toISOString(),
      lastModified: record.updatedAt.toISOString(),
      version: record.version,
    },
    baseUrl,
  );
}
