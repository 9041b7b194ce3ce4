import type { Kafka } from 'kafkajs';
import { EventProcessor } from '@plein/shared/messaging';
import { RevocationsNotReadyError } from './errors';
import { RevocationFeed } from './revocation-feed';
import { RevocationList } from './revocation-list';

// The processor's Kafka side is covered by revocation-feed.int.spec.ts; here only the state the
// feed derives from it: a processor that runs but has not applied its backlog.
const processor = { running: false, caughtUp: false, group: 'svc.auth-revocations.x', start: jest.fn(async () => undefined), stop: jest.fn(async () => undefined) };
jest.mock('@plein/shared/messaging', () => ({
  ...jest.requireActual('@plein/shared/messaging'),
  EventProcessor: jest.fn(() => processor),
}));

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() };

describe('RevocationFeed readiness', () => {
  beforeEach(() => {
    processor.running = false;
    processor.caughtUp = false;
    logger.warn.mockClear();
    logger.info.mockClear();
  });

  it('stays closed while the backlog is not applied, however long that takes, and says why (fail closed)', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const feed = new RevocationFeed({ kafka: {} as Kafka, service: 'svc', list: new RevocationList(60_000), logger, catchUpTimeoutMs: 30_000 });
      expect(feed.ready).toBe(false);
      expect(feed.notReadyReason).toMatch(/not started/);

      processor.running = true;
      await feed.start();
      jest.advanceTimersByTime(31_000);
      expect(feed.ready).toBe(false);
      expect(feed.notReadyReason).toMatch(/backlog not applied after 31 s/);
      expect(feed.ready).toBe(false);
      // One log line for the operator when the wait grew too long, not one per request.
      jest.advanceTimersByTime(5_000);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0]![0]).toMatch(/refusing tokens/);

      processor.caughtUp = true;
      expect(feed.ready).toBe(true);
      expect(feed.notReadyReason).toBeUndefined();
      jest.advanceTimersByTime(1_000);
      expect(logger.info).toHaveBeenCalledWith('revocation backlog applied; accepting tokens again', expect.anything());
      processor.caughtUp = false; // once loaded it stays ready
      expect(feed.ready).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('answers readiness as a pure read: asking, however often and late, changes nothing and logs nothing', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const feed = new RevocationFeed({ kafka: {} as Kafka, service: 'svc', list: new RevocationList(60_000), logger, catchUpTimeoutMs: 30_000 });
      processor.running = true;
      await feed.start();
      now += 31_000;
      for (let k = 0; k < 3; k++) expect([feed.ready, feed.notReadyReason]).toEqual([false, 'revocation backlog not applied after 31 s']);
      expect(logger.warn).not.toHaveBeenCalled();
      processor.caughtUp = true;
      expect(feed.ready).toBe(true);
      processor.caughtUp = false;
      // Nothing latched by the read above: readiness follows the processor until the feed itself sees the backlog applied.
      expect(feed.ready).toBe(false);
      expect(logger.info).not.toHaveBeenCalled();
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('is ready at start when there was no backlog to read', async () => {
    processor.running = true;
    processor.caughtUp = true;
    const feed = new RevocationFeed({ kafka: {} as Kafka, service: 'svc', list: new RevocationList(60_000), logger });
    await feed.start();
    processor.caughtUp = false;
    expect(feed.ready).toBe(true);
  });

  it('reads identity’s topics under the installation’s topic prefix (KAFKA_TOPIC_PREFIX), as identity writes them', () => {
    const topicsOf = (topicPrefix?: string) => {
      new RevocationFeed({ kafka: {} as Kafka, service: 'svc', list: new RevocationList(60_000), ...(topicPrefix === undefined ? {} : { topicPrefix }) });
      return (jest.mocked(EventProcessor).mock.calls.at(-1)![0] as { topics: readonly string[] }).topics;
    };
    expect(topicsOf('t1a2b3.')).toEqual(['t1a2b3.identity.user.events.v1', 't1a2b3.identity.session.events.v1']);
    expect(topicsOf()).toEqual(['identity.user.events.v1', 'identity.session.events.v1']);
  });

  it('the 503 a token gets meanwhile names the reason', () => {
    expect(new RevocationsNotReadyError('revocation backlog not applied after 31 s').message).toContain('backlog not applied after 31 s');
  });
});
