import type { Decider } from '@plein/shared/event-sourcing';
import { handleCommand, type MongoEventStore, type StoredEvent } from '@plein/shared/event-store';
import type { CommandMetadata, NewEvent } from '@plein/shared/kernel';
import { VersionMismatchError, type CommandOptions, type CommandOutcome, type GroupCommandBus, type UserCommandBus } from '@plein/identity/application';
import { groupDecider, userDecider, type GroupCommand, type UserCommand } from '@plein/identity/domain';
import type { IdentityReadModels } from '../read-models/read-models';

interface Versioned<S> {
  readonly inner: S;
  readonly version: number;
}

/**
 * handleCommand (read, fold, decide, append, retry on conflict) plus: the optional expected
 * version is checked inside `decide`, so it holds for the exact state the events are appended to;
 * then the aggregate's read model is brought up to date before the caller continues.
 */
async function execute<C, S, E extends NewEvent>(
  deps: { store: MongoEventStore; readModels: IdentityReadModels },
  aggregateType: string,
  aggregateId: string,
  decider: Decider<C, E, S>,
  command: C,
  metadata: CommandMetadata,
  options: CommandOptions = {},
): Promise<CommandOutcome<S>> {
  const result = await handleCommand<Versioned<S>, C, E>({
    store: deps.store,
    streamId: `${aggregateType}-${aggregateId}`,
    initialState: () => ({ inner: decider.initialState(), version: 0 }),
    evolve: (state, event: StoredEvent<E>) => ({ inner: decider.evolve(state.inner, event), version: event.sequence }),
    decide: (cmd, state) => {
      if (options.expectedVersion !== undefined && options.expectedVersion !== state.version) {
        throw new VersionMismatchError(`${aggregateType} ${aggregateId}`, options.expectedVersion, state.version);
      }
      return decider.decide(cmd, state.inner);
    },
    command,
    metadata,
  });
  if (result.events.length > 0 || result.replayed) await deps.readModels.catchUp(aggregateType, aggregateId, result.events, result.version);
  return {
    version: result.version,
    state: result.state.inner,
    events: result.events.map((e) => ({ type: e.type, sequence: e.sequence, occurredAt: e.occurredAt })),
    replayed: result.replayed,
  };
}

export class EventSourcedUserCommandBus implements UserCommandBus {
  constructor(private readonly deps: { store: MongoEventStore; readModels: IdentityReadModels }) {}
  execute(command: UserCommand, metadata: CommandMetadata, options?: CommandOptions) {
    return execute(this.deps, 'user', command.userId, userDecider, command, metadata, options);
  }
}

export class EventSourcedGroupCommandBus implements GroupCommandBus {
  constructor(private readonly deps: { store: MongoEventStore; readModels: IdentityReadModels }) {}
  execute(command: GroupCommand, metadata: CommandMetadata, options?: CommandOptions) {
    return execute(this.deps, 'group', command.groupId, groupDecider, command, metadata, options);
  }
}
