import {
  ContractDefinitionError,
  defineEvent,
  defineUpcaster,
  object,
  oneOfStrings,
  uuid,
  type EventContract,
  type JsonSchema,
  type Upcaster,
} from '@plein/shared/contracts';

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

/** The nil UUID: a group that does not exist, so no one is a member of it. */
export const NIL_GROUP_ID = '00000000-0000-0000-0000-000000000000';
/**
 * The audience of an event written before its type carried one. An upcaster sees only the old
 * event and cannot look the audience up, so it gives the narrowest audience there is: the nil
 * group, which has no members (and consumers already treat an unknown group as secret). Such an
 * event is shown to no one by a consumer that only filters on the audience; a consumer that needs
 * it visible joins it with the aggregate's creation event, which always carried the audience.
 */
export const UNKNOWN_AUDIENCE = Object.freeze({ kind: 'group', groupId: NIL_GROUP_ID } as const);

/**
 * Version N+1 of a deprecated contract, for event types that gain a required `audience`: the same
 * type, topic and fields plus `audience`, and the upcaster N -> N+1. The upcaster keeps an audience
 * the old event carried as an optional field, and otherwise fills in `fallback(data)` (usually
 * UNKNOWN_AUDIENCE: an upcaster cannot invent an audience, so it takes the narrowest).
 */
export function nextVersionWithAudience<TData extends object, TAudience>(
  previous: EventContract<TData>,
  audience: { readonly schema: JsonSchema; readonly example: TAudience; readonly fallback: (data: TData) => TAudience },
  description: string,
): { contract: EventContract<TData & { audience: TAudience }>; upcaster: Upcaster<TData, TData & { audience: TAudience }> } {
  if (!previous.deprecated) throw new ContractDefinitionError(`${previous.key}: mark the version before ${previous.type} v${previous.version + 1} deprecated`);
  const { properties, required } = previous.schema as { properties: Record<string, JsonSchema>; required: readonly string[] };
  const contract = defineEvent<TData & { audience: TAudience }>({
    type: previous.type,
    version: previous.version + 1,
    aggregateType: previous.aggregateType,
    topic: previous.topicDefinition ?? previous.topic,
    description,
    schema: { ...previous.schema, properties: { ...properties, audience: audience.schema }, required: [...required.filter((f) => f !== 'audience'), 'audience'] },
    example: { ...previous.example, audience: audience.example },
  });
  const upcaster = defineUpcaster<TData, TData & { audience: TAudience }>({
    type: previous.type,
    fromVersion: previous.version,
    upcast: (data) => ({ ...data, audience: (data as { audience?: TAudience }).audience ?? audience.fallback(data) }),
  });
  return { contract, upcaster };
}
