import { ContractRegistry, ContractViolationError, exampleEnvelope } from '@plein/shared/contracts';
import { contentHiddenV1, moderationContracts, moderationUpcasters } from './index';

const registry = new ContractRegistry(moderationContracts, moderationUpcasters);

describe('moderation decision contracts', () => {
  it('are keyed by the moderated content, so decisions on one item stay ordered', () => {
    const envelope = exampleEnvelope(contentHiddenV1);
    expect(envelope.aggregateId).toBe(`${contentHiddenV1.example.contentType}:${contentHiddenV1.example.contentId}`);
    expect(registry.contracts().map((c) => c.type)).toEqual([
      'moderation.approval.approved',
      'moderation.approval.rejected',
      'moderation.decision.appeal-decided',
      'moderation.decision.appealed',
      'moderation.decision.claimed',
      'moderation.decision.content-hidden',
      'moderation.decision.content-removed',
      'moderation.decision.content-restored',
      'moderation.decision.released',
      'moderation.decision.report-filed',
      'moderation.decision.taken',
      'moderation.rule.defined',
      'moderation.rule.etiquette-changed',
      'moderation.rule.premoderation-changed',
      'moderation.rule.retired',
    ]);
    expect(new Set(registry.contracts().map((c) => c.topic))).toEqual(new Set(['moderation.approval.events.v1', 'moderation.decision.events.v1', 'moderation.rule.events.v1']));
  });

  it('refuse unknown reason codes and content types', () => {
    const bad = exampleEnvelope(contentHiddenV1, { data: { ...contentHiddenV1.example, reasonCode: 'boring' as never, contentType: 'profile' as never } });
    expect(() => registry.validate(bad)).toThrow(ContractViolationError);
    try {
      registry.validate(bad);
    } catch (error) {
      expect((error as ContractViolationError).violations.map((v) => v.field).sort()).toEqual(['/data/contentType', '/data/reasonCode']);
    }
  });
});
