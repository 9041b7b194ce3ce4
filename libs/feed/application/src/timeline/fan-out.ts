import type { Audience, PostKind } from '@plein/feed/contracts';
import { timelineEntry } from '@plein/feed/domain';
import type { Clock } from '@plein/shared/kernel';
import type { FollowReadModel, GroupReadModel, HomeTimelineStore } from '../ports';

/** Hybrid fan-out settings (docs/feed/domain.md, "Hybrid fan-out"). */
export interface FanOutSettings {
  /** Audiences above this many recipients are merged on read instead of fanned out (default 5,000). */
  readonly threshold: number;
  /** Entries kept per home timeline (default 800). */
  readonly cap: number;
  /** Owners who have not read their timeline for this long get no fan-out; rebuilt lazily (14 days). */
  readonly inactiveAfterMs: number;
}

export const DEFAULT_FAN_OUT: FanOutSettings = { threshold: 5_000, cap: 800, inactiveAfterMs: 14 * 24 * 3600 * 1000 };

export interface FanOutDeps {
  readonly timelines: HomeTimelineStore;
  readonly follows: FollowReadModel;
  readonly groups: GroupReadModel;
  readonly clock: Clock;
  readonly settings: FanOutSettings;
}

export interface PublishedPostFacts {
  readonly postId: string;
  readonly authorId: string;
  readonly audience: Audience;
  readonly kind: PostKind;
}

/** Shared lists merged on read: their key in the large-source register. */
export const sourceKey = {
  author: (authorId: string) => `author:${authorId}`,
  group: (groupId: string) => `group:${groupId}`,
};

/**
 * True for posts that reach a reader only through a shared list: organisation-wide
 * announcements (one list everyone merges on read).
 */
export const isOrganisationAnnouncement = (post: Pick<PublishedPostFacts, 'audience' | 'kind'>): boolean =>
  post.kind === 'announcement' && post.audience.kind === 'organisation';

/**
 * Fan-out on write of one published post: to its author, and to the followers of the author
 * (organisation and followers audiences) or the members and followers of its group (group
 * audience), unless that audience is larger than the threshold; then the source is marked large
 * and readers merge it on read. Organisation-wide announcements and hashtags are always merged
 * on read. Recipients who have not read their timeline for `inactiveAfterMs` are skipped (their
 * timeline is rebuilt when they return). Idempotent: entries have deterministic ids.
 */
export async function fanOutPost(deps: FanOutDeps, post: PublishedPostFacts): Promise<{ recipients: number; large: boolean }> {
  const entry = { ...timelineEntry(post.postId), authorId: post.authorId };
  const audience = new Set<string>([post.authorId]);
  let large = false;
  if (!isOrganisationAnnouncement(post)) {
    // One read of at most threshold + 1 recipients per list both sizes the audience and lists it.
    const limit = deps.settings.threshold + 1;
    if (post.audience.kind === 'group') {
      const groupId = post.audience.groupId;
      const members = await deps.groups.memberIds(groupId, limit);
      const followers = members.length < limit ? await deps.follows.followers({ kind: 'group', groupId }, null, limit) : [];
      large = members.length + followers.length > deps.settings.threshold;
      await deps.timelines.markLarge(sourceKey.group(groupId), large);
      if (!large) {
        for (const m of members) audience.add(m);
        for (const f of followers) audience.add(f);
      }
    } else {
      const target = { kind: 'person' as const, userId: post.authorId };
      const followers = await deps.follows.followers(target, null, limit);
      large = followers.length > deps.settings.threshold;
      await deps.timelines.markLarge(sourceKey.author(post.authorId), large);
      if (!large) for (const f of followers) audience.add(f);
    }
  }
  const since = new Date(deps.clock.now().getTime() - deps.settings.inactiveAfterMs);
  const active = await deps.timelines.activeOwners([...audience], since);
  const recipients = [...active];
  if (recipients.length > 0) await deps.timelines.add(recipients, entry);
  return { recipients: recipients.length, large };
}
