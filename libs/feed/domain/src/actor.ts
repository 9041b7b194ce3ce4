import type { ManagementLevel, UserRole } from '@plein/identity/contracts';
import type { MemberRole } from '@plein/feed/contracts';
import { ERROR_CODES, FeedForbiddenError } from './errors';

/**
 * Who is acting, as the application layer knows it from the users read model (identity events).
 * A deactivated person's content stays, but they can no longer act: every command checks `active`.
 */
export interface Actor {
  readonly userId: string;
  readonly active: boolean;
  readonly roles: readonly UserRole[];
  readonly managementLevel?: ManagementLevel;
}

/** The platform itself (moderation decisions, schedulers); always active. */
export const SYSTEM_ACTOR: Actor = { userId: 'system:feed', active: true, roles: ['admin'] };

export const isAdmin = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('admin');
export const isModerator = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('moderator') || isAdmin(actor);
export const isCommunityManager = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('community-manager') || isAdmin(actor);
/** Managers, directors and board members run idea jams (community managers and admins too). */
export const isManager = (actor: Actor): boolean =>
  (actor.managementLevel !== undefined && actor.managementLevel !== 'employee') || isCommunityManager(actor);
export const isGroupStaff = (role: MemberRole | undefined): boolean => role === 'owner' || role === 'moderator';

export function assertActive(actor: Actor): void {
  if (!actor.active) throw new FeedForbiddenError(ERROR_CODES.actorInactive, `${actor.userId} is deactivated and can no longer act`);
}
