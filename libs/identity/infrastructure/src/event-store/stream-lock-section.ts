import type { MongoEventStore } from '@plein/shared/event-store';
import { AdminChangesBusyError, type ExclusiveSection } from '@plein/identity/application';

/** The lock id that serialises every change able to remove an admin (LastAdminGuard). */
export const ADMIN_CHANGES_LOCK = 'organisation-admins';

/**
 * An ExclusiveSection across processes on the event store's stream locks (the same inserted lock
 * documents that make appends safe on FerretDB, whose conditional updates are not atomic; see
 * docs/adr/0005). A lock is a lease of at least 4 s: the work checks `stillHeld` before its write
 * and is refused (503) rather than run unprotected. Waits up to `waitMs` for the holder.
 */
export class StreamLockExclusiveSection implements ExclusiveSection {
  constructor(
    private readonly store: Pick<MongoEventStore, 'locks'>,
    private readonly id: string = ADMIN_CHANGES_LOCK,
    private readonly waitMs = 5_000,
  ) {}

  async run<T>(work: (stillHeld: () => boolean) => Promise<T>): Promise<T> {
    const lock = await this.store.locks.acquireOne(this.id, this.waitMs);
    if (!lock) throw new AdminChangesBusyError();
    try {
      return await work(() => lock.stillHeld());
    } finally {
      await lock.release();
    }
  }
}
