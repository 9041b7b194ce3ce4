import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { decisionContracts } from './decision.events';

export * from './decision.events';

/** Every public moderation event contract, all versions. */
export const moderationContracts: readonly EventContract[] = [...decisionContracts];
/** Upcasters of superseded moderation event versions (none yet). */
export const moderationUpcasters: readonly Upcaster[] = [];
