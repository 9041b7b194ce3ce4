import type { Kafka } from 'kafkajs';
import type { ContractRegistry } from '@plein/shared/contracts';
import { JsonLogger } from '@plein/shared/observability';
import type { IdentityConfig } from '../identity.config';
import { BackgroundWorkers } from './background-workers';
import type { IdentityRuntime } from './identity-runtime';

/**
 * The background workers are started and retried in the background; a stop must end that for
 * good: nothing scheduled or started once beforeApplicationShutdown has resolved, also when the
 * stop came while a start was failing against an unreachable broker.
 */
describe('BackgroundWorkers stop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function workers(connect: () => Promise<void>) {
    const runtime = { services: async () => ({}) } as unknown as IdentityRuntime;
    const kafka = { admin: () => ({ connect, disconnect: async () => undefined }) } as unknown as Kafka;
    const config = { identity: { ensureTopics: true, kafkaProjections: false } } as unknown as IdentityConfig;
    const logger = new JsonLogger({ service: 'identity', level: 'error', write: () => undefined });
    return new BackgroundWorkers(runtime, kafka, config, {} as ContractRegistry, logger);
  }

  it('leaves no retry scheduled when stopped while a start is failing', async () => {
    let fail: (error: Error) => void = () => undefined;
    const attempts: number[] = [];
    const subject = workers(() => {
      attempts.push(Date.now());
      return new Promise<void>((_, reject) => (fail = reject));
    });
    subject.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(attempts).toHaveLength(1);

    const stopping = subject.beforeApplicationShutdown();
    fail(new Error('Connection error: connect ECONNREFUSED')); // the start in flight gives up
    await stopping;

    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(attempts).toHaveLength(1);
    expect(subject.running).toBe(false);
  });
});
