import type { CommandMetadata } from '@plein/shared/kernel';
import type { GroupCommand, GroupState, UserCommand, UserState } from '@plein/identity/domain';

export interface CommandOptions {
  /**
   * The stream version the caller based its command on (SCIM `If-Match`, or the version a PATCH
   * was applied to). The command is refused with VersionMismatchError when the stream moved on.
   */
  readonly expectedVersion?: number;
}

export interface AppendedEvent {
  readonly type: string;
  readonly sequence: number;
  readonly occurredAt: string;
}

export interface CommandOutcome<S> {
  /** Stream version after the command (unchanged when it decided nothing). */
  readonly version: number;
  readonly state: S;
  readonly events: readonly AppendedEvent[];
  readonly replayed: boolean;
}

/**
 * Runs a command against one aggregate: read, decide, append, and bring the aggregate's read
 * model up to date before resolving, so the caller can read its own write (SCIM GET after POST).
 */
export interface UserCommandBus {
  execute(command: UserCommand, metadata: CommandMetadata, options?: CommandOptions): Promise<CommandOutcome<UserState>>;
}

export interface GroupCommandBus {
  execute(command: GroupCommand, metadata: CommandMetadata, options?: CommandOptions): Promise<CommandOutcome<GroupState>>;
}
