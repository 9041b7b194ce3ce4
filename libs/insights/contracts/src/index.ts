import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { noteContracts } from './note.events';
import { visitContracts } from './visit.events';

export * from './note.events';
export * from './visit.events';

/** Every public insights event contract, all versions. */
export const insightsContracts: readonly EventContract[] = [...noteContracts, ...visitContracts];
/** Upcasters of superseded insights event versions (none yet). */
export const insightsUpcasters: readonly Upcaster[] = [];
