import type { CommandMetadata } from '@plein/shared/kernel';
import type { UserBadge, UserRole } from '@plein/identity/contracts';
import { UserNotFoundError } from '@plein/identity/domain';
import { ForbiddenActionError } from '../errors';
import type { UserCommandBus } from '../ports/commands.port';
import type { UserDirectory, UserHistory, UserHistoryEntry, UserRecord } from '../ports/directory.port';
import type { UserSessions } from '../ports/user-sessions.port';

/** Who acts, as the verified platform token says. Roles are re-read from the directory for changes. */
export interface Actor {
  readonly userId: string;
}

/** Event types that change what someone may do in Plein: the role audit trail shows these. */
export const ACCESS_EVENT_TYPES = [
  'identity.user.provisioned',
  'identity.user.role-granted',
  'identity.user.role-revoked',
  'identity.user.attributes-changed',
  'identity.user.deactivated',
  'identity.user.reactivated',
  'identity.user.deleted',
] as const;

/**
 * Changes made inside Plein (not by the directory): roles, the ambassador badge, deactivation by
 * an admin. Every change is an event in the user's stream with the acting user as `actorId`, so
 * the stream is the audit trail (`history`). Permissions are checked against the actor's current
 * roles in the directory, not the (up to a few minutes old) roles in their token. The commands
 * bus is expected to be the LastAdminGuard: removing the last active admin is a 409 LastAdminError.
 */
export class UserAdminService {
  constructor(private readonly deps: { readonly commands: UserCommandBus; readonly users: UserDirectory; readonly history: UserHistory; readonly sessions: UserSessions }) {}

  async grantRole(actor: Actor, userId: string, role: UserRole, metadata: CommandMetadata): Promise<UserRecord> {
    await this.requireRole(actor, ['admin']);
    await this.deps.commands.execute({ type: 'GrantRole', userId, role }, metadata);
    return this.mustGet(userId);
  }

  async revokeRole(actor: Actor, userId: string, role: UserRole, metadata: CommandMetadata): Promise<UserRecord> {
    await this.requireRole(actor, ['admin']);
    await this.mustGet(userId);
    await this.deps.commands.execute({ type: 'RevokeRole', userId, role }, metadata);
    return this.mustGet(userId);
  }

  /** Admins and community managers hand out the ambassador badge. */
  async setBadge(actor: Actor, userId: string, badge: UserBadge, granted: boolean, metadata: CommandMetadata): Promise<UserRecord> {
    await this.requireRole(actor, ['admin', 'community-manager']);
    await this.deps.commands.execute({ type: granted ? 'GrantBadge' : 'RevokeBadge', userId, badge }, metadata);
    return this.mustGet(userId);
  }

  async deactivate(actor: Actor, userId: string, metadata: CommandMetadata): Promise<UserRecord> {
    await this.requireRole(actor, ['admin']);
    await this.mustGet(userId);
    await this.deps.commands.execute({ type: 'DeactivateUser', userId, reason: 'administrator' }, metadata);
    await this.deps.sessions.endAllForUser(userId, 'administrator');
    return this.mustGet(userId);
  }

  async reactivate(actor: Actor, userId: string, metadata: CommandMetadata): Promise<UserRecord> {
    await this.requireRole(actor, ['admin']);
    await this.deps.commands.execute({ type: 'ReactivateUser', userId }, metadata);
    return this.mustGet(userId);
  }

  /** The access-relevant events of a user, oldest first, with who made each change. */
  async history(actor: Actor, userId: string): Promise<readonly UserHistoryEntry[]> {
    await this.requireRole(actor, ['admin']);
    const entries = await this.deps.history.read(userId);
    if (entries.length === 0) throw new UserNotFoundError(userId);
    return entries.filter((e) => (ACCESS_EVENT_TYPES as readonly string[]).includes(e.type));
  }

  private async requireRole(actor: Actor, roles: readonly UserRole[]): Promise<UserRecord> {
    const record = await this.deps.users.get(actor.userId);
    if (!record || !record.active || !record.roles.some((r) => roles.includes(r))) throw new ForbiddenActionError(`Needs one of the roles: ${roles.join(', ')}`);
    return record;
  }

  private async mustGet(userId: string): Promise<UserRecord> {
    const record = await this.deps.users.get(userId);
    if (!record) throw new UserNotFoundError(userId);
    return record;
  }
}
