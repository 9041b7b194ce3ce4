import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { visitContracts } from './visit.events';

export * from './visit.events';

/** Every public insights event contract, all versions. */
export const insightsContracts: readonly EventContract[] = [...visitContracts];
/** Upcasters of superseded insights event versions (none yet). */
export const insightsUpcasters: readonly Upcaster[] = [];
