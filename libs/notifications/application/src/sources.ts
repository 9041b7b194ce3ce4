import type { GroupPostsSetting, NotificationTarget, NotificationType, Urgency } from '@plein/notifications/domain';
import type { InboxStore, NewNotification } from './inbox';

/** Who may see a piece of content, as the feed's events carry it. */
export type ContentAudience = { kind: 'organisation' } | { kind: 'followers' } | { kind: 'group'; groupId: string };
export type GroupVisibility = 'open' | 'closed' | 'secret';

/** People as identity tells about them: only active people are ever notified. */
export interface PeopleDirectory {
  /** The ids among `ids` of people known and active. */
  activeAmong(ids: readonly string[]): Promise<Set<string>>;
  /** Every active person, in chunks (organisation-wide announcements). */
  allActive(chunk: number): AsyncIterable<string[]>;
  managerOf(userId: string): Promise<string | null>;
}

/** Groups and memberships as the feed's member and group events tell. */
export interface MembershipDirectory {
  /** Null when the group is unknown (treated as closed: members only). */
  visibility(groupId: string): Promise<GroupVisibility | null>;
  /** The ids among `ids` who are members. */
  membersAmong(groupId: string, ids: readonly string[]): Promise<Set<string>>;
  /** Every member, in chunks. */
  members(groupId: string, chunk: number): AsyncIterable<string[]>;
  /** Owners and moderators. */
  managers(groupId: string): Promise<string[]>;
}

export interface PostInfo {
  readonly postId: string;
  readonly authorId: string;
  readonly audience: ContentAudience;
  readonly kind: string;
  readonly title?: string;
}
export interface CommentInfo {
  readonly commentId: string;
  readonly postId: string;
  readonly authorId: string;
}

/** Posts and comments the service has seen (their authors and audiences). */
export interface ContentDirectory {
  post(postId: string): Promise<PostInfo | null>;
  comment(commentId: string): Promise<CommentInfo | null>;
}

/** The per-group setting for new posts ('highlights' when a person chose nothing). */
export interface GroupPostSettings {
  settingsFor(groupId: string, userIds: readonly string[]): Promise<Map<string, GroupPostsSetting>>;
}

/** The in-app side of the preferences: who does not want an item in their inbox (type switched off in-app, post or group muted). */
export interface InAppFilter {
  excluded(recipientIds: readonly string[], type: NotificationType, target: NotificationTarget): Promise<Set<string>>;
}

/** Who follows whom (person follows, as the feed's follow events tell): followers-only content is seen by its author and their current followers. */
export interface FollowersDirectory {
  /** The ids among `ids` of people who follow `userId` now. */
  followersAmong(userId: string, ids: readonly string[]): Promise<Set<string>>;
}

export interface SourceDeps {
  readonly inbox: InboxStore;
  readonly inApp?: InAppFilter;
  /** Without it, followers-only content reaches only its author. */
  readonly followers?: FollowersDirectory;
  readonly people: PeopleDirectory;
  readonly memberships: MembershipDirectory;
  readonly content: ContentDirectory;
}

/** What a source wants to tell, before the never rules. */
export interface Candidate {
  readonly recipientIds: readonly string[];
  readonly type: NotificationType;
  readonly target: NotificationTarget;
  readonly actorId: string | null;
  readonly urgency?: Urgency;
  readonly excerpt?: string;
  readonly dueAt?: string;
  /** The content's audience; null for notifications about the recipient's own things that need no check (moderation outcomes). */
  readonly audience: ContentAudience | null;
  /** The author of the content: sees it whatever its audience (followers-only). */
  readonly ownerId?: string;
  readonly sourceEventId: string;
  readonly occurredAt: string;
}

const CHUNK = 1000;

/** True when content with this audience is not open to everyone in the organisation. */
export async function isConfidential(memberships: MembershipDirectory, audience: ContentAudience | null): Promise<boolean> {
  if (audience === null) return true;
  if (audience.kind === 'organisation') return false;
  if (audience.kind === 'followers') return true;
  return (await memberships.visibility(audience.groupId)) !== 'open';
}

