import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { noteContracts } from './note.events';
import { preferencesContracts } from './preferences.events';

export * from './note.events';
export * from './preferences.events';

/** Every public notifications event contract, all versions. */
export const notificationsContracts: readonly EventContract[] = [...noteContracts, ...preferencesContracts];
/** Upcasters of superseded notifications event versions (none yet). */
export const notificationsUpcasters: readonly Upcaster[] = [];
