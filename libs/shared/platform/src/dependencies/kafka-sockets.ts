import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * The socket factory of a service's Kafka clients (kafkajs' own, plus bookkeeping), and the
 * backstop of its graceful stop. Every client stops itself first (relay, processors, revocation
 * feed, producer, admin); but kafkajs can open a connection after its client was disconnected (a
 * batch still in hand heartbeats and reconnects to the coordinator, a retry reconnects), and
 * nothing would ever close it: the process then never exits. `close()` therefore refuses new
 * connections and ends the ones still open after a short grace.
 */
export class KafkaSockets {
  private readonly open = new Set<Socket>();
  private closed = false;

  readonly factory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    if (this.closed) {
      // kafkajs attaches its listeners after the factory returns: fail on the next tick.
      const refused = new net.Socket();
      process.nextTick(() => refused.destroy(new Error('Kafka client closed: the service is stopping')));
      return refused;
    }
    const socket = ssl
      ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    return socket;
  };

  /** Connections not closed yet. */
  get size(): number {
    return this.open.size;
  }

  /** Refuses new connections, waits up to `graceMs` for the open ones to end, then destroys the rest. */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    for (const deadline = Date.now() + graceMs; this.open.size > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    // With an error: kafkajs listens for 'end' and 'error' only. A socket destroyed silently stays
    // "connected" for kafkajs, whose request-timeout interval (100 ms) then keeps the process alive.
    for (const socket of this.open) socket.destroy(new Error('Kafka client closed: the service is stopping'));
    this.open.clear();
  }
}
