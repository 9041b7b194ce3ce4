import { isUuid } from '@plein/shared/kernel';
import { USER_BADGES, USER_ROLES, type UserRole } from '@plein/identity/contracts';
import {
  InvalidManagerError,
  ManagerCycleError,
  RoleNotRevocableError,
  UnknownRoleError,
  UserAlreadyExistsError,
  UserDeactivatedError,
  UserNotFoundError,
} from '../errors';
import { buildUserAttributes, diffUserAttributes, toUserAttributesInput, type UserAttributes, type UserAttributesInput } from './user.attributes';
import type { ChangeManager, UserCommand } from './user.commands';
import type { UserEvent } from './user.events';
import { evolveUser, initialUserState, type UserState } from './user.state';

/**
 * Decides which events a command produces, given the state folded from the stream. Pure: no I/O,
 * no clock, no randomness. Repeating a command that is already in effect (deactivate twice, grant
 * a held role, set the same attributes) yields no events, so directory retries are harmless.
 */
export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'ProvisionUser':
    case 'ProvisionUserFromLogin': {
      if (state.status !== 'absent') throw new UserAlreadyExistsError(command.userId);
      const fromLogin = command.type === 'ProvisionUserFromLogin';
      const input: UserAttributesInput = fromLogin ? { ...command.attributes, externalId: command.attributes.externalId ?? command.subject } : command.attributes;
      const badges = fromLogin ? [] : uniqueKnown(command.badges ?? [], USER_BADGES, 'badge');
      const attributes = buildUserAttributes(input, badges);
      const managerId = fromLogin ? null : (command.managerId ?? null);
      if (managerId !== null) checkManager(command.userId, managerId, []);
      const roles: UserRole[] = ['employee', ...uniqueKnown(fromLogin ? [] : (command.roles ?? []), USER_ROLES, 'role').filter((r) => r !== 'employee')];
      const events: UserEvent[] = [{ type: 'identity.user.provisioned', version: 1, data: { ...attributes, managerId, roles } }];
      const reference = fromLogin || managerId !== null ? null : validReference(command.managerReference);
      if (reference !== null) events.push({ type: 'identity.user.manager-reference-changed', version: 1, data: { reference } });
      if (!fromLogin && command.active === false) events.push({ type: 'identity.user.deactivated', version: 1, data: { reason: 'deprovisioned' } });
      return events;
    }
    case 'UpdateUserAttributes': {
      const current = existing(command.userId, state);
      const merged: Record<string, unknown> = { ...toUserAttributesInput(current) };
      for (const [key, value] of Object.entries(command.changes)) if (value !== undefined) merged[key] = value;
      // The directory id identifies the person at the source; a source that omits it (Okta) keeps it.
      if (merged['externalId'] === null) merged['externalId'] = current.externalId;
      const changes = diffUserAttributes(current, buildUserAttributes(merged, [...current.badges]));
      return Object.keys(changes).length === 0 ? [] : [{ type: 'identity.user.attributes-changed', version: 1, data: { changes } }];
    }
    case 'ChangeManager':
      return changeManager(command, state);
    case 'ReferenceManager': {
      existing(command.userId, state);
      const reference = validReference(command.reference);
      if (reference === null) throw new InvalidManagerError(String(command.reference));
      const events: UserEvent[] = state.managerId === null ? [] : [{ type: 'identity.user.manager-changed', version: 1, data: { managerId: null, previousManagerId: state.managerId } }];
      if (reference !== (state.managerReference ?? null)) events.push({ type: 'identity.user.manager-reference-changed', version: 1, data: { reference } });
      return events;
    }
    case 'DeactivateUser':
      existing(command.userId, state);
      return state.status === 'deactivated' ? [] : [{ type: 'identity.user.deactivated', version: 1, data: { reason: command.reason } }];
    case 'DeleteUser': {
      existing(command.userId, state);
      const deactivation: UserEvent[] = state.status === 'deactivated' ? [] : [{ type: 'identity.user.deactivated', version: 1, data: { reason: 'deprovisioned' } }];
      return [...deactivation, { type: 'identity.user.deleted', version: 1, data: {} }];
    }
    case 'ReactivateUser':
      existing(command.userId, state);
      return state.status === 'deactivated' ? [{ type: 'identity.user.reactivated', version: 1, data: {} }] : [];
    case 'GrantRole':
      uniqueKnown([command.role], USER_ROLES, 'role');
      active(command.userId, state);
      return state.roles.includes(command.role) ? [] : [{ type: 'identity.user.role-granted', version: 1, data: { role: command.role } }];
    case 'RevokeRole':
      uniqueKnown([command.role], USER_ROLES, 'role');
      existing(command.userId, state);
      if (command.role === 'employee') throw new RoleNotRevocableError(command.role);
      return state.roles.includes(command.role) ? [{ type: 'identity.user.role-revoked', version: 1, data: { role: command.role } }] : [];
    case 'GrantBadge':
    case 'RevokeBadge': {
      uniqueKnown([command.badge], USER_BADGES, 'badge');
      const current = command.type === 'GrantBadge' ? active(command.userId, state) : existing(command.userId, state);
      const badges = command.type === 'GrantBadge' ? [...new Set([...current.badges, command.badge])] : current.badges.filter((b) => b !== command.badge);
      const changes = diffUserAttributes(current, { ...current, badges });
      return Object.keys(changes).length === 0 ? [] : [{ type: 'identity.user.attributes-changed', version: 1, data: { changes } }];
    }
  }
}

