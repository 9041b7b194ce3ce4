import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { JsonLogger } from '@plein/shared/observability';
import { MongodbDependency } from './mongodb.dependency';

/**
 * MongoDB unreachable at boot must not crash the service, and must heal without a restart
 * (mongoose never retries a failed initial connect by itself). A TCP proxy we open late plays
 * the server coming up, so the shared local server is never stopped.
 */
const target = new URL(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017');

function proxy(): { listen(port: number): Promise<void>; close(): Promise<void> } {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 27017), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    listen: (port) => new Promise((r) => server.listen(port, '127.0.0.1', () => r())),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

describe('MongodbDependency', () => {
  it('boots while MongoDB is unreachable and connects once it appears', async () => {
    const port = await freePort();
    const lines: Record<string, unknown>[] = [];
    const logger = new JsonLogger({ service: 'test', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
    const mongo = new MongodbDependency({ uri: `mongodb://127.0.0.1:${port}`, database: 'plein_platform_test' }, logger);
    const late = proxy();
    try {
      await mongo.connect(); // resolves although nothing listens
      await expect(mongo.check()).rejects.toThrow('not connected');
      expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: 'MongoDB unreachable; retrying in the background' })]);

      await late.listen(port);
      const deadline = Date.now() + 20_000;
      let healthy = false;
      while (!healthy && Date.now() < deadline) {
        healthy = await mongo.check().then(
          () => true,
          () => false,
        );
        if (!healthy) await new Promise((r) => setTimeout(r, 250));
      }
      expect(healthy).toBe(true);
      expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'MongoDB connected' });
    } finally {
      await mongo.onApplicationShutdown();
      await late.close();
    }
  }, 30_000);

  it('does not open the connection again once closed (a retry or a late caller after the service stopped)', async () => {
    const logger = new JsonLogger({ service: 'test', write: () => undefined });
    const mongo = new MongodbDependency({ uri: target.href, database: 'plein_platform_test' }, logger);
    await mongo.onApplicationShutdown();
    await mongo.connect();
    expect(mongo.connection.readyState).toBe(0); // disconnected
  }, 30_000);
});
