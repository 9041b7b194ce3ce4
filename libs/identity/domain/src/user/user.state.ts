import type { UserRole } from '@plein/identity/contracts';
import { applyUserAttributeChanges, type UserAttributes } from './user.attributes';
import type { UserEvent } from './user.events';

/** `deleted` behaves as absent for every command, except that the id can never be provisioned again. */
export type UserStatus = 'absent' | 'active' | 'deactivated' | 'deleted';

export interface UserState {
  readonly status: UserStatus;
  /** Null only while absent. */
  readonly attributes: UserAttributes | null;
  readonly managerId: string | null;
  /** A manager the directory named who is not provisioned yet (an id or externalId); see ReferenceManager. */
  readonly managerReference?: string | null;
  /** Always contains `employee` once provisioned. */
  readonly roles: readonly UserRole[];
}

export const initialUserState = (): UserState => ({ status: 'absent', attributes: null, managerId: null, roles: [] });

/** Folds one event into the state. Pure; never throws on a valid stream. */
export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'identity.user.provisioned': {
      const { managerId, roles, ...attributes } = event.data;
      return { status: 'active', attributes, managerId, roles: [...roles] };
    }
    case 'identity.user.attributes-changed':
      return state.attributes ? { ...state, attributes: applyUserAttributeChanges(state.attributes, event.data.changes) } : state;
    case 'identity.user.manager-changed':
      return { ...state, managerId: event.data.managerId };
    case 'identity.user.manager-reference-changed':
      return { ...state, managerReference: event.data.reference };
    case 'identity.user.deactivated':
      return { ...state, status: 'deactivated' };
    case 'identity.user.reactivated':
      return { ...state, status: 'active' };
    case 'identity.user.deleted':
      return { ...state, status: 'deleted' };
    case 'identity.user.role-granted':
      return state.roles.includes(event.data.role) ? state : { ...state, roles: [...state.roles, event.data.role] };
    case 'identity.user.role-revoked':
      return { ...state, roles: state.roles.filter((r) => r !== event.data.role) };
  }
}
