import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { noteContracts } from './note.events';

export * from './note.events';

/** Every public profiles event contract, all versions. */
export const profilesContracts: readonly EventContract[] = [...noteContracts];
/** Upcasters of superseded profiles event versions (none yet). */
export const profilesUpcasters: readonly Upcaster[] = [];
