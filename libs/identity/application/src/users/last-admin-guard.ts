import { PleinError, type CommandMetadata } from '@plein/shared/kernel';
import type { UserCommand } from '@plein/identity/domain';
import { LastAdminError } from '../errors';
import type { CommandOptions, UserCommandBus } from '../ports/commands.port';
import type { UserDirectory } from '../ports/directory.port';

/**
 * Runs work alone: at most one holder at a time across every process that shares it. `stillHeld`
 * turns false when a lease-based section is about to lapse; no write may start after that.
 */
export interface ExclusiveSection {
  run<T>(work: (stillHeld: () => boolean) => Promise<T>): Promise<T>;
}

/** An ExclusiveSection for one process (unit tests, single-process tools). */
export class ProcessLocalExclusiveSection implements ExclusiveSection {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: (stillHeld: () => boolean) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => work(() => true));
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Commands after which the target may no longer be an active admin. */
export const mayRemoveAnAdmin = (command: UserCommand): boolean =>
  command.type === 'DeactivateUser' || command.type === 'DeleteUser' || (command.type === 'RevokeRole' && command.role === 'admin');

/**
 * Plein keeps an active admin, whoever asks: the users API (revoke, deactivate) and the directory
 * (SCIM `active: false`, DELETE) alike, since both go through the user commands this wraps. The
 * check "is the target the last active admin" and the write run inside one organisation-wide
 * exclusive section, so two admins removing each other at the same moment are serialised and the
 * second sees the first's effect (the inner bus updates the users read model before resolving).
 * Commands that cannot remove an admin pass straight through.
 */
export class LastAdminGuard implements UserCommandBus {
  constructor(private readonly deps: { readonly commands: UserCommandBus; readonly users: UserDirectory; readonly section: ExclusiveSection }) {}

  execute(command: UserCommand, metadata: CommandMetadata, options?: CommandOptions) {
    if (!mayRemoveAnAdmin(command)) return this.deps.commands.execute(command, metadata, options);
    return this.deps.section.run(async (stillHeld) => {
      const target = await this.deps.users.get(command.userId);
      if (target?.active && target.roles.includes('admin') && (await this.deps.users.countActiveWithRole('admin')) <= 1) throw new LastAdminError();
      if (!stillHeld()) throw new AdminChangesBusyError();
      return this.deps.commands.execute(command, metadata, options);
    });
  }
}

/** The organisation-wide admin section was not free in time, or not held long enough: 503, try again. */
export class AdminChangesBusyError extends PleinError {
  readonly kind = 'unavailable' as const;
  readonly code = 'IDENTITY.ADMIN_CHANGES_BUSY';
  constructor() {
    super('Another change to the admins is in progress; try again in a moment');
  }
}
