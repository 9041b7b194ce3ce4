import type { MongoEventStore } from '@plein/shared/event-store';
import { AdminChangesBusyError, type ExclusiveSection } from '@plein/identity/application';

/** The lease name that serialises every change able to remove an admin (LastAdminGuard). */
export const ADMIN_CHANGES_LEASE = 'organisation-admins';

/**
 * An ExclusiveSection across processes on one of the event store's named leases: one document,
 * taken and given back by conditional updates (atomic on MongoDB and on the patched local server).
 * The lease lasts `leaseMs`; the work checks `stillHeld` before its write and is refused (503)
 * rather than run unprotected. Waits up to `waitMs` for the holder.
 */
export class LeaseExclusiveSection implements ExclusiveSection {
  constructor(
    private readonly store: Pick<MongoEventStore, 'leases'>,
    private readonly id: string = ADMIN_CHANGES_LEASE,
    private readonly waitMs = 5_000,
    private readonly leaseMs = 10_000,
  ) {}

  async run<T>(work: (stillHeld: () => boolean) => Promise<T>): Promise<T> {
    const lease = await this.store.leases.acquire(this.id, this.leaseMs, this.waitMs);
    if (!lease) throw new AdminChangesBusyError();
    try {
      return await work(() => lease.stillHeld());
    } finally {
      await lease.release();
    }
  }
}
