import {
  GROUP_DESCRIPTION_MAX,
  GROUP_NAME_MAX,
  GROUP_VISIBILITIES,
  type GroupCreatedV3,
  type GroupDetailsChangedV2,
  type GroupVisibility,
  type GroupVisibilityChangedV1,
  type MemberRole,
} from '@plein/feed/contracts';
import type { FieldViolation } from '@plein/shared/kernel';
import { assertActive, type Actor } from '../actor';
import { ERROR_CODES, FeedAlreadyExistsError, FeedConflictError, FeedForbiddenError, FeedNotFoundError, FeedValidationError } from '../errors';

/**
 * A community group (stream `group-<groupId>`): name, description, visibility. Its members are
 * Membership aggregates (`member-<groupId>:<userId>`); creating a group is followed by the
 * creator's membership as owner (the application issues JoinAsCreator right after).
 */
export const GROUP_AGGREGATE_TYPE = 'group';

export type GroupEvent =
  | { readonly type: 'feed.group.created'; readonly version: 3; readonly data: GroupCreatedV3 }
  | { readonly type: 'feed.group.details-changed'; readonly version: 2; readonly data: GroupDetailsChangedV2 }
  | { readonly type: 'feed.group.visibility-changed'; readonly version: 1; readonly data: GroupVisibilityChangedV1 };

export type GroupCommand =
  | { readonly type: 'CreateGroup'; readonly groupId: string; readonly actor: Actor; readonly name: string; readonly description?: string; readonly visibility: GroupVisibility }
  | { readonly type: 'ChangeGroupDetails'; readonly groupId: string; readonly actor: Actor; readonly actorRole?: MemberRole; readonly name?: string; readonly description?: string | null }
  | { readonly type: 'ChangeGroupVisibility'; readonly groupId: string; readonly actor: Actor; readonly actorRole?: MemberRole; readonly visibility: GroupVisibility };

export type GroupState =
  | { readonly status: 'absent' }
  | { readonly status: 'active'; readonly name: string; readonly description?: string; readonly visibility: GroupVisibility; readonly ownerId: string };

export const initialGroupState = (): GroupState => ({ status: 'absent' });

export function evolveGroup(state: GroupState, event: GroupEvent): GroupState {
  switch (event.type) {
    case 'feed.group.created': {
      // The audience repeats the group and its visibility for consumers; the state keeps them once.
      const { audience: _audience, ...created } = event.data;
      return { status: 'active', ...created };
    }
    case 'feed.group.details-changed': {
      if (state.status === 'absent') return state;
      const { name, description } = event.data.changes;
      const { description: _old, ...rest } = state;
      const next = description === undefined ? state.description : (description ?? undefined);
      return { ...rest, name: name ?? state.name, ...(next !== undefined ? { description: next } : {}) };
    }
    case 'feed.group.visibility-changed':
      return state.status === 'absent' ? state : { ...state, visibility: event.data.visibility };
  }
}

const RANK: Record<GroupVisibility, number> = { open: 0, closed: 1, secret: 2 };

/**
 * Only owners change a group; a platform admin has no say over a group they do not own. Visibility
 * only ever tightens (open -> closed -> secret): posts written for members of a closed group must not
 * become public afterwards.
 */
export function decideGroup(command: GroupCommand, state: GroupState): GroupEvent[] {
  assertActive(command.actor);
  if (command.type === 'CreateGroup') {
    if (state.status !== 'absent') throw new FeedAlreadyExistsError('group', command.groupId);
    const name = checkName(command.name);
    const description = checkDescription(command.description);
    if (!GROUP_VISIBILITIES.includes(command.visibility)) throw new FeedValidationError(ERROR_CODES.invalidGroup, [{ field: 'visibility', message: `one of ${GROUP_VISIBILITIES.join(', ')}` }]);
    const audience = { kind: 'group', groupId: command.groupId, visibility: command.visibility } as const;
    return [{ type: 'feed.group.created', version: 3, data: { name, ...(description ? { description } : {}), visibility: command.visibility, ownerId: command.actor.userId, audience } }];
  }
  if (state.status === 'absent') throw new FeedNotFoundError('group', command.groupId);
  if (command.actorRole !== 'owner') throw new FeedForbiddenError(ERROR_CODES.notPermitted, 'Only group owners change the group');
  if (command.type === 'ChangeGroupVisibility') {
    if (command.visibility === state.visibility) return [];
    if (!(command.visibility in RANK) || RANK[command.visibility] < RANK[state.visibility]) {
      throw new FeedConflictError(ERROR_CODES.visibilityWidening, `A ${state.visibility} group cannot become ${command.visibility}: its content was written for fewer people`);
    }
    return [{ type: 'feed.group.visibility-changed', version: 1, data: { visibility: command.visibility, previousVisibility: state.visibility } }];
  }
  const changes: GroupDetailsChangedV2['changes'] = {};
  if (command.name !== undefined && checkName(command.name) !== state.name) changes.name = checkName(command.name);
  if (command.description !== undefined) {
    const description = checkDescription(command.description ?? undefined) ?? null;
    if (description !== (state.description ?? null)) changes.description = description;
  }
  const audience = { kind: 'group', groupId: command.groupId, visibility: state.visibility } as const;
  return Object.keys(changes).length ? [{ type: 'feed.group.details-changed', version: 2, data: { changes, audience } }] : [];
}

function checkName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  const violations: FieldViolation[] = [];
  if (!name || [...name].length > GROUP_NAME_MAX) violations.push({ field: 'name', message: `must be 1-${GROUP_NAME_MAX} characters` });
  if (violations.length) throw new FeedValidationError(ERROR_CODES.invalidGroup, violations);
  return name;
}

function checkDescription(raw: string | undefined): string | undefined {
  const description = raw?.trim();
  if (description && [...description].length > GROUP_DESCRIPTION_MAX) {
    throw new FeedValidationError(ERROR_CODES.invalidGroup, [{ field: 'description', message: `is longer than ${GROUP_DESCRIPTION_MAX} characters` }]);
  }
  return description || undefined;
}

export const groupDecider = { decide: decideGroup, evolve: evolveGroup, initialState: initialGroupState } as const;
