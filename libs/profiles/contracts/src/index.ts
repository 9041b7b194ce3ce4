import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { profileContracts } from './profile.events';
import { taxonomyContracts } from './taxonomy.events';

export * from './profile.events';
export * from './taxonomy.events';

/** Every public profiles event contract, all versions. */
export const profilesContracts: readonly EventContract[] = [...profileContracts, ...taxonomyContracts];
/** Upcasters of superseded profiles event versions (none yet). */
export const profilesUpcasters: readonly Upcaster[] = [];
