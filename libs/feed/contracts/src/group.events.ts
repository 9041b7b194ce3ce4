import { defineEvent, defineUpcaster, nullable, object, oneOfStrings, text, uuid, type EventContract, type JsonSchema } from '@plein/shared/contracts';
import { NIL_GROUP_ID, nextVersionWithAudience } from './audience';
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

/**
 * The audience of an event about a group or a membership (its name, its description, a join
 * request's message): the group itself, with its visibility when the event was written. `open`
 * and `closed` groups are known to everyone; a `secret` group only to its members. The same
 * `{ kind: 'group', groupId }` as a post's audience, plus the visibility, so a consumer decides
 * without a group projection. On group events `groupId` is the aggregate id (repeated on purpose:
 * the audience is a value any consumer filters on by itself).
 */
export interface GroupAudience {
  kind: 'group';
  groupId: string;
  visibility: GroupVisibility;
}
export const groupAudienceSchema: JsonSchema = object(
  { kind: { type: 'string', const: 'group' }, groupId: uuid(), visibility: oneOfStrings(GROUP_VISIBILITIES) },
  ['kind', 'groupId', 'visibility'],
);
/**
 * What an upcaster gives a group event written before it carried its audience: the nil group
 * (no members) and, unless the old event says otherwise, `secret`: the narrowest audience.
 */
export const unknownGroupAudience = (visibility: GroupVisibility = 'secret'): GroupAudience => ({ kind: 'group', groupId: NIL_GROUP_ID, visibility });

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
/** @deprecated read as v3. */
export interface GroupCreatedV2 {
  name: string;
  description?: string;
  visibility: GroupVisibility;
  /** The creator joins as owner (a separate feed.member.joined with via `created` follows). */
  ownerId: string;
}
export interface GroupCreatedV3 extends GroupCreatedV2 {
  audience: GroupAudience;
}
/** @deprecated read as v2 (the audience is a secret unknown group). */
export interface GroupDetailsChangedV1 {
  /** Only what changed; description null clears it. */
  changes: { name?: string; description?: string | null };
}
export interface GroupDetailsChangedV2 extends GroupDetailsChangedV1 {
  audience: GroupAudience;
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
  deprecated: true,
  type: 'feed.group.created',
  description: 'A community group was created (open, closed or secret).',
  schema: object({ name: text(GROUP_NAME_MAX), description: text(GROUP_DESCRIPTION_MAX), visibility, ownerId: uuid() }, ['name', 'visibility', 'ownerId']),
  example: { name: 'Research London', description: 'Lab news and seminars.', visibility: 'closed', ownerId: USER },
});

export const groupDetailsChangedV1 = defineEvent<GroupDetailsChangedV1>({
  ...group,
  version: 1,
  deprecated: true,
  type: 'feed.group.details-changed',
  description: 'An owner changed the group name or description; only changed fields are present.',
  schema: object(
    { changes: object({ name: text(GROUP_NAME_MAX), description: nullable(text(GROUP_DESCRIPTION_MAX)) }, [], { minProperties: 1 }) },
    ['changes'],
  ),
  example: { changes: { name: 'Research UK', description: null } },
});

const GROUP = '01964b1e-0000-7000-8000-000000000421';
const createdV3 = nextVersionWithAudience(
  groupCreatedV2,
  { schema: groupAudienceSchema, example: { kind: 'group', groupId: GROUP, visibility: 'closed' } as GroupAudience, fallback: (d) => unknownGroupAudience(d.visibility) },
  'A community group was created (open, closed or secret); its audience is the group itself with that visibility.',
);
const detailsChangedV2 = nextVersionWithAudience(
  groupDetailsChangedV1,
  { schema: groupAudienceSchema, example: { kind: 'group', groupId: GROUP, visibility: 'secret' } as GroupAudience, fallback: () => unknownGroupAudience() },
  'An owner changed the group name or description; only changed fields are present. The audience is the group with its current visibility.',
);
export const groupCreatedV3: EventContract<GroupCreatedV3> = createdV3.contract;
export const groupDetailsChangedV2: EventContract<GroupDetailsChangedV2> = detailsChangedV2.contract;

export const groupVisibilityChangedV1 = defineEvent<GroupVisibilityChangedV1>({
  ...group,
  version: 1,
  type: 'feed.group.visibility-changed',
  description: 'An owner made the group more private (open -> closed -> secret); its existing content follows the new visibility at once.',
  schema: object({ visibility, previousVisibility: visibility }, ['visibility', 'previousVisibility']),
  example: { visibility: 'secret', previousVisibility: 'closed' },
});

export const groupContracts = [groupCreatedV1, groupCreatedV2, groupCreatedV3, groupDetailsChangedV1, groupDetailsChangedV2, groupVisibilityChangedV1];

/**
 * `private` groups showed their existence but not their content: that is what `closed` means now.
 * Group events written before they carried their audience get the nil group (see unknownGroupAudience).
 */
export const groupUpcasters = [
  defineUpcaster<GroupCreatedV1, GroupCreatedV2>({
    type: 'feed.group.created',
    fromVersion: 1,
    upcast: (d) => ({ ...d, visibility: d.visibility === 'public' ? 'open' : 'closed' }),
  }),
  createdV3.upcaster,
  detailsChangedV2.upcaster,
];
