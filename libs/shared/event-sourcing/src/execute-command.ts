import type { CommandMetadata, EventEnvelope, NewEvent } from '@plein/shared/kernel';
import type { Decider } from './decider';
import type { EventStore } from './event-store.port';
import { handleCommand, type CommandResult } from './handle-command';

/**
 * The read side of the command path (port; adapters live with each service's read models):
 * applies events of ONE stream, in sequence order, to the read models that stream feeds.
 * Idempotent by sequence: an event the read model already holds is a no-op. Answers `'gap'` when
 * a read model lacks events of the stream before the first one given (a crash between an earlier
 * append and its apply, or another writer whose apply is not done yet); the command path then
 * re-reads the stream and gives it every event up to the command's version. Never drops a gap.
 */
export interface ReadYourWrites {
  project(events: readonly EventEnvelope[]): Promise<'applied' | 'gap'>;
}

export interface ExecuteCommandOptions<C, E extends NewEvent, S> {
  readonly store: EventStore;
  /** Brings the stream's read models up to the command's version before the result is returned. */
  readonly readYourWrites?: ReadYourWrites;
  readonly streamId: string;
  readonly decider: Decider<C, E, S>;
  readonly command: C;
  /** `causationId` is the idempotency key (commandMetadata: the caller-scoped Idempotency-Key). */
  readonly metadata: CommandMetadata;
  readonly maxRetries?: number;
  /**
   * The stream version the caller based its command on (an `If-Match`): checked against the exact
   * state the events are appended to, and refused with `mismatch(actual)` when the stream moved on.
   */
  readonly expectedVersion?: { readonly version: number; readonly mismatch: (actual: number) => Error };
  /**
   * The command creates its stream (an id minted by this request): no stream read before the
   * append; an existing stream makes the append conflict and is then read and handled as usual
   * (a known causation id replays, anything else is decided against it). See handleCommand.
   */
  readonly newStream?: boolean;
}

/**
 * The one command path of every service: decide → append with idempotency (handleCommand: read,
 * fold, decide, append, retry on a lost race, a retried causation id returns its first result)
 * → read-your-writes (the read models hold the command's events, also on a replay, before the
 * caller continues) → result.
 */
export async function executeCommand<C, E extends NewEvent, S>(options: ExecuteCommandOptions<C, E, S>): Promise<CommandResult<S, E>> {
  const { store, streamId, decider, expectedVersion } = options;
  const result = await handleCommand<{ inner: S; version: number }, C, E>({
    store,
    streamId,
    initialState: () => ({ inner: decider.initialState(), version: 0 }),
    evolve: (state, event) => ({ inner: decider.evolve(state.inner, event), version: event.sequence }),
    decide: (command, state) => {
      if (expectedVersion && expectedVersion.version !== state.version) throw expectedVersion.mismatch(state.version);
      return decider.decide(command, state.inner);
    },
    command: options.command,
    metadata: options.metadata,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.newStream ? { newStream: true } : {}),
  });
  if (options.readYourWrites) await catchUp(store, options.readYourWrites, streamId, result.events, result.version);
  return { ...result, state: result.state.inner };
}

/**
 * Read-your-writes for one stream: the command's events, and when a read model reports a gap, the
 * stream re-read up to `version` (what the read model already holds is skipped by sequence).
 */
export async function catchUp(store: Pick<EventStore, 'readStream'>, readYourWrites: ReadYourWrites, streamId: string, events: readonly EventEnvelope[], version: number): Promise<void> {
  if (events.length === 0) return;
  if ((await readYourWrites.project(events)) === 'applied') return;
  const stream = await store.readStream(streamId);
  const upToVersion = (stream?.events ?? []).filter((event) => event.sequence <= version);
  if ((await readYourWrites.project(upToVersion)) === 'gap') throw new Error(`read-your-writes: ${streamId} still has a gap after re-reading it up to version ${version}`);
}
