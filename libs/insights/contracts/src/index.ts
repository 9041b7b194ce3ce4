import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { noteContracts } from './note.events';

export * from './note.events';

/** Every public insights event contract, all versions. */
export const insightsContracts: readonly EventContract[] = [...noteContracts];
/** Upcasters of superseded insights event versions (none yet). */
export const insightsUpcasters: readonly Upcaster[] = [];
