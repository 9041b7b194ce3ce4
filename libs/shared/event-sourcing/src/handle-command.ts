import type { CommandMetadata, EventEnvelope, NewEvent } from '@plein/shared/kernel';
import { ConcurrencyConflictError } from './errors';
import type { EventStore } from './event-store.port';

/** A stored event as the decider's own event type plus the envelope's metadata. */
export type StoredEvent<E extends NewEvent> = E & Omit<EventEnvelope, 'type' | 'version' | 'data'>;

export interface HandleCommandOptions<S, C, E extends NewEvent> {
  readonly store: EventStore;
  readonly streamId: string;
  /** Pure: the events the command produces in this state; throws the domain's errors to reject. */
  readonly decide: (command: C, state: S) => readonly E[];
  /** Pure: the state after one event. */
  readonly evolve: (state: S, event: StoredEvent<E>) => S;
  readonly initialState: S | (() => S);
  readonly command: C;
  /** `causationId` is the idempotency key: the request's Idempotency-Key or the causing event's id. */
  readonly metadata: CommandMetadata;
  /** Conflicts retried by re-reading and re-deciding before the conflict is rethrown (default 5). */
  readonly maxRetries?: number;
  /**
   * The command creates its stream (its id was minted just now): the first attempt decides on the
   * initial state and appends at version 0 without reading. A stream that exists after all (a
   * retry whose id came back from the Idempotency-Key) makes that append conflict; it is then
   * read and handled as without the option (replay or decide again), and this first miss does not
   * count as a retry.
   */
  readonly newStream?: boolean;
}

export interface CommandResult<S, E extends NewEvent> {
  readonly streamId: string;
  /** Stream version right after this command's events (the current version if it produced none). */
  readonly version: number;
  /** The events this command produced (on a replay: the ones stored by the first attempt). */
  readonly events: readonly StoredEvent<E>[];
  /** The state right after this command's events. */
  readonly state: S;
  /** True when the idempotency key had been handled before and nothing was appended. */
  readonly replayed: boolean;
}

/**
 * Read, fold, decide, append; retry on a lost race. Idempotent by `metadata.causationId`: when the
 * stream already holds events with that causation id, the command was handled before and its
 * first result is returned without deciding again (so a retried request cannot apply twice, even
 * when both copies race: the loser's retry re-reads and finds the winner's events).
 * Caveat: a command that decided no events leaves no trace, so its retry is decided afresh.
 */
export async function handleCommand<S, C, E extends NewEvent>(options: HandleCommandOptions<S, C, E>): Promise<CommandResult<S, E>> {
  const { store, streamId, decide, evolve, command, metadata } = options;
  const maxRetries = options.maxRetries ?? 5;
  const initial = (): S => (typeof options.initialState === 'function' ? (options.initialState as () => S)() : options.initialState);

  let assumeAbsent = options.newStream === true;
  for (let attempt = 0; ; attempt++) {
    const stream = assumeAbsent ? null : await store.readStream(streamId);
    const history = (stream?.events ?? []) as readonly StoredEvent<E>[];
    const earlier = history.filter((event) => event.causationId === metadata.causationId);
    if (earlier.length > 0) {
      const version = earlier[earlier.length - 1]!.sequence;
      const state = history.filter((event) => event.sequence <= version).reduce(evolve, initial());
      return { streamId, version, events: earlier, state, replayed: true };
    }

    const state = history.reduce(evolve, initial());
    const decided = decide(command, state);
    const expectedVersion = stream?.version ?? 0;
    try {
      const appended = await store.append(streamId, expectedVersion, decided, metadata);
      const events = appended.events as readonly StoredEvent<E>[];
      return { streamId, version: appended.version, events, state: events.reduce(evolve, state), replayed: false };
    } catch (error) {
      if (error instanceof ConcurrencyConflictError && assumeAbsent) {
        assumeAbsent = false;
        attempt--;
        continue;
      }
      if (!(error instanceof ConcurrencyConflictError) || attempt >= maxRetries) throw error;
      await backoff(attempt);
    }
  }
}

/** Jittered, growing pause so writers that keep colliding on a hot stream spread out. */
function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(100, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
