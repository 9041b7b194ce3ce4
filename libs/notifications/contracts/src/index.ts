import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { noteContracts } from './note.events';

export * from './note.events';

/** Every public notifications event contract, all versions. */
export const notificationsContracts: readonly EventContract[] = [...noteContracts];
/** Upcasters of superseded notifications event versions (none yet). */
export const notificationsUpcasters: readonly Upcaster[] = [];
