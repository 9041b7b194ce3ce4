import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { preferencesContracts } from './preferences.events';

export * from './preferences.events';

/** Every public notifications event contract, all versions. */
export const notificationsContracts: readonly EventContract[] = [...preferencesContracts];
/** Upcasters of superseded notifications event versions (none yet). */
export const notificationsUpcasters: readonly Upcaster[] = [];
