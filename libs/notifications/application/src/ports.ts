import type { Notification } from '@plein/notifications/domain';

/**
 * How the delivery channels learn about new and changed inbox items: a pull over the inbox store in
 * write order. Each reader keeps its own checkpoint (the last `seq` it handled) and asks for what
 * came after; the feed never answers past a write still in progress, so a reader that moves its
 * checkpoint to the last item it got skips nothing. The same item can come again with a higher seq
 * when it changed (a grouped item gained an actor): readers deduplicate by (id, actorCount) or by seq.
 */
export interface NotificationFeed {
  /** Items written after `afterSeq`, oldest first, at most `limit` (1..1000). */
  readAfter(afterSeq: number, limit: number): Promise<Notification[]>;
  /** The highest seq readable now (a new reader starting "from now" checkpoints here). */
  head(): Promise<number>;
}
