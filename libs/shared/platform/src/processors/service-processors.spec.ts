import { JsonLogger } from '@plein/shared/observability';
import { PROCESSOR_CHECK_PREFIX, ServiceProcessors, type ServiceProcessor } from './service-processors';

function logger(lines: Record<string, unknown>[] = []) {
  return new JsonLogger({ service: 'test', level: 'info', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
}

/** A processor whose start and stop the test settles by hand, recording the calls. */
function manual(name: string, calls: string[]) {
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  let reason: string | undefined;
  const processor: ServiceProcessor = {
    name,
    start: () => {
      calls.push(`start ${name}`);
      return new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    },
    stop: async () => {
      calls.push(`stop ${name}`);
    },
    notReadyReason: () => reason,
  };
  return {
    processor,
    started: () => settle!.resolve(),
    failed: (message: string) => settle!.reject(new Error(message)),
    serving: (why?: string) => (reason = why),
  };
}

async function readiness(processors: ServiceProcessors): Promise<Record<string, string>> {
  const entries = await Promise.all(processors.readinessChecks().map(async (c) => [c.name, await c.check().then(() => 'up', (e: Error) => e.message)] as const));
  return Object.fromEntries(entries);
}

describe('ServiceProcessors', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts the processors one after the other and reports each on readiness until it runs', async () => {
    const calls: string[] = [];
    const relay = manual('outbox-relay', calls);
    const projections = manual('projections', calls);
    const subject = new ServiceProcessors([relay.processor, projections.processor], { logger: logger() });
    expect(await readiness(subject)).toEqual({ [`${PROCESSOR_CHECK_PREFIX}outbox-relay`]: 'not started yet', [`${PROCESSOR_CHECK_PREFIX}projections`]: 'not started yet' });

    subject.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['start outbox-relay']);
    expect(await readiness(subject)).toEqual({ 'processor:outbox-relay': 'starting', 'processor:projections': 'not started yet' });

    relay.started();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['start outbox-relay', 'start projections']);
    projections.started();
    await subject.started;
    expect(subject.running).toBe(true);
    expect(await readiness(subject)).toEqual({ 'processor:outbox-relay': 'up', 'processor:projections': 'up' });

    projections.serving('consumer group not joined');
    expect(await readiness(subject)).toEqual({ 'processor:outbox-relay': 'up', 'processor:projections': 'consumer group not joined' });
  });

  it('retries a failed start in the background, names it on readiness meanwhile, and logs each failure', async () => {
    const calls: string[] = [];
    const lines: Record<string, unknown>[] = [];
    const relay = manual('outbox-relay', calls);
    const subject = new ServiceProcessors([relay.processor], { logger: logger(lines), retryMs: 1_000 });
    subject.start();
    relay.failed('connect ECONNREFUSED 127.0.0.1:9092');
    await subject.started; // the first round settles although the start failed
    expect(subject.running).toBe(false);
    expect(await readiness(subject)).toEqual({ 'processor:outbox-relay': 'not running: connect ECONNREFUSED 127.0.0.1:9092; retrying every 1000 ms' });
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: 'processor outbox-relay could not start; retrying', reason: 'connect ECONNREFUSED 127.0.0.1:9092' })]);

    await jest.advanceTimersByTimeAsync(999);
    expect(calls).toEqual(['start outbox-relay']);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['start outbox-relay', 'start outbox-relay']);
    relay.started();
    await jest.advanceTimersByTimeAsync(0);
    expect(await readiness(subject)).toEqual({ 'processor:outbox-relay': 'up' });
  });

  it('leaves nothing scheduled when stopped while a start is failing, and stops what the failed start left', async () => {
    const calls: string[] = [];
    const relay = manual('outbox-relay', calls);
    const subject = new ServiceProcessors([relay.processor], { logger: logger(), retryMs: 1_000 });
    subject.start();
    relay.failed('down');
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(1); // the retry

    await subject.stop();
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual(['start outbox-relay', 'stop outbox-relay']);
    expect(await readiness(subject)).toEqual({ 'processor:outbox-relay': 'stopped' });
  });

  it('stops a start in flight, and stops it again when that start still completes afterwards', async () => {
    const calls: string[] = [];
    const relay = manual('outbox-relay', calls);
    const later = manual('projections', calls);
    const subject = new ServiceProcessors([relay.processor, later.processor], { logger: logger() });
    subject.start();
    await jest.advanceTimersByTimeAsync(0);
    const stopping = subject.stop();
    relay.started(); // the start ends after the stop was asked for
    await stopping;
    await subject.started;
    // The one never started is not touched; the first is stopped before and after its start ended.
    expect(calls).toEqual(['start outbox-relay', 'stop outbox-relay', 'stop outbox-relay']);
    expect(subject.running).toBe(false);
  });

  it('gives up waiting for a stop that outlives its bound, logging the processor', async () => {
    const lines: Record<string, unknown>[] = [];
    const stuck: ServiceProcessor = { name: 'stuck', start: async () => undefined, stop: () => new Promise<void>(() => undefined) };
    const subject = new ServiceProcessors([stuck], { logger: logger(lines), stopBoundMs: 2_000 });
    subject.start();
    await subject.started;
    let done = false;
    const stopping = subject.stop().then(() => (done = true));
    await jest.advanceTimersByTimeAsync(1_999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await stopping;
    expect(lines.at(-1)).toMatchObject({ level: 'warn', msg: 'processor stuck did not stop within 2000 ms; continuing the shutdown' });
  });

  it('drained() waits for a stop that passed its bound to end, within its own bound', async () => {
    const lines: Record<string, unknown>[] = [];
    let release: () => void = () => undefined;
    const slow: ServiceProcessor = { name: 'slow', start: async () => undefined, stop: () => new Promise<void>((resolve) => (release = resolve)) };
    const subject = new ServiceProcessors([slow], { logger: logger(lines), stopBoundMs: 1_000 });
    subject.start();
    await subject.started;
    const stopping = subject.stop();
    await jest.advanceTimersByTimeAsync(1_000);
    await stopping;
    let drained: boolean | undefined;
    const draining = subject.drained(5_000).then((d) => (drained = d));
    await jest.advanceTimersByTimeAsync(3_000);
    expect(drained).toBeUndefined();
    release();
    await draining;
    expect(drained).toBe(true);
    // Nothing overdue any more: at once.
    expect(await subject.drained(5_000)).toBe(true);
  });

  it('drained() gives up after its bound on a stop that never ends, and says so', async () => {
    const lines: Record<string, unknown>[] = [];
    const stuck: ServiceProcessor = { name: 'stuck', start: async () => undefined, stop: () => new Promise<void>(() => undefined) };
    const subject = new ServiceProcessors([stuck], { logger: logger(lines), stopBoundMs: 1_000 });
    subject.start();
    await subject.started;
    const stopping = subject.stop();
    await jest.advanceTimersByTimeAsync(1_000);
    await stopping;
    const draining = subject.drained(2_000);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(await draining).toBe(false);
    expect(lines.at(-1)).toMatchObject({ level: 'warn', msg: '1 processor stops still running 2000 ms after the clients closed' });
  });

  it('takes a start that throws instead of rejecting as a failed start', async () => {
    const throwing: ServiceProcessor = {
      name: 'sync',
      start: () => {
        throw new Error('no database handle');
      },
      stop: async () => undefined,
    };
    const subject = new ServiceProcessors([throwing], { logger: logger() });
    subject.start();
    await expect(subject.started).resolves.toBeUndefined();
    expect(await readiness(subject)).toEqual({ 'processor:sync': 'not running: no database handle; retrying every 5000 ms' });
    await subject.stop();
  });

  it('refuses two processors of one name', () => {
    const p: ServiceProcessor = { name: 'relay', start: async () => undefined, stop: async () => undefined };
    expect(() => new ServiceProcessors([p, p], { logger: logger() })).toThrow(/relay is given twice/);
  });
});
