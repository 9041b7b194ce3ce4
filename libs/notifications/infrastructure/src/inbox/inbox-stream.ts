import { StreamUnavailableError, TooManyStreamsError } from '@plein/notifications/application';
import type { Notification } from '@plein/notifications/domain';
import type { MessagingLogger } from '@plein/shared/messaging';
import { toNotification, VISIBLE, type MongoInbox } from './mongo-inbox';

/** One open stream: what it has sent so far and where new items go. */
export interface StreamSubscriber {
  readonly recipientId: string;
  /** Items with a higher seq are sent; the Last-Event-ID on resume, the current head on a fresh start. */
  lastSeq: number;
  send(item: Notification, unread: number): void;
}

export interface InboxStreamOptions {
  /** How often the replica reads the inbox store for new items. Default 250 ms. */
  readonly pollMs?: number;
  /** Most open streams per person on this replica. Default 5. */
  readonly maxPerPerson?: number;
  readonly logger?: MessagingLogger;
}

const PAGE = 500;
/** Past this many people with open streams, the replica reads every new item instead of a `$in` of them. */
const IN_LIMIT = 500;

/**
 * The real-time side of the inbox on one replica. Each replica tails the shared inbox store by
 * write order (`seq`, read only up to the store's head, so nothing written earlier appears later)
 * on its own: whichever replica a person's stream is on, it sees every item, with no shared
 * consumer group and no coordination between replicas. Subscribing and sending run in one
 * serial loop, so a resuming stream gets its backlog (Last-Event-ID, its own items up to the
 * loop's position) and then the live items, with no gap and no duplicate.
 */
export class InboxStreamHub {
  private readonly subscribers = new Map<string, Set<StreamSubscriber>>();
  private readonly joining: { subscriber: StreamSubscriber; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | null = null;
  private started = false;
  private readonly pollMs: number;
  private readonly maxPerPerson: number;

  constructor(
    private readonly inbox: MongoInbox,
    private readonly options: InboxStreamOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 250;
    this.maxPerPerson = options.maxPerPerson ?? 5;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.cursor = await this.inbox.head();
    this.started = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await this.loop;
    for (const j of this.joining.splice(0)) j.reject(new Error('stream hub stopped'));
  }

  /** Open streams of one person on this replica. */
  count(recipientId: string): number {
    return this.subscribers.get(recipientId)?.size ?? 0;
  }

  /**
   * Registers a stream; resolves once its backlog (items after `lastSeq`) was sent and it receives
   * live items. A fresh stream (lastSeq undefined) starts at the replica's position. Throws
   * TooManyStreamsError past the per-person bound.
   */
  async subscribe(recipientId: string, lastSeq: number | undefined, send: StreamSubscriber['send']): Promise<() => void> {
    if (!this.started) throw new StreamUnavailableError();
    const pendingForPerson = this.joining.filter((j) => j.subscriber.recipientId === recipientId).length;
    if (this.count(recipientId) + pendingForPerson >= this.maxPerPerson) throw new TooManyStreamsError(this.maxPerPerson);
    const subscriber: StreamSubscriber = { recipientId, lastSeq: lastSeq ?? -1, send };
    await new Promise<void>((resolve, reject) => {
      this.joining.push({ subscriber, resolve, reject });
      clearTimeout(this.timer);
      this.schedule(0);
    });
    return () => {
      const set = this.subscribers.get(recipientId);
      set?.delete(subscriber);
      if (set?.size === 0) this.subscribers.delete(recipientId);
    };
  }

  private schedule(delay = this.pollMs): void {
    if (!this.started || this.loop) return;
    this.timer = setTimeout(() => {
      this.loop = this.tick()
        .catch((error: unknown) => this.options.logger?.warn('notification stream poll failed', { reason: String(error) }))
        .finally(() => {
          this.loop = null;
          this.schedule(this.joining.length > 0 ? 0 : this.pollMs);
        });
    }, delay);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    // Joins first, up to the current position: their live part starts right after it.
    for (const join of this.joining.splice(0)) {
      try {
        const s = join.subscriber;
        if (s.lastSeq < 0) s.lastSeq = this.cursor;
        else await this.backlog(s);
        let set = this.subscribers.get(s.recipientId);
        if (!set) this.subscribers.set(s.recipientId, (set = new Set()));
        set.add(s);
        join.resolve();
      } catch (error) {
        join.reject(error);
      }
    }
    const head = await this.inbox.head();
    while (this.cursor < head) {
      const people = [...this.subscribers.keys()];
      const filter = people.length > 0 && people.length <= IN_LIMIT ? { recipientId: { $in: people } } : {};
      const docs = await this.inbox.items.find({ ...filter, seq: { $gt: this.cursor, $lte: head } }).sort({ seq: 1 }).limit(PAGE).toArray();
      const upto = docs.length === PAGE ? docs[docs.length - 1]!.seq : head;
      const byPerson = new Map<string, Notification[]>();
      for (const doc of docs) {
        // Read whole for the position; items moderation hides from their recipient are not sent.
        if (doc.hiddenByPost || doc.hiddenByComment) continue;
        const list = byPerson.get(doc.recipientId) ?? [];
        list.push(toNotification(doc));
        byPerson.set(doc.recipientId, list);
      }
      for (const [recipientId, items] of byPerson) {
        const set = this.subscribers.get(recipientId);
        if (!set || set.size === 0) continue;
        const unread = await this.inbox.unreadCount(recipientId);
        for (const s of set) this.deliver(s, items, unread);
      }
      this.cursor = upto;
    }
  }

  /** The items of one person after its lastSeq and up to the replica's position. */
  private async backlog(s: StreamSubscriber): Promise<void> {
    for (;;) {
      const docs = await this.inbox.items.find({ recipientId: s.recipientId, seq: { $gt: s.lastSeq, $lte: this.cursor }, ...VISIBLE }).sort({ seq: 1 }).limit(PAGE).toArray();
      if (docs.length === 0) return;
      const unread = await this.inbox.unreadCount(s.recipientId);
      this.deliver(s, docs.map(toNotification), unread);
      if (docs.length < PAGE) return;
    }
  }

  private deliver(s: StreamSubscriber, items: readonly Notification[], unread: number): void {
    for (const item of items) {
      if (item.seq <= s.lastSeq) continue;
      s.send(item, unread);
      s.lastSeq = item.seq;
    }
  }
}
