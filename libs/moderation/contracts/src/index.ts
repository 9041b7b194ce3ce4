import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { caseContracts } from './case.events';
import { decisionContracts } from './decision.events';
import { approvalContracts, ruleContracts } from './rules.events';

export * from './decision.events';
export * from './case.events';
export * from './rules.events';

/** Every public moderation event contract, all versions. */
export const moderationContracts: readonly EventContract[] = [...decisionContracts, ...caseContracts, ...ruleContracts, ...approvalContracts];
/** Upcasters of superseded moderation event versions (none yet). */
export const moderationUpcasters: readonly Upcaster[] = [];
