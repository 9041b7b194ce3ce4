import net, { type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startFeed } from './testing/feed-test-kit';

/**
 * A graceful stop releases every handle within a bounded time, also when the broker went away
 * before the stop (a pod gets its SIGTERM when things are broken as often as when they are not).
 * The broker is never stopped: every connection the process opens to the Kafka port goes through
 * `net.connect`, so the outage is played there, as a stopped broker behaves (open connections
 * reset, new ones refused). The feed hosts every kind of Kafka client a service has: the outbox
 * relay's producer, the projection and moderation processors, the revocation feed and the
 * platform's probe and admin.
 */
const KAFKA_PORT = Number((process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',')[0]!.split(':').at(-1));
const CLOSE_BOUND_MS = 15_000;
/** After close() resolved, what is still in hand must be gone within this (sockets end, timers fire). */
const RELEASE_BOUND_MS = 3_000;

class KafkaOutage {
  down = false;
  attempts = 0;
  private readonly sockets = new Set<Socket>();
  private readonly realConnect = net.connect;
  private readonly spy: jest.SpyInstance;

  constructor(private readonly closedPort: number) {
    this.spy = jest.spyOn(net, 'connect').mockImplementation(((...args: unknown[]) => {
      const [options] = args;
      if (typeof options !== 'object' || Number((options as net.TcpNetConnectOpts).port) !== KAFKA_PORT) return Reflect.apply(this.realConnect, net, args) as Socket;
      this.attempts++;
      if (this.down) args[0] = { ...(options as net.TcpNetConnectOpts), port: this.closedPort };
      const socket = Reflect.apply(this.realConnect, net, args) as Socket;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      return socket;
    }) as typeof net.connect);
  }

  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
  }

  get open(): number {
    return this.sockets.size;
  }

  restore(): void {
    this.spy.mockRestore();
  }
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Active resources (sockets, timers, ...) by type, as process.getActiveResourcesInfo() lists what keeps the process alive. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** The resource types of which more are active now than in `baseline`, with the surplus. */
function surplus(baseline: Record<string, number>): Record<string, number> {
  const now = resources();
  return Object.fromEntries(Object.entries(now).flatMap(([type, n]) => (n > (baseline[type] ?? 0) ? [[type, n - (baseline[type] ?? 0)]] : [])));
}

async function readiness(url: string): Promise<number> {
  return (await fetch(`${url}/ready`, { signal: AbortSignal.timeout(4_000) })).status;
}

describe('feed stop', () => {
  let outage: KafkaOutage;
  beforeEach(async () => {
    outage = new KafkaOutage(await closedPort());
  });
  afterEach(() => outage.restore());

  async function bootReady() {
    const baseline = resources();
    const feed = await startFeed({ LOG_LEVEL: process.env['O_LOG'] ?? 'error' });
    for (const deadline = Date.now() + 30_000; (await readiness(feed.service.url)) !== 200; ) {
      if (Date.now() > deadline) throw new Error('feed not ready');
      await sleep(200);
    }
    return { feed, baseline };
  }

  async function expectReleased(close: Promise<void>, baseline: Record<string, number>): Promise<void> {
    const started = Date.now();
    await close;
    expect(Date.now() - started).toBeLessThan(CLOSE_BOUND_MS);
    await sleep(RELEASE_BOUND_MS);
    expect(outage.open).toBe(0);
    // Nothing keeps connecting to the broker once closed (a retry loop left behind would).
    const attempts = outage.attempts;
    await sleep(2_000);
    expect(outage.attempts - attempts).toBe(0);
    expect(surplus(baseline)).toEqual({});
  }

  it('releases every handle when closed with the broker up', async () => {
    const { feed, baseline } = await bootReady();
    expect(outage.open).toBeGreaterThan(0);
    await expectReleased(feed.close(), baseline);
  }, 90_000);

  it('releases every handle within its bound when closed during a broker outage', async () => {
    const { feed, baseline } = await bootReady();
    outage.cut();
    // Consumers crash and start rejoining, the relay and the probes meet refused connections.
    for (const deadline = Date.now() + 10_000; (await readiness(feed.service.url)) !== 503; ) {
      if (Date.now() > deadline) throw new Error('the outage was not noticed');
      await sleep(200);
    }
    await sleep(3_000);
    await expectReleased(feed.close(), baseline);
  }, 90_000);
});
