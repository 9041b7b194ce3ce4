import { ForbiddenError, type ProblemExtras } from '@plein/shared/kernel';

export const POSTING_RESTRICTED = 'FEED.POSTING_RESTRICTED';

/**
 * A moderator restricted the author from posting until `restrictedUntil` (moderation's `restrict`
 * decision). 403 with the end of the restriction; it names no reporter and no moderator.
 */
export class PostingRestrictedError extends ForbiddenError {
  override readonly problem: ProblemExtras;
  constructor(readonly restrictedUntil: string) {
    super(POSTING_RESTRICTED, `A moderation decision restricts you from posting and commenting until ${restrictedUntil}`);
    this.problem = { title: 'Posting is restricted', members: { restrictedUntil } };
  }
}

/** One restriction as the feed knows it: its end, and whether an appeal overturned it. */
export interface PostingRestriction {
  readonly until: string;
  readonly lifted: boolean;
}

/** The latest end among the restrictions still in force at `now`, or null when the author may post. */
export function restrictedUntil(restrictions: readonly PostingRestriction[], now: Date): string | null {
  let latest: number | null = null;
  for (const r of restrictions) {
    const until = Date.parse(r.until);
    if (r.lifted || !(until > now.getTime())) continue;
    if (latest === null || until > latest) latest = until;
  }
  return latest === null ? null : new Date(latest).toISOString();
}

/** Refuses a post or comment while a restriction is in force. */
export function assertMayPost(restrictions: readonly PostingRestriction[], now: Date): void {
  const until = restrictedUntil(restrictions, now);
  if (until !== null) throw new PostingRestrictedError(until);
}
