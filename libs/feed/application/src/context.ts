import type { UserRole } from '@plein/identity/contracts';
import type { Audience } from '@plein/feed/contracts';
import { assertActive, canSee, canSeeGroup, FeedNotFoundError, type Actor, type GroupContext, type OrganisationPolicy, type Viewer, type VisibilityFacts } from '@plein/feed/domain';
import { commandMetadata, executeCommand, type CommandResult, type Decider, type EventStore, type RequestContext as SharedRequestContext } from '@plein/shared/event-sourcing';
import { uuidv7, type Clock, type CommandMetadata, type NewEvent } from '@plein/shared/kernel';
import type { ComposeRuleSets } from './moderation-rules/compose-rules';
import type { PostingRestrictions } from './restrictions/posting-restrictions';
import type { FeedReadModels, GroupView, IdempotencyKeys, PostView, ReadYourWrites } from './ports';

/** Who calls, as the authentication port established it (platform token claims). */
export interface Caller {
  readonly userId: string;
  /** Roles in the token; used only until the users read model knows the person. */
  readonly roles: readonly UserRole[];
}

/** One request's identity and tracing (the shared request context, with the feed's caller). */
export type RequestContext = SharedRequestContext<Caller>;

export interface FeedDependencies {
  readonly store: EventStore;
  readonly readModels: FeedReadModels;
  readonly projector: ReadYourWrites;
  readonly idempotency: IdempotencyKeys;
  readonly clock: Clock;
  readonly policy: OrganisationPolicy;
  /** Moderation's compose-time rules, projected locally; absent: no rules are applied. */
  readonly composeRules?: ComposeRuleSets;
  /** Moderation's posting restrictions, projected locally; absent: nobody is restricted. */
  readonly restrictions?: PostingRestrictions;
}

/** (caller, Idempotency-Key) becomes the events' causationId: the shared rule (commandMetadata). */
export const metadataOf = (ctx: RequestContext): CommandMetadata => commandMetadata(ctx);

/**
 * The acting person as the feed knows them: the users read model (identity events) decides
 * `active` and roles; a person the read model has not seen yet (just provisioned) acts with the
 * token's roles. Deactivated people are refused by every decider (FEED.ACTOR_INACTIVE).
 */
export async function actorOf(deps: FeedDependencies, caller: Caller): Promise<Actor> {
  const user = await deps.readModels.users.user(caller.userId);
  if (!user) return { userId: caller.userId, active: true, roles: caller.roles.length ? caller.roles : ['employee'] };
  return { userId: user.userId, active: user.active, roles: user.roles, ...(user.managementLevel ? { managementLevel: user.managementLevel } : {}) };
}

/** The reader for the visibility policy: activity, roles, group memberships and followed people. */
export async function viewerOf(deps: FeedDependencies, caller: Caller): Promise<Viewer> {
  const [actor, groupMemberships, following] = await Promise.all([
    actorOf(deps, caller),
    deps.readModels.groups.membershipsOf(caller.userId),
    deps.readModels.follows.followedPeople(caller.userId),
  ]);
  return { userId: actor.userId, active: actor.active, roles: actor.roles, groupMemberships, following };
}

/** The policy's facts of a post; an unknown group counts as secret (fails closed). */
export function postFacts(post: PostView, group: GroupView | null | undefined): VisibilityFacts {
  return {
    audience: post.audience,
    authorId: post.authorId,
    ...(group ? { groupVisibility: group.visibility } : {}),
    moderationState: post.deletedBy === 'moderation' ? 'removed' : post.moderation,
    deleted: post.deletedBy !== undefined && post.deletedBy !== 'moderation',
  };
}

/**
 * What a group-scoped command needs about its group and the actor's role in it: the group as the
 * caller may see it, or FEED.GROUP_NOT_FOUND. A secret group the caller is not in answers exactly
 * like a missing one, here, before any role, policy or input check of the command could answer
 * differently (e.g. 403 "only managers run idea jams" would tell that the group exists).
 */
export async function groupContextOf(deps: FeedDependencies, audience: Audience, actor: Actor): Promise<GroupContext | undefined> {
  if (audience.kind !== 'group') return undefined;
  // Deactivated: 403 FEED.ACTOR_INACTIVE before the lookup, for existing and missing groups alike.
  assertActive(actor);
  const groups = deps.readModels.groups;
  const [group, membership] = await Promise.all([groups.group(audience.groupId), groups.membership(audience.groupId, actor.userId)]);
  const role = membership?.status === 'member' ? membership.role : undefined;
  const asMember: Viewer = { userId: actor.userId, active: actor.active, roles: actor.roles, groupMemberships: new Map(role ? [[audience.groupId, role]] : []) };
  if (!group || !canSeeGroup(asMember, group)) throw new FeedNotFoundError('group', audience.groupId);
  return { groupId: group.groupId, visibility: group.visibility, ...(role ? { role } : {}) };
}

export async function groupOfPost(deps: FeedDependencies, post: Pick<PostView, 'audience'>): Promise<GroupView | null> {
  return post.audience.kind === 'group' ? deps.readModels.groups.group(post.audience.groupId) : null;
}

/**
 * A post the viewer may see, or FEED.POST_NOT_FOUND: an invisible post answers exactly like a
 * missing one, so ids cannot be probed. A deactivated person is refused first
 * (403 FEED.ACTOR_INACTIVE, before any lookup, so it reveals nothing about the post): they would
 * otherwise see every post as missing and a write as a confusing 404.
 */
export async function visiblePost(deps: FeedDependencies, viewer: Viewer, postId: string): Promise<{ post: PostView; facts: VisibilityFacts; group: GroupView | null }> {
  assertActive({ userId: viewer.userId, active: viewer.active, roles: viewer.roles });
  const post = await deps.readModels.posts.post(postId);
  if (!post) throw new FeedNotFoundError('post', postId);
  const group = await groupOfPost(deps, post);
  const facts = postFacts(post, group);
  if (!canSee(viewer, facts)) throw new FeedNotFoundError('post', postId);
  return { post, facts, group };
}

/**
 * The shared command path (executeCommand: decide, append with idempotency, read-your-writes that
 * closes sequence gaps by re-reading the stream, result) with the feed's store and read models.
 */
export function execute<S, C, E extends NewEvent>(
  deps: FeedDependencies,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C,
  metadata: CommandMetadata,
  options: { readonly maxRetries?: number; readonly newStream?: boolean } = {},
): Promise<CommandResult<S, E>> {
  return executeCommand<C, E, S>({ ...options, store: deps.store, readYourWrites: deps.projector, streamId, decider, command, metadata });
}

/** The id of a created aggregate: stable for retries carrying the same Idempotency-Key. */
export async function newId(deps: FeedDependencies, scope: string, ctx: RequestContext): Promise<string> {
  const proposed = uuidv7(deps.clock.now().getTime());
  return ctx.idempotencyKey ? deps.idempotency.resolve(scope, ctx.caller.userId, ctx.idempotencyKey, proposed) : proposed;
}
