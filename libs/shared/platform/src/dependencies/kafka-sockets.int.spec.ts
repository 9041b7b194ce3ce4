import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { KafkaSockets } from './kafka-sockets';

/**
 * The backstop of a service's graceful stop: connections its Kafka clients left open are ended,
 * and a client that tries to reconnect after the stop (kafkajs does, e.g. a late heartbeat) is
 * refused. Against a plain local TCP server standing in for a broker.
 */
describe('KafkaSockets', () => {
  let server: Server;
  let port: number;
  const accepted: Socket[] = [];

  beforeAll(async () => {
    server = createServer((socket) => void accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  // kafkajs passes no `ssl` for plain connections.
  const dial = (sockets: KafkaSockets) => sockets.factory({ host: '127.0.0.1', port, onConnect: () => undefined } as Parameters<KafkaSockets['factory']>[0]);
  const connected = (socket: Socket) => new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

  it('ends the connections still open after the grace and refuses new ones', async () => {
    const sockets = new KafkaSockets();
    const open = dial(sockets);
    await connected(open);
    const ended = dial(sockets);
    await connected(ended);
    ended.end();
    await closed(ended);
    expect(sockets.size).toBe(1);

    // Destroyed with an error, so the client using it (kafkajs listens for 'end' and 'error', not
    // 'close') learns that its connection is gone and stops its request-timeout interval.
    const error = new Promise<Error>((resolve) => open.once('error', resolve));
    const started = Date.now();
    await sockets.close(300);
    expect(Date.now() - started).toBeLessThan(1_000);
    await closed(open);
    expect((await error).message).toMatch(/stopping/);
    expect(open.destroyed).toBe(true);
    expect(sockets.size).toBe(0);

    const acceptedBefore = accepted.length;
    const late = dial(sockets);
    const refusal = await new Promise<Error>((resolve) => late.once('error', resolve));
    expect(refusal.message).toMatch(/closed/);
    await closed(late);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(accepted.length).toBe(acceptedBefore);
    expect(sockets.size).toBe(0);
  });

  it('closes at once when every connection ended by itself', async () => {
    const sockets = new KafkaSockets();
    const socket = dial(sockets);
    await connected(socket);
    socket.end();
    await closed(socket);
    const started = Date.now();
    await sockets.close(5_000);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
