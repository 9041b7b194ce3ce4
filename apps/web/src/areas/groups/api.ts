import { call, feedPath, type Page } from '../../api';

/** The feed's group answers (only the fields the client reads). */
export const GROUP_VISIBILITIES = ['open', 'closed', 'secret'] as const;
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];
export type MemberRole = 'member' | 'moderator' | 'owner';
export type MembershipStatus = 'none' | 'requested' | 'invited' | 'member';

export interface Group {
  readonly groupId: string;
  readonly name: string;
  readonly description?: string;
  readonly visibility: GroupVisibility;
  readonly ownerId: string;
  readonly createdAt: string;
  readonly memberCount: number;
  readonly you: { readonly status: MembershipStatus; readonly role: MemberRole | null };
}

export interface Membership {
  readonly groupId: string;
  readonly userId: string;
  readonly status: MembershipStatus;
  readonly role?: MemberRole;
  readonly since?: string;
  readonly message?: string;
}

/** The feed's limits for a group's name and description (GROUP_NAME_MAX, GROUP_DESCRIPTION_MAX). */
export const GROUP_NAME_MAX = 100;
export const GROUP_DESCRIPTION_MAX = 2_000;
/** Groups and join requests per page (the feed allows 1..100). */
export const GROUPS_PAGE = 20;
export const REQUESTS_PAGE = 20;

const group = (groupId: string, rest = '') => `/v1/groups/${encodeURIComponent(groupId)}${rest}`;

export const groupsApi = {
  list: (after: string | null, signal?: AbortSignal) => call<Page<Group>>('GET', feedPath('/v1/groups', { limit: GROUPS_PAGE, after: after ?? undefined }), signal ? { signal } : {}),
  get: (groupId: string, signal?: AbortSignal) => call<Group>('GET', feedPath(group(groupId)), signal ? { signal } : {}),
  create: (input: { name: string; description?: string; visibility: GroupVisibility }, idempotencyKey: string) => call<Group>('POST', feedPath('/v1/groups'), { body: input, idempotencyKey }),
  /** Join (open), request to join (closed) or accept an invitation. */
  join: (groupId: string) => call<Group>('POST', feedPath(group(groupId, '/join'))),
  /** Leave, withdraw a request or decline an invitation. */
  leave: (groupId: string) => call<void>('POST', feedPath(group(groupId, '/leave'))),
  requests: (groupId: string, after: string | null, signal?: AbortSignal) =>
    call<Page<Membership>>('GET', feedPath(group(groupId, '/members'), { status: 'requested', limit: REQUESTS_PAGE, after: after ?? undefined }), signal ? { signal } : {}),
  decide: (groupId: string, userId: string, action: 'approve' | 'decline') => call<Membership>('POST', feedPath(group(groupId, `/members/${encodeURIComponent(userId)}/${action}`))),
  postsPath: (groupId: string) => group(groupId, '/posts'),
};
