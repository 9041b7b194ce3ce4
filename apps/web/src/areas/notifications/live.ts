import { call, Problem } from '../../api';
import { notificationsPath, type NotificationItem } from './api';

/**
 * The live side of the inbox for the whole tab: ONE EventSource on the notifications stream
 * (through the gateway, same origin, the session cookie travels) shared by the bell and the inbox
 * page. It keeps the unread count, hands every new or changed item to its listeners, reconnects
 * with backoff when the stream ends with an error, re-reads the count after a reconnect, closes
 * while the tab stays hidden long and stops for good when the session is gone (401).
 */
export interface LiveListener {
  /** The unread count changed (or is known for the first time). */
  unread?(count: number): void;
  /** A new or changed item arrived. */
  item?(item: NotificationItem, unread: number): void;
  /** The stream was closed for a while (reconnected fresh, without Last-Event-ID): items may have been missed. */
  resync?(): void;
}

/** The stream's event data, checked: a message the client does not know is left out. */
export type StreamMessage = { readonly kind: 'unread'; readonly unread: number } | { readonly kind: 'notification'; readonly item: NotificationItem; readonly unread: number };

export function parseStreamData(event: string, data: string): StreamMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const unread = v['unread'];
  if (typeof unread !== 'number' || !Number.isInteger(unread) || unread < 0) return null;
  if (event === 'unread') return { kind: 'unread', unread };
  if (event !== 'notification') return null;
  const item = v['item'] as Record<string, unknown> | null | undefined;
  if (!item || typeof item['id'] !== 'string' || typeof item['type'] !== 'string' || typeof item['seq'] !== 'number' || typeof item['target'] !== 'object' || !Array.isArray(item['actorIds'])) return null;
  return { kind: 'notification', item: item as unknown as NotificationItem, unread };
}

/** Wait before reconnect attempt `attempt` (0-based): doubling from 1 s up to 60 s, with half of it random (`random` in [0, 1)). */
export function backoffMs(attempt: number, random: number): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.min(Math.max(attempt, 0), 6));
  return Math.round(base / 2 + (base / 2) * random);
}

/** How long the tab may stay hidden before the stream closes (it reopens, and the count is re-read, when the tab is shown again). */
export const HIDDEN_CLOSE_MS = 5 * 60_000;

class LiveInbox {
  private readonly listeners = new Set<LiveListener>();
  private source: EventSource | null = null;
  private attempt = 0;
  private retryTimer: number | undefined;
  private hiddenTimer: number | undefined;
  private stopped = false;
  private opened = false;
  count: number | null = null;

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    if (this.count !== null) listener.unread?.(this.count);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** A count the client learnt from a write (mark read, read-all): every listener hears it. */
  setUnread(count: number): void {
    if (this.count === count) return;
    this.count = count;
    for (const l of this.listeners) l.unread?.(count);
  }

  private start(): void {
    this.stopped = false;
    document.addEventListener('visibilitychange', this.onVisibility);
    void this.refreshThenOpen(false);
  }

  private stop(): void {
    this.stopped = true;
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.hiddenTimer);
    this.close();
    this.opened = false;
    this.attempt = 0;
  }

  private close(): void {
    this.source?.close();
    this.source = null;
  }

  /** Re-reads the count, then opens the stream; a 401 means signed out: nothing more is tried. */
  private async refreshThenOpen(resync: boolean): Promise<void> {
    try {
      const { unread } = await call<{ unread: number }>('GET', notificationsPath.unreadCount);
      if (this.stopped) return;
      this.setUnread(unread);
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof Problem && error.status === 401) {
        this.stopped = true;
        return;
      }
      // Not reachable now: try again later, the stream as well.
      this.scheduleRetry();
      return;
    }
    if (resync) for (const l of this.listeners) l.resync?.();
    this.open();
  }

  private open(): void {
    if (this.stopped || this.source || document.visibilityState === 'hidden') return;
    const source = new EventSource(notificationsPath.stream, { withCredentials: true });
    this.source = source;
    source.addEventListener('open', () => {
      // A reconnect of the browser's own (network drop, Last-Event-ID sent): reads done meanwhile changed the count.
      if (this.opened) void call<{ unread: number }>('GET', notificationsPath.unreadCount).then(({ unread }) => this.setUnread(unread), () => undefined);
      this.opened = true;
      this.attempt = 0;
    });
    source.addEventListener('unread', (e) => this.onMessage('unread', e));
    source.addEventListener('notification', (e) => this.onMessage('notification', e));
    source.addEventListener('error', () => {
      // CONNECTING: the browser retries by itself (the stream's `retry`). CLOSED: an error answer (503 while starting, 429, 401): ours to retry.
      if (source.readyState !== EventSource.CLOSED || this.source !== source) return;
      this.close();
      this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    window.clearTimeout(this.retryTimer);
    const wait = backoffMs(this.attempt++, Math.random());
    this.retryTimer = window.setTimeout(() => void this.refreshThenOpen(true), wait);
  }

  private onMessage(event: string, e: Event): void {
    const message = parseStreamData(event, String((e as MessageEvent).data));
    if (!message) return;
    if (message.kind === 'unread') {
      this.setUnread(message.unread);
      return;
    }
    this.count = message.unread;
    for (const l of this.listeners) {
      l.unread?.(message.unread);
      l.item?.(message.item, message.unread);
    }
  }

  private readonly onVisibility = (): void => {
    window.clearTimeout(this.hiddenTimer);
    if (document.visibilityState === 'hidden') {
      this.hiddenTimer = window.setTimeout(() => this.close(), HIDDEN_CLOSE_MS);
      return;
    }
    if (!this.source && !this.stopped) {
      window.clearTimeout(this.retryTimer);
      void this.refreshThenOpen(this.opened);
    }
  };
}

/** The tab's one live inbox. */
export const liveInbox = new LiveInbox();
