import { onceUntilFailure, openFirst } from './open-first';

describe('onceUntilFailure', () => {
  it('runs the step once for concurrent and later callers, and again after a failure', async () => {
    const outcomes: ('fail' | 'ok')[] = ['fail', 'ok'];
    let runs = 0;
    const open = onceUntilFailure(async () => {
      runs += 1;
      if (outcomes.shift() === 'fail') throw new Error('broker not ready');
    });
    const first = await Promise.allSettled([open(), open()]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(runs).toBe(1);
    await Promise.all([open(), open()]);
    await open();
    expect(runs).toBe(2);
  });
});

describe('openFirst', () => {
  it('starts each processor only after open resolved, keeps stop and readiness, and fails the start when open fails', async () => {
    const log: string[] = [];
    let openFails = true;
    const open = onceUntilFailure(async () => {
      log.push('open');
      if (openFails) throw new Error('no topics yet');
    });
    const [relay, consumer] = openFirst(open, [
      { name: 'relay', start: async () => void log.push('relay started'), stop: async () => void log.push('relay stopped') },
      { name: 'consumer', start: async () => void log.push('consumer started'), stop: async () => undefined, notReadyReason: () => 'group not joined' },
    ]);
    await expect(relay!.start()).rejects.toThrow('no topics yet');
    expect(log).toEqual(['open']);
    openFails = false;
    await relay!.start();
    await consumer!.start();
    await relay!.stop();
    expect(log).toEqual(['open', 'open', 'relay started', 'consumer started', 'relay stopped']);
    expect([relay!.name, relay!.notReadyReason, consumer!.name, consumer!.notReadyReason?.()]).toEqual(['relay', undefined, 'consumer', 'group not joined']);
  });

  it('does not start a processor stopped while open ran (nothing would stop that late start), and starts it on a later start', async () => {
    const log: string[] = [];
    let finishOpen: () => void = () => undefined;
    const open = onceUntilFailure(() => new Promise<void>((resolve) => (finishOpen = resolve)));
    const [consumer] = openFirst(open, [{ name: 'consumer', start: async () => void log.push('consumer started'), stop: async () => void log.push('consumer stopped') }]);
    const starting = consumer!.start();
    await consumer!.stop();
    finishOpen();
    await expect(starting).rejects.toThrow('processor consumer was stopped while its start-up step ran');
    expect(log).toEqual(['consumer stopped']);
    await consumer!.start();
    expect(log).toEqual(['consumer stopped', 'consumer started']);
  });
});
