import { approvalContracts, caseContracts, decisionContracts, ruleContracts } from '@plein/moderation/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { eventTypesProcessor, type EventProcessor, type ProcessorWiring } from '@plein/shared/messaging';
import type { MongoAuditLog } from './mongo-audit-log';

/** Identity's role changes: who became (or stopped being) a moderator or administrator. */
export const AUDITED_IDENTITY_EVENTS = ['identity.user.role-granted', 'identity.user.role-revoked'] as const;

/**
 * Consumer group `moderation.audit`: every moderation event (reports, claims, decisions, appeals,
 * content decisions, compose-time rules and approvals) and identity's role changes become audit
 * entries, once per event id.
 */
export function auditProcessor(options: ProcessorWiring & { topics: readonly string[]; log: MongoAuditLog }): EventProcessor {
  const types = [...new Set([...decisionContracts, ...caseContracts, ...ruleContracts, ...approvalContracts].map((c) => c.type)), ...AUDITED_IDENTITY_EVENTS];
  return eventTypesProcessor(options, {
    processor: 'audit',
    topics: options.topics,
    types,
    handle: (envelope: EventEnvelope) =>
      options.log.append({
        action: envelope.type,
        actorId: envelope.actorId,
        subject: envelope.aggregateId,
        occurredAt: envelope.occurredAt,
        eventId: envelope.id,
        data: envelope.data as Record<string, unknown>,
      }),
  });
}
