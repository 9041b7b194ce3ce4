import type { mongo } from 'mongoose';
import { ProjectionHost } from './projection-host';

describe('ProjectionHost', () => {
  afterEach(() => jest.useRealTimers());

  it('schedules no registry polling when stop() arrives while start() is still syncing', async () => {
    jest.useFakeTimers();
    const db = { collection: () => ({}) } as unknown as mongo.Db;
    const host = new ProjectionHost({ db, service: 'svc', kafka: {} as never, contracts: {} as never, projections: [] });
    const starting = host.start();
    await host.stop();
    await starting;
    expect(jest.getTimerCount()).toBe(0);
  });
});
