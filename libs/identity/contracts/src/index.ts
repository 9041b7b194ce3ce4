import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { groupContracts } from './group.events';
import { sessionContracts } from './session.events';
import { userContracts } from './user.events';

export * from './topics';
export * from './user.events';
export * from './group.events';
export * from './session.events';

/** Every public identity event contract, all versions (consumers register the ones they read). */
export const identityContracts: readonly EventContract[] = [...userContracts, ...groupContracts, ...sessionContracts];
/** Upcasters of superseded identity event versions (none yet). */
export const identityUpcasters: readonly Upcaster[] = [];
