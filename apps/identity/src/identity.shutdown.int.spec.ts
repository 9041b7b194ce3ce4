import { expectReleased, KafkaOutage, steadyResources } from '@plein/shared/testing';
import { startHarness } from './testing/identity-harness';

/**
 * A graceful stop releases every handle within a bounded time, also when the broker went away
 * before the stop. The outage is played at `net.connect` (KafkaOutage); the shared broker is never
 * stopped. Identity runs its outbox relay, projections and housekeeping as service processors.
 */
const BOUNDS = { closeWithinMs: 15_000 };

async function readiness(url: string): Promise<number> {
  return (await fetch(`${url}/ready`, { signal: AbortSignal.timeout(4_000) })).status;
}

describe('identity stop', () => {
  let outage: KafkaOutage;
  beforeEach(async () => {
    outage = await KafkaOutage.install();
  });
  afterEach(() => outage.restore());

  it('releases every handle when closed with the broker up', async () => {
    const baseline = await steadyResources();
    const harness = await startHarness({ env: { IDENTITY_KAFKA_PROJECTIONS: 'true' } });
    expect(outage.open).toBeGreaterThan(0);
    await expectReleased(harness.close(), outage, baseline, BOUNDS);
  }, 90_000);

  it('releases every handle within its bound when closed during a broker outage', async () => {
    const baseline = await steadyResources();
    const harness = await startHarness({ env: { IDENTITY_KAFKA_PROJECTIONS: 'true' } });
    outage.cut();
    for (const deadline = Date.now() + 10_000; (await readiness(harness.url)) !== 503; ) {
      if (Date.now() > deadline) throw new Error('the outage was not noticed');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await expectReleased(harness.close(), outage, baseline, BOUNDS);
  }, 90_000);
});
