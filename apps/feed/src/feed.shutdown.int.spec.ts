import { expectReleased, KafkaOutage, steadyResources } from '@plein/shared/testing';
import { startFeed } from './testing/feed-test-kit';

/**
 * A graceful stop releases every handle within a bounded time, also when the broker went away
 * before the stop (a pod gets its SIGTERM when things are broken as often as when they are not).
 * The outage is played at `net.connect` (KafkaOutage); the shared broker is never stopped. The
 * feed hosts every kind of Kafka client a service has: the outbox relay's producer, the
 * projection and moderation processors, the revocation feed and the platform's probe and admin.
 */
const BOUNDS = { closeWithinMs: 15_000 };

async function readiness(url: string): Promise<number> {
  return (await fetch(`${url}/ready`, { signal: AbortSignal.timeout(4_000) })).status;
}

async function until(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); ) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('feed stop', () => {
  let outage: KafkaOutage;
  beforeEach(async () => {
    outage = await KafkaOutage.install();
  });
  afterEach(() => outage.restore());

  async function bootReady() {
    const baseline = await steadyResources();
    const feed = await startFeed({ LOG_LEVEL: 'error' });
    await until('ready', async () => (await readiness(feed.service.url)) === 200, 30_000);
    return { feed, baseline };
  }

  it('releases every handle when closed with the broker up', async () => {
    const { feed, baseline } = await bootReady();
    expect(outage.open).toBeGreaterThan(0);
    await expectReleased(feed.close(), outage, baseline, BOUNDS);
  }, 90_000);

  it('releases every handle within its bound when closed during a broker outage', async () => {
    const { feed, baseline } = await bootReady();
    outage.cut();
    // Consumers crash and start rejoining, the relay and the probes meet refused connections.
    await until('the outage noticed', async () => (await readiness(feed.service.url)) === 503, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await expectReleased(feed.close(), outage, baseline, BOUNDS);
  }, 90_000);
});
