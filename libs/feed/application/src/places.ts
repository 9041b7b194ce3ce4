import type { Audience } from '@plein/feed/contracts';
import { FeedConflictError, FeedNotFoundError, holdsPlace, rosterDecider, type RosterCommand, type RosterState } from '@plein/feed/domain';
import { idempotencyUuid } from '@plein/shared/event-sourcing';
import { streamId, uuidv7, type CommandMetadata } from '@plein/shared/kernel';
import { execute, metadataOf, type FeedDependencies, type RequestContext } from './context';

/**
 * Places of capacity-limited sign-ups and events (the roster aggregate, `roster-<subjectId>`).
 *
 * The roster decides; the person's own stream (`response-…` / `rsvp-…`) records their answer. The
 * two are written one after the other, never together, so the order keeps the capacity exact:
 * take the place, then record the sign-up or yes; record the withdrawal or other answer, then give
 * the place back. A crash in between leaves a place held by someone not (or no longer) registered
 * (one place too few, never one too many) until that person's retry completes it. A person racing
 * themselves (sign-up and withdrawal at once) is settled by `reconcile` at the end of each request.
 */

/** Many people asking for the last places of one roster collide: retry well past the default. */
const ROSTER_RETRIES = 25;

export const rosterStreamId = (subjectId: string): string => streamId('roster', subjectId);

/**
 * The roster stream is shared by everyone, so an Idempotency-Key is scoped to the person and the
 * operation (two people, or a take and a release, never share a causation id).
 */
function rosterMetadata(ctx: RequestContext, operation: 'take' | 'release' | 'reconcile'): CommandMetadata {
  const base = metadataOf(ctx);
  const causationId = ctx.idempotencyKey && operation !== 'reconcile' ? `idem:${idempotencyUuid(`feed.roster.${operation}`, ctx.idempotencyKey, ctx.caller.userId)}` : uuidv7();
  return { ...base, causationId };
}

/** A stream's state as it is now, folded with its decider's `evolve`. */
export async function currentState<S>(deps: FeedDependencies, id: string, decider: { evolve(state: S, event: never): S; initialState(): S }): Promise<S> {
  const stream = await deps.store.readStream(id);
  return ((stream?.events ?? []) as never[]).reduce((state: S, event: never) => decider.evolve(state, event), decider.initialState());
}

/** The roster as it is now (a replayed command returns the state of its first run instead). */
export const currentRoster = (deps: FeedDependencies, subjectId: string): Promise<RosterState> => currentState(deps, rosterStreamId(subjectId), rosterDecider);

/**
 * Takes a place for the actor (FEED.CAPACITY_REACHED / FEED.EVENT_FULL when none is free) and
 * tells whether they hold one now, which the person's own decider requires.
 */
export async function takePlace(
  deps: FeedDependencies,
  ctx: RequestContext,
  subjectId: string,
  command: Extract<RosterCommand, { type: 'TakeSignUpPlace' | 'TakeEventPlace' }>,
  capacity: number | undefined,
): Promise<boolean> {
  const result = await execute(deps, rosterStreamId(subjectId), rosterDecider, command, rosterMetadata(ctx, 'take'), { maxRetries: ROSTER_RETRIES });
  const state = result.replayed ? await currentRoster(deps, subjectId) : result.state;
  return holdsPlace(state, command.actor.userId, capacity);
}

/**
 * Gives the person's place back, if they hold one (also heals a place left by an interrupted
 * withdrawal). `audience`: the post's or agenda item's, carried by the roster's event.
 */
export async function releasePlace(deps: FeedDependencies, ctx: RequestContext, subjectId: string, userId: string, audience: Audience): Promise<void> {
  await execute(deps, rosterStreamId(subjectId), rosterDecider, { type: 'ReleasePlace', userId, audience }, rosterMetadata(ctx, 'release'), { maxRetries: ROSTER_RETRIES });
}

/**
 * After a person's own requests raced (a sign-up and a withdrawal at once), their answer may say
 * registered / yes while the roster no longer holds their place: take it again if one is free,
 * otherwise `undo` records the answer that needs no place. Nothing happens in the usual case.
 */
export async function reconcile(
  deps: FeedDependencies,
  ctx: RequestContext,
  subjectId: string,
  input: {
    readonly recorded: () => Promise<boolean>;
    readonly take: () => Extract<RosterCommand, { type: 'TakeSignUpPlace' | 'TakeEventPlace' }> | Promise<Extract<RosterCommand, { type: 'TakeSignUpPlace' | 'TakeEventPlace' }>>;
    readonly userId: string;
    readonly capacity: number | undefined;
    readonly undo: (metadata: CommandMetadata) => Promise<unknown>;
  },
): Promise<void> {
  const { userId } = input;
  if (!(await input.recorded()) || holdsPlace(await currentRoster(deps, subjectId), userId, input.capacity)) return;
  const held = await execute(deps, rosterStreamId(subjectId), rosterDecider, await input.take(), rosterMetadata(ctx, 'reconcile'), { maxRetries: ROSTER_RETRIES }).then(
    (result) => holdsPlace(result.state, userId, input.capacity),
    (error: unknown) => {
      // Full, closed, started, cancelled, gone: the place cannot be had; anything else is a fault.
      if (error instanceof FeedConflictError || error instanceof FeedNotFoundError) return false;
      throw error;
    },
  );
  if (!held) await input.undo({ ...metadataOf(ctx), causationId: uuidv7() });
}
