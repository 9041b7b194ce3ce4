import type { GroupVisibility, MemberRole } from '@plein/feed/contracts';
import {
  canSeeGroup,
  canSeeGroupContent,
  FeedNotFoundError,
  groupDecider,
  membershipDecider,
  membershipId,
  type GroupCommand,
  type MembershipCommand,
  type Viewer,
} from '@plein/feed/domain';
import { streamId } from '@plein/shared/kernel';
import { actorOf, execute, metadataOf, newId, viewerOf, type FeedDependencies, type RequestContext } from '../context';
import { checkPageSize, pageOf } from '../paging';
import type { GroupView, MembershipView, Page } from '../ports';

export interface GroupRepresentation extends GroupView {
  readonly memberCount: number;
  /** The caller's standing: none, requested, invited or member (with role). */
  readonly you: { readonly status: MembershipView['status']; readonly role: MemberRole | null };
}

type MemberAction = 'approve' | 'decline' | 'invite' | 'add' | 'remove' | 'change-role';

/**
 * Groups (open, closed, secret) and memberships. A secret group does not exist for non-members
 * (FEED.GROUP_NOT_FOUND on every path); a closed group shows its name but not its content.
 */
export class GroupService {
  constructor(private readonly deps: FeedDependencies) {}

  async create(ctx: RequestContext, input: { name: string; description?: string; visibility: GroupVisibility }): Promise<GroupRepresentation> {
    const groupId = await newId(this.deps, 'feed.group', ctx);
    const actor = await actorOf(this.deps, ctx.caller);
    const command: GroupCommand = { type: 'CreateGroup', groupId, actor, name: input.name, ...(input.description !== undefined ? { description: input.description } : {}), visibility: input.visibility };
    const metadata = metadataOf(ctx);
    await execute(this.deps, streamId('group', groupId), groupDecider, command, metadata);
    // The creator's membership is its own aggregate; same causation id, so a retry is idempotent.
    await this.membershipCommand({ type: 'JoinAsCreator', groupId, userId: actor.userId, actor }, metadata);
    return this.get(ctx, groupId);
  }

