import { assertMayPost, type PostingRestriction } from '@plein/feed/domain';
import type { Clock } from '@plein/shared/kernel';

/** Moderation's posting restrictions of one author, as the feed projected them from moderation's decision topic. */
export interface PostingRestrictions {
  /** The author's restrictions that may still be in force at `now` (ended ones may be left out). */
  of(authorId: string, now: Date): Promise<readonly PostingRestriction[]>;
}

/**
 * Refuses a new post or comment by an author a moderator restricted (403 FEED.POSTING_RESTRICTED
 * with `restrictedUntil`), on the injected clock. Without a restrictions port nothing is refused.
 */
export async function assertNotRestricted(deps: { readonly restrictions?: PostingRestrictions; readonly clock: Clock }, authorId: string): Promise<void> {
  if (!deps.restrictions) return;
  const now = deps.clock.now();
  assertMayPost(await deps.restrictions.of(authorId, now), now);
}
