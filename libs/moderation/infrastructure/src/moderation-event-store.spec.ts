import { exampleEnvelope } from '@plein/shared/contracts';
import { contentHiddenV1, reportFiledV1 } from '@plein/moderation/contracts';
import { moderationRegistry } from './moderation-event-store';

describe('moderation event store wiring', () => {
  it("validates against the service's own contracts", () => {
    const registry = moderationRegistry();
    expect(() => registry.validate(exampleEnvelope(contentHiddenV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(reportFiledV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(reportFiledV1, { data: { ...reportFiledV1.example, reporterId: 'not-a-uuid' } }))).toThrow();
  });
});
