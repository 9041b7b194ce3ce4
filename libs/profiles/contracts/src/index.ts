import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { endorsementContracts } from './endorsement.events';
import { expertContracts } from './expert.events';
import { profileContracts } from './profile.events';
import { taxonomyContracts } from './taxonomy.events';

export * from './completeness';
export * from './endorsement.events';
export * from './expert.events';
export * from './profile.events';
export * from './taxonomy.events';

/** Every public profiles event contract, all versions. */
export const profilesContracts: readonly EventContract[] = [...profileContracts, ...taxonomyContracts, ...endorsementContracts, ...expertContracts];
/** Upcasters of superseded profiles event versions (none yet). */
export const profilesUpcasters: readonly Upcaster[] = [];
