import { object, oneOfStrings, uuid, type JsonSchema } from '@plein/shared/contracts';

/**
 * Who may see a post (and its comments and reactions). Consumers enforce it: `organisation` is
 * every active user, `followers` the author's followers (and the author), `group` the group's
 * members, or everyone when the group is public.
 */
export type Audience = { kind: 'organisation' } | { kind: 'followers' } | { kind: 'group'; groupId: string };

// Branches are told apart by the `kind` const, never by additionalProperties, so the consumers'
// tolerant reader (which ignores undeclared fields) still matches exactly one branch.
export const audienceSchema: JsonSchema = {
  oneOf: [
    object({ kind: { type: 'string', const: 'organisation' } }, ['kind']),
    object({ kind: { type: 'string', const: 'followers' } }, ['kind']),
    object({ kind: { type: 'string', const: 'group' }, groupId: uuid() }, ['kind', 'groupId']),
  ],
};

/** Who removed content: the author, an administrator, or moderation (then a decisionId is given). */
export const REMOVERS = ['author', 'administrator', 'moderation'] as const;
export type Remover = (typeof REMOVERS)[number];
export const removerSchema = oneOfStrings(REMOVERS);

/** Reason codes belong to moderation's contract; the feed passes them through without an enum. */
export const reasonCodeSchema: JsonSchema = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' };

export const BODY_MAX = 10_000;
export const MENTIONS_MAX = 50;

/** Audiences of idea jams and agenda items: a whole organisation or one group (not followers). */
export type ScopedAudience = Exclude<Audience, { kind: 'followers' }>;
export const scopedAudienceSchema: JsonSchema = {
  oneOf: [
    object({ kind: { type: 'string', const: 'organisation' } }, ['kind']),
    object({ kind: { type: 'string', const: 'group' }, groupId: uuid() }, ['kind', 'groupId']),
  ],
};
