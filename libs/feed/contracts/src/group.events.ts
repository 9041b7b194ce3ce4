import { defineEvent, defineUpcaster, nullable, object, oneOfStrings, text, uuid } from '@plein/shared/contracts';
import { feedGroupTopic } from './topics';

/** @deprecated v1 visibilities; read as v2 (`public` -> `open`, `private` -> `closed`). */
export const GROUP_VISIBILITIES_V1 = ['public', 'private'] as const;
/**
 * `open`: everyone sees the group and its content, anyone may join. `closed`: everyone sees that
 * the group exists (name, description); only members see its content; joining takes a request
 * an owner or moderator approves. `secret`: only members know it exists; joining takes an invitation.
 */
export const GROUP_VISIBILITIES = ['open', 'closed', 'secret'] as const;
export const MEMBER_ROLES = ['member', 'moderator', 'owner'] as const;
export type GroupVisibilityV1 = (typeof GROUP_VISIBILITIES_V1)[number];
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const GROUP_NAME_MAX = 100;
export const GROUP_DESCRIPTION_MAX = 2_000;

/** @deprecated read as v2. */
export interface GroupCreatedV1 {
  name: string;
  description?: string;
  /** `public`: everyone reads, members post; `private`: only members read. */
  visibility: GroupVisibilityV1;
  /** The creator joins as owner (a separate feed.member.joined follows). */
  ownerId: string;
}
export interface GroupCreatedV2 {
  name: string;
  description?: string;
  visibility: GroupVisibility;
  /** The creator joins as owner (a separate feed.member.joined with via `created` follows). */
  ownerId: string;
}
export interface GroupDetailsChangedV1 {
  /** Only what changed; description null clears it. */
  changes: { name?: string; description?: string | null };
}
/** Only ever tighter (open -> closed -> secret): content written for a small audience never widens. */
export interface GroupVisibilityChangedV1 {
  visibility: GroupVisibility;
  previousVisibility: GroupVisibility;
}

const USER = '01964b1e-0000-7000-8000-000000000101';
const group = { aggregateType: 'group', topic: feedGroupTopic } as const;
const visibility = oneOfStrings(GROUP_VISIBILITIES);

export const groupCreatedV1 = defineEvent<GroupCreatedV1>({
  ...group,
  version: 1,
  deprecated: true,
  type: 'feed.group.created',
  description: 'A community group was created.',
  schema: object(
    { name: text(GROUP_NAME_MAX), description: text(GROUP_DESCRIPTION_MAX), visibility: oneOfStrings(GROUP_VISIBILITIES_V1), ownerId: uuid() },
    ['name', 'visibility', 'ownerId'],
  ),
  example: { name: 'Research London', description: 'Lab news and seminars.', visibility: 'private', ownerId: USER },
});

export const groupCreatedV2 = defineEvent<GroupCreatedV2>({
  ...group,
  version: 2,
  type: 'feed.group.created',
  description: 'A community group was created (open, closed or secret).',
  schema: object({ name: text(GROUP_NAME_MAX), description: text(GROUP_DESCRIPTION_MAX), visibility, ownerId: uuid() }, ['name', 'visibility', 'ownerId']),
  example: { name: 'Research London', description: 'Lab news and seminars.', visibility: 'closed', ownerId: USER },
});

export const groupDetailsChangedV1 = defineEvent<GroupDetailsChangedV1>({
  ...group,
  version: 1,
  type: 'feed.group.details-changed',
  description: 'An owner changed the group name or description; only changed fields are present.',
  schema: object(
    { changes: object({ name: text(GROUP_NAME_MAX), description: nullable(text(GROUP_DESCRIPTION_MAX)) }, [], { minProperties: 1 }) },
    ['changes'],
  ),
  example: { changes: { name: 'Research UK', description: null } },
});

export const groupVisibilityChangedV1 = defineEvent<GroupVisibilityChangedV1>({
  ...group,
  version: 1,
  type: 'feed.group.visibility-changed',
  description: 'An owner made the group more private (open -> closed -> secret); its existing content follows the new visibility at once.',
  schema: object({ visibility, previousVisibility: visibility }, ['visibility', 'previousVisibility']),
  example: { visibility: 'secret', previousVisibility: 'closed' },
});

export const groupContracts = [groupCreatedV1, groupCreatedV2, groupDetailsChangedV1, groupVisibilityChangedV1];

/** `private` groups showed their existence but not their content: that is what `closed` means now. */
export const groupUpcasters = [
  defineUpcaster<GroupCreatedV1, GroupCreatedV2>({
    type: 'feed.group.created',
    fromVersion: 1,
    upcast: (d) => ({ ...d, visibility: d.visibility === 'public' ? 'open' : 'closed' }),
  }),
];
