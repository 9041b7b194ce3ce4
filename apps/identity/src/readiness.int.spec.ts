import { RevocationFeed, REVOCATION_LIST_CHECK } from '@plein/shared/auth';
import type { RunningService } from '@plein/shared/platform';
import { bootstrapIdentity } from './bootstrap';

interface ReadyBody {
  readonly status: string;
  readonly checks: Record<string, { status: string; reason?: string }>;
}

// /ready includes the platform guard's revocation deny-list: 503 naming it until the guard can
// answer, so a load balancer never routes a request the guard would refuse with 503.
describe('identity /ready and the revocation deny-list (in-process, real servers)', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await bootstrapIdentity({ env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'warn' }, handleSignals: false });
  }, 60_000);
  afterAll(async () => {
    const started = Date.now();
    await service?.close();
    // The revocation consumer's stop is bounded (3 s, plus 2 s for removing its group).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('is 503 naming revocation-list until the deny-list is loaded, then 200', async () => {
    const feed = service.app.get(RevocationFeed);
    const samples: { loadedBefore: boolean; loadedAfter: boolean; status: number; body: ReadyBody }[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const loadedBefore = feed.ready;
      const res = await fetch(`${service.url}/ready`);
      const body = (await res.json()) as ReadyBody;
      samples.push({ loadedBefore, loadedAfter: feed.ready, status: res.status, body });
      if (res.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const last = samples[samples.length - 1]!;
    expect(last).toMatchObject({ status: 200, loadedAfter: true, body: { status: 'ready', checks: { [REVOCATION_LIST_CHECK]: { status: 'up' } } } });
    // Never ready while the guard would still answer 503 AUTH.REVOCATIONS_LOADING.
    for (const s of samples) if (!s.loadedAfter) expect(s).toMatchObject({ status: 503, body: { checks: { [REVOCATION_LIST_CHECK]: { status: 'down', reason: expect.stringMatching(/^revocation deny-list not loaded: /) } } } });
    // The deny-list loads in the background after boot: the first answer right after boot shows it loading.
    expect(samples[0]!.loadedBefore).toBe(false);
    expect(samples[0]!.status).toBe(503);
  });
});
