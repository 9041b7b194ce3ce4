import { feedContracts } from '@plein/feed/contracts';
import { identityContracts } from '@plein/identity/contracts';
import { moderationContracts } from '@plein/moderation/contracts';
import { insightsContracts } from '@plein/insights/contracts';
import { profilesContracts } from '@plein/profiles/contracts';
import { eventTypeNameProblem, exampleEnvelope, parseTopicName } from '@plein/shared/contracts';
import { allContracts, catalogRegistry } from './asyncapi-catalog';

describe('the event catalog', () => {
  const registry = catalogRegistry();

  it('builds one registry from every contracts lib (schemas compile, examples valid, upcasters complete)', () => {
    expect(registry.contracts()).toHaveLength(allContracts.length);
    for (const contract of registry.contracts()) expect(() => registry.validate(exampleEnvelope(contract))).not.toThrow();
  });

  it.each([
    ['identity', identityContracts],
    ['feed', feedContracts],
    ['moderation', moderationContracts],
    ['profiles', profilesContracts],
    ['insights', insightsContracts],
  ])('keeps %s events on %s topics only', (svc, contracts) => {
    expect(contracts.length).toBeGreaterThan(0);
    for (const contract of contracts) {
      expect(parseTopicName(contract.topic)?.svc).toBe(svc);
      expect(contract.type.startsWith(`${svc}.`)).toBe(true);
    }
  });

  it('names every type <svc>.<aggregate>.<past-tense> on its aggregate topic, with a documented key', () => {
    for (const contract of registry.contracts()) {
      expect([contract.key, eventTypeNameProblem(contract.type, contract.topic)]).toEqual([contract.key, undefined]);
      expect([contract.key, contract.topicDefinition?.key.description]).toEqual([contract.key, expect.any(String)]);
    }
  });

  it('lets producers emit a non-deprecated latest version of every type', () => {
    for (const contract of registry.contracts()) {
      if (contract.version === registry.latestVersion(contract.type)) expect([contract.key, contract.deprecated ?? false]).toEqual([contract.key, false]);
    }
  });

  it('upcasts every registered example to the latest version of its type', () => {
    for (const contract of registry.contracts()) {
      const latest = registry.upcast(exampleEnvelope(contract));
      expect(latest.version).toBe(registry.latestVersion(contract.type));
    }
  });
});