  async change(ctx: RequestContext, groupId: string, input: { name?: string; description?: string | null; visibility?: GroupVisibility }): Promise<GroupRepresentation> {
    const { viewer } = await this.visibleGroup(ctx, groupId);
    const actor = await actorOf(this.deps, ctx.caller);
    const actorRole = viewer.groupMemberships.get(groupId);
    const metadata = metadataOf(ctx);
    const stream = streamId('group', groupId);
    if (input.name !== undefined || input.description !== undefined) {
      const command: GroupCommand = { type: 'ChangeGroupDetails', groupId, actor, ...(actorRole ? { actorRole } : {}), ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) };
      await execute(this.deps, stream, groupDecider, command, metadata);
    }
    if (input.visibility !== undefined) {
      await execute(this.deps, stream, groupDecider, { type: 'ChangeGroupVisibility', groupId, actor, ...(actorRole ? { actorRole } : {}), visibility: input.visibility } as GroupCommand, metadata);
    }
    return this.get(ctx, groupId);
  }

  async get(ctx: RequestContext, groupId: string): Promise<GroupRepresentation> {
    const { viewer, group } = await this.visibleGroup(ctx, groupId);
    return this.represent(viewer, group);
  }

  /** Groups whose existence the caller may see (open and closed, and secret ones they belong to). */
  async list(ctx: RequestContext, after: string | null, limit: number): Promise<Page<GroupRepresentation>> {
    checkPageSize(limit);
    const viewer = await viewerOf(this.deps, ctx.caller);
    if (!viewer.active) return { items: [], next: null };
    // Filtered in the query (open, closed, and the caller's own groups), so `next` is a group they were shown.
    const rows = await this.deps.readModels.groups.listGroups(after, limit + 1, [...viewer.groupMemberships.keys()]);
    const page = pageOf(rows, limit, (g) => g.groupId);
    const shown = page.items.filter((g) => canSeeGroup(viewer, g));
    const items = await Promise.all(shown.map((g) => this.represent(viewer, g)));
    return { items, next: page.next !== null && shown.length > 0 ? shown[shown.length - 1]!.groupId : null };
  }

  async members(ctx: RequestContext, groupId: string, after: string | null, limit: number, status: MembershipView['status'] = 'member'): Promise<Page<MembershipView>> {
    checkPageSize(limit);
    const { viewer, group } = await this.visibleGroup(ctx, groupId);
    if (!canSeeGroupContent(viewer, group)) throw new FeedNotFoundError('group', groupId);
    // Join requests and invitations are the staff's business.
    const role = viewer.groupMemberships.get(groupId);
    if (status !== 'member' && role !== 'owner' && role !== 'moderator') return { items: [], next: null };
    const rows = await this.deps.readModels.groups.members(groupId, after, limit + 1, status);
    return pageOf(rows, limit, (m) => m.userId);
  }

  /** Join (open), ask to join (closed), or accept an invitation (any, also secret). */
  async join(ctx: RequestContext, groupId: string, message?: string): Promise<GroupRepresentation> {
    const actor = await actorOf(this.deps, ctx.caller);
    const group = await this.deps.readModels.groups.group(groupId);
    const mine = group ? await this.deps.readModels.groups.membership(groupId, actor.userId) : null;
    // A secret group exists for invitees as far as accepting the invitation goes.
    if (!group || (group.visibility === 'secret' && mine?.status !== 'invited' && mine?.status !== 'member')) throw new FeedNotFoundError('group', groupId);
    await this.membershipCommand({ type: 'Join', groupId, userId: actor.userId, actor, visibility: group.visibility, ...(message !== undefined ? { message } : {}) }, metadataOf(ctx));
    return this.get(ctx, groupId);
  }

  async leave(ctx: RequestContext, groupId: string): Promise<void> {
    const { group } = await this.visibleGroup(ctx, groupId);
    const actor = await actorOf(this.deps, ctx.caller);
    const owners = await this.deps.readModels.groups.countMembers(group.groupId, 'owner');
    const mine = await this.deps.readModels.groups.membership(groupId, actor.userId);
    const base = { groupId, userId: actor.userId, actor };
    const command: MembershipCommand =
      mine?.status === 'requested' ? { type: 'WithdrawRequest', ...base } : mine?.status === 'invited' ? { type: 'DeclineInvitation', ...base } : { type: 'Leave', owners, ...base };
    await this.membershipCommand(command, metadataOf(ctx));
  }

  /** Staff actions on someone else's membership. */
  async manage(ctx: RequestContext, groupId: string, userId: string, action: MemberAction, extra: { role?: MemberRole; note?: string } = {}): Promise<MembershipView | null> {
    const { viewer, group } = await this.visibleGroup(ctx, groupId);
    const actor = await actorOf(this.deps, ctx.caller);
    const actorRole = viewer.groupMemberships.get(groupId);
    const base = { groupId, userId, actor, ...(actorRole ? { actorRole } : {}) };
    const owners = await this.deps.readModels.groups.countMembers(groupId, 'owner');
    const commands: Record<MemberAction, () => MembershipCommand> = {
      approve: () => ({ type: 'ApproveRequest', ...base }),
      decline: () => ({ type: 'DeclineRequest', ...base, visibility: group.visibility, ...(extra.note !== undefined ? { note: extra.note } : {}) }),
      invite: () => ({ type: 'Invite', ...base }),
      add: () => ({ type: 'AddMember', ...base }),
      remove: () => ({ type: 'RemoveMember', ...base, owners }),
      'change-role': () => ({ type: 'ChangeRole', ...base, owners, role: extra.role ?? 'member' }),
    };
    await this.membershipCommand(commands[action](), metadataOf(ctx));
    return this.deps.readModels.groups.membership(groupId, userId);
  }

  private async membershipCommand(command: MembershipCommand, metadata: ReturnType<typeof metadataOf>): Promise<void> {
    await execute(this.deps, streamId('member', membershipId(command.groupId, command.userId)), membershipDecider, command, metadata);
  }

  private async visibleGroup(ctx: RequestContext, groupId: string): Promise<{ viewer: Viewer; group: GroupView }> {
    const viewer = await viewerOf(this.deps, ctx.caller);
    const group = await this.deps.readModels.groups.group(groupId);
    if (!group || !canSeeGroup(viewer, group)) throw new FeedNotFoundError('group', groupId);
    return { viewer, group };
  }

  private async represent(viewer: Viewer, group: GroupView): Promise<GroupRepresentation> {
    const [memberCount, mine] = await Promise.all([this.deps.readModels.groups.countMembers(group.groupId), this.deps.readModels.groups.membership(group.groupId, viewer.userId)]);
    return { ...group, memberCount, you: { status: mine?.status ?? 'none', role: mine?.status === 'member' ? (mine.role ?? null) : null } };
  }
}
