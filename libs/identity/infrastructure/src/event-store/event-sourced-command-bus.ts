import { executeCommand, type Decider } from '@plein/shared/event-sourcing';
import type { MongoEventStore } from '@plein/shared/event-store';
import type { CommandMetadata, NewEvent } from '@plein/shared/kernel';
import { VersionMismatchError, type CommandOptions, type CommandOutcome, type GroupCommandBus, type UserCommandBus } from '@plein/identity/application';
import { groupDecider, userDecider, type GroupCommand, type UserCommand } from '@plein/identity/domain';
import type { IdentityReadModels } from '../read-models/read-models';

/**
 * The shared command path (executeCommand: decide, append with idempotency, read-your-writes that
 * closes sequence gaps by re-reading the stream, result). The optional expected version (SCIM
 * If-Match) is checked against the exact state the events are appended to.
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
  const { expectedVersion } = options;
  const result = await executeCommand<C, E, S>({
    store: deps.store,
    readYourWrites: deps.readModels,
    streamId: `${aggregateType}-${aggregateId}`,
    decider,
    command,
    metadata,
    ...(expectedVersion !== undefined ? { expectedVersion: { version: expectedVersion, mismatch: (actual: number) => new VersionMismatchError(`${aggregateType} ${aggregateId}`, expectedVersion, actual) } } : {}),
  });
  return {
    version: result.version,
    state: result.state,
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
