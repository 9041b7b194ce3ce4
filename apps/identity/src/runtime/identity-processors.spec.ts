import type { Kafka } from 'kafkajs';
import type { ContractRegistry } from '@plein/shared/contracts';
import { JsonLogger } from '@plein/shared/observability';
import type { IdentityConfig } from '../identity.config';
import { identityProcessors } from './identity-processors';
import type { IdentityRuntime, IdentityServices } from './identity-runtime';

const logger = new JsonLogger({ service: 'identity', level: 'error', write: () => undefined });
const config = (kafkaProjections: boolean) => ({ identity: { ensureTopics: true, kafkaProjections }, kafka: { topicPrefix: '' } }) as unknown as IdentityConfig;
const kafka = {} as Kafka;
const contracts = {} as ContractRegistry;

describe('identityProcessors', () => {
  afterEach(() => jest.useRealTimers());

  it('runs the composition root, the relay and housekeeping, and the Kafka projections only when enabled', () => {
    const runtime = { services: jest.fn() } as unknown as IdentityRuntime;
    expect(identityProcessors({ runtime, kafka, config: config(false), contracts, logger }).map((p) => p.name)).toEqual(['identity-services', 'outbox-relay', 'housekeeping']);
    expect(identityProcessors({ runtime, kafka, config: config(true), contracts, logger }).map((p) => p.name)).toEqual(['identity-services', 'outbox-relay', 'projections', 'housekeeping']);
  });

  it('fails every start while the composition root cannot be built, so each is retried and named on /ready', async () => {
    const runtime = { services: () => Promise.reject(new Error('MongoDB unreachable')) } as unknown as IdentityRuntime;
    for (const processor of identityProcessors({ runtime, kafka, config: config(true), contracts, logger })) {
      await expect(processor.start()).rejects.toThrow('MongoDB unreachable');
      await expect(processor.stop()).resolves.toBeUndefined(); // nothing was started: nothing to stop
    }
  });

  it('housekeeping maintains the signing keys every minute until it is stopped, and leaves no timer', async () => {
    jest.useFakeTimers();
    const maintain = jest.fn(async () => undefined);
    const services = { keyRing: { maintain }, db: {} } as unknown as IdentityServices;
    const runtime = { services: async () => services } as unknown as IdentityRuntime;
    const housekeeping = identityProcessors({ runtime, kafka, config: config(false), contracts, logger }).find((p) => p.name === 'housekeeping')!;
    await housekeeping.start();
    expect(jest.getTimerCount()).toBe(2);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(maintain).toHaveBeenCalledTimes(1);
    await housekeeping.stop();
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(600_000);
    expect(maintain).toHaveBeenCalledTimes(1);
  });
});
