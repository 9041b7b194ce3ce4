import net, { type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ISocketFactory } from 'kafkajs';

/**
 * Checks that a service's graceful stop releases every handle within a bounded time, also after
 * a broker outage, in int tests that host the service in-process. The shared broker is never
 * stopped: every connection the process opens to the Kafka port goes through `net.connect`
 * (kafkajs' default socket factory), so `KafkaOutage` plays the outage there, as a stopped
 * broker behaves: open connections are reset and new ones refused.
 */
export class KafkaOutage {
  down = false;
  /** Connections opened (or tried) to the Kafka port since the outage was installed. */
  attempts = 0;
  private readonly sockets = new Set<Socket>();
  private readonly realConnect = net.connect;
  private readonly spy: jest.SpyInstance;

  private constructor(
    private readonly kafkaPort: number,
    private readonly closedPort: number,
  ) {
    this.spy = jest.spyOn(net, 'connect').mockImplementation(((...args: unknown[]) => {
      const [options] = args;
      if (typeof options !== 'object' || options === null || Number((options as net.TcpNetConnectOpts).port) !== this.kafkaPort) return Reflect.apply(this.realConnect, net, args) as Socket;
      this.attempts++;
      if (this.down) args[0] = { ...(options as net.TcpNetConnectOpts), port: this.closedPort };
      const socket = Reflect.apply(this.realConnect, net, args) as Socket;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      return socket;
    }) as typeof net.connect);
  }

  /** Watches connections to the first broker of KAFKA_BROKERS (default 127.0.0.1:9092). */
  static async install(brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'): Promise<KafkaOutage> {
    const port = Number(brokers.split(',')[0]!.split(':').at(-1));
    return new KafkaOutage(port, await closedPort());
  }

  /** The broker goes away: open connections are reset, new ones refused. */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
  }

  /** Connections to the Kafka port not closed yet. */
  get open(): number {
    return this.sockets.size;
  }

  restore(): void {
    this.spy.mockRestore();
  }
}

/**
 * The same outage for one Kafka client instead of the whole process: pass `socketFactory` to
 * `new Kafka({ socketFactory })`. Every connection it opens is counted; while `down`, new ones go
 * to a port nothing listens on. Create it with `SocketOutage.create()`.
 */
export class SocketOutage {
  down = false;
  /** Connections opened (or tried) through `socketFactory`. */
  attempts = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly closedPort: number,
    private readonly keepAliveMs: number | undefined,
  ) {}

  /** `keepAliveMs` turns TCP keep-alive on for every socket opened, with that initial delay. */
  static async create(options: { keepAliveMs?: number } = {}): Promise<SocketOutage> {
    return new SocketOutage(await closedPort(), options.keepAliveMs);
  }

  readonly socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    this.attempts++;
    const socket = this.down ? net.connect({ host: '127.0.0.1', port: this.closedPort }) : net.connect({ host, port }, onConnect);
    if (this.keepAliveMs !== undefined) socket.setKeepAlive(true, this.keepAliveMs);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  };

  /** The broker goes away: open connections are reset (requests in flight fail at once), new ones refused. */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
  }

  /** Connections opened through `socketFactory` not closed yet. */
  get open(): number {
    return this.sockets.size;
  }
}

/** Active resources by type (sockets, timers, ...): what keeps the process alive, at this instant. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

export interface SteadyResourcesOptions {
  /** Samples taken (default 6). */
  readonly samples?: number;
  /** Pause between two samples (default 250 ms: 6 samples span 1.25 s). */
  readonly everyMs?: number;
  /** One sample; default `activeResources`. */
  readonly read?: () => Record<string, number>;
}

/**
 * Active resources by type that are there in every one of several samples (the fewest seen).
 * Int tests run in band, so the test runner shares the process: Jest's status reporter holds a
 * 100 ms Timeout once a second, and a single `activeResources()` snapshot counts it about one
 * time in ten (as a surplus after a stop, or in the baseline, where it would hide a leak). What a
 * stop leaves behind (a socket, an interval, a retry loop re-arming its timer) is in every sample.
 * Use it for the baseline and for the check (`expectReleased` does).
 */
export async function steadyResources(options: SteadyResourcesOptions = {}): Promise<Record<string, number>> {
  const read = options.read ?? activeResources;
  const samples = Math.max(1, options.samples ?? 6);
  let fewest = read();
  for (let i = 1; i < samples; i++) {
    await sleep(options.everyMs ?? 250);
    const sample = read();
    fewest = Object.fromEntries(Object.entries(fewest).flatMap(([type, n]) => ((sample[type] ?? 0) > 0 ? [[type, Math.min(n, sample[type]!)]] : [])));
  }
  return fewest;
}

/** What `now` has more of than `baseline`, by type. */
export function surplusOver(baseline: Record<string, number>, now: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(now).flatMap(([type, n]) => (n > (baseline[type] ?? 0) ? [[type, n - (baseline[type] ?? 0)]] : [])));
}

export interface GracefulStopBounds {
  /** close() must resolve within this. */
  readonly closeWithinMs: number;
  /** After close(), what is still in hand must be gone within this (sockets end, timers fire). Default 3 s. */
  readonly releaseWithinMs?: number;
}

/**
 * Awaits `close`, then checks: it resolved within its bound; after `releaseWithinMs` no
 * connection to Kafka is open, none is attempted for 2 s more (a retry loop left behind would),
 * and no more resources stay active than in `baseline` (`steadyResources()` taken before the
 * service started; the check samples the same way).
 */
export async function expectReleased(close: Promise<void>, outage: KafkaOutage, baseline: Record<string, number>, bounds: GracefulStopBounds): Promise<void> {
  const started = Date.now();
  await close;
  expect(Date.now() - started).toBeLessThan(bounds.closeWithinMs);
  await sleep(bounds.releaseWithinMs ?? 3_000);
  expect(outage.open).toBe(0);
  const attempts = outage.attempts;
  await sleep(2_000);
  expect(outage.attempts - attempts).toBe(0);
  expect(surplusOver(baseline, await steadyResources())).toEqual({});
}

/** A port nothing listens on (bound once, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