/**
 * The never rules, applied to every candidate: nobody hears about their own action, nobody deactivated
 * (or unknown) hears anything, and nobody hears about content they cannot see: organisation content
 * reaches everyone, open-group content everyone, closed or secret (or unknown) group content only its
 * members, followers-only content only its author (`ownerId`) and the author's current followers.
 */
export async function recipientsOf(deps: Pick<SourceDeps, 'people' | 'memberships' | 'followers'>, candidate: Candidate): Promise<string[]> {
  let ids = [...new Set(candidate.recipientIds)].filter((id) => id !== candidate.actorId);
  if (ids.length === 0) return [];
  const audience = candidate.audience;
  if (audience?.kind === 'followers') {
    const followers = candidate.ownerId && deps.followers ? await deps.followers.followersAmong(candidate.ownerId, ids) : new Set<string>();
    ids = ids.filter((id) => id === candidate.ownerId || followers.has(id));
  } else if (audience?.kind === 'group' && (await deps.memberships.visibility(audience.groupId)) !== 'open') {
    const members = await deps.memberships.membersAmong(audience.groupId, ids);
    ids = ids.filter((id) => members.has(id) || id === candidate.ownerId);
  }
  const active = await deps.people.activeAmong(ids);
  return ids.filter((id) => active.has(id));
}

/** Applies the never rules and writes what is left to the inbox (in chunks). Answers how many items were new. */
export async function notify(deps: Pick<SourceDeps, 'inbox' | 'people' | 'memberships' | 'inApp' | 'followers'>, candidate: Candidate): Promise<number> {
  let written = 0;
  const confidential = await isConfidential(deps.memberships, candidate.audience);
  for (let i = 0; i < candidate.recipientIds.length; i += CHUNK) {
    let recipients = await recipientsOf(deps, { ...candidate, recipientIds: candidate.recipientIds.slice(i, i + CHUNK) });
    if (deps.inApp && recipients.length > 0) {
      const excluded = await deps.inApp.excluded(recipients, candidate.type, candidate.target);
      recipients = recipients.filter((id) => !excluded.has(id));
    }
    written += await deps.inbox.add(recipients.map((recipientId) => toNew(candidate, recipientId, confidential)));
  }
  return written;
}

function toNew(candidate: Candidate, recipientId: string, confidential: boolean): NewNotification {
  return {
    recipientId,
    type: candidate.type,
    target: candidate.target,
    actorId: candidate.actorId,
    urgency: candidate.urgency ?? 'normal',
    confidential,
    ...(candidate.excerpt ? { excerpt: candidate.excerpt.slice(0, 280) } : {}),
    ...(candidate.dueAt ? { dueAt: candidate.dueAt } : {}),
    occurredAt: candidate.occurredAt,
    sourceEventId: candidate.sourceEventId,
  };
}

/** Chunks of a large fan-out written at once: each waits on about ten round trips to the database. */
const CHUNKS_AT_ONCE = 4;

/**
 * Fans a candidate out over a stream of recipient chunks (every member, every active person), up to
 * CHUNKS_AT_ONCE chunks at a time (a 10,000-member announcement is ten chunks: one after another
 * they kept the handler past its timeout on a loaded database). Every chunk is done when it answers.
 */
export async function notifyAll(deps: Pick<SourceDeps, 'inbox' | 'people' | 'memberships' | 'inApp' | 'followers'>, candidate: Omit<Candidate, 'recipientIds'>, recipients: AsyncIterable<string[]>): Promise<number> {
  let written = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  for await (const chunk of recipients) {
    if (failure) break;
    const work: Promise<void> = notify(deps, { ...candidate, recipientIds: chunk }).then(
      (n) => void (written += n),
      (error: unknown) => void (failure ??= { error }),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    if (inFlight.size >= CHUNKS_AT_ONCE) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw (failure as { error: unknown }).error;
  return written;
}

export const FAN_OUT_CHUNK = CHUNK;