/** Folds a stream into state: `events.reduce(evolveUser, initialUserState())`. */
export const foldUser = (events: readonly UserEvent[]): UserState => events.reduce(evolveUser, initialUserState());

function changeManager(command: ChangeManager, state: UserState): UserEvent[] {
  existing(command.userId, state);
  const { managerId } = command;
  if (managerId !== null) checkManager(command.userId, managerId, command.managerChain ?? []);
  // A manager the directory names now supersedes any pending reference.
  const dropReference: UserEvent[] = (state.managerReference ?? null) === null ? [] : [{ type: 'identity.user.manager-reference-changed', version: 1, data: { reference: null } }];
  if (managerId === state.managerId) return dropReference;
  return [{ type: 'identity.user.manager-changed', version: 1, data: { managerId, previousManagerId: state.managerId } }, ...dropReference];
}

/** A pending manager reference: 1-256 characters (the contract's limit), else null. */
function validReference(reference: string | null | undefined): string | null {
  const value = typeof reference === 'string' ? reference.trim() : '';
  if (value === '') return null;
  if (value.length > 256) throw new InvalidManagerError(value.slice(0, 64));
  return value;
}

function checkManager(userId: string, managerId: string, chain: readonly string[]): void {
  if (!isUuid(managerId)) throw new InvalidManagerError(managerId);
  if (managerId === userId || chain.includes(userId)) throw new ManagerCycleError(userId, managerId);
}

function existing(userId: string, state: UserState): UserAttributes {
  if (state.status === 'absent' || state.status === 'deleted' || !state.attributes) throw new UserNotFoundError(userId);
  return state.attributes;
}

function active(userId: string, state: UserState): UserAttributes {
  const attributes = existing(userId, state);
  if (state.status === 'deactivated') throw new UserDeactivatedError(userId);
  return attributes;
}

/** Commands may come from untyped input (HTTP, seed file): refuse values outside the contract's sets. */
function uniqueKnown<T extends string>(values: readonly T[], known: readonly T[], field: 'role' | 'badge'): T[] {
  for (const value of values) if (!known.includes(value)) throw new UnknownRoleError(field, value);
  return [...new Set(values)];
}

/** The decider as one value (emmett's `Decider` shape), for the application layer's command handler. */
export const userDecider = { decide: decideUser, evolve: evolveUser, initialState: initialUserState } as const;
