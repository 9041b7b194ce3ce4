import type { ManagementLevel, UserRole } from '@plein/identity/contracts';
import type {
  Audience,
  CallToAction,
  FollowTarget,
  GroupVisibility,
  IdeaStatus,
  MemberRole,
  PostContent,
  PostKind,
  ReactionKind,
  Remover,
  ScopedAudience,
  AgendaDetails,
  RsvpAnswer,
} from '@plein/feed/contracts';
import type { TimelineEntry } from '@plein/feed/domain';

/**
 * Ports of the feed's application layer. Read models are projections of the events (rebuildable,
 * eventually consistent); adapters live in @plein/feed/infrastructure. Views are plain data.
 */

export interface UserView {
  readonly userId: string;
  readonly active: boolean;
  readonly roles: readonly UserRole[];
  readonly managementLevel?: ManagementLevel;
  readonly userName?: string;
  readonly displayName?: string;
}

export interface PostView {
  readonly postId: string;
  readonly authorId: string;
  readonly audience: Audience;
  readonly kind: PostKind;
  readonly content: PostContent;
  readonly callToAction: CallToAction;
  readonly callToActionClosed: boolean;
  readonly jamId?: string;
  readonly moderation: 'visible' | 'hidden';
  /** Set once the post is gone (author, administrator, or moderation = removed). */
  readonly deletedBy?: Remover;
  readonly edits: number;
  readonly acknowledgementRound: number;
  readonly acceptedAnswer: { readonly commentId: string; readonly answererId: string } | null;
  readonly ideaStatus: IdeaStatus | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CommentView {
  readonly commentId: string;
  readonly postId: string;
  readonly authorId: string;
  readonly parentCommentId: string | null;
  readonly audience: Audience;
  readonly body: string;
  readonly mentions: readonly string[];
  readonly moderation: 'visible' | 'hidden';
  readonly deletedBy?: Remover;
  readonly createdAt: string;
  readonly editedAt?: string;
}

export interface GroupView {
  readonly groupId: string;
  readonly name: string;
  readonly description?: string;
  readonly visibility: GroupVisibility;
  readonly ownerId: string;
  readonly createdAt: string;
}

export type MembershipStatus = 'none' | 'requested' | 'invited' | 'member';
export interface MembershipView {
  readonly groupId: string;
  readonly userId: string;
  readonly status: MembershipStatus;
  readonly role?: MemberRole;
  readonly since?: string;
  readonly message?: string;
}

export interface ResponseView {
  readonly postId: string;
  readonly userId: string;
  readonly acknowledgedRound: number;
  readonly acknowledgedAt?: string;
  readonly registered: boolean;
  readonly registeredAt?: string;
  readonly vote: readonly string[];
}

export interface Page<T> {
  readonly items: T[];
  readonly next: string | null;
}

export interface UserReadModel {
  user(userId: string): Promise<UserView | null>;
  /** Active users by lower-cased user name or by id (mention lookups); inactive ones are left out. */
  resolveHandles(handles: readonly string[], ids: readonly string[]): Promise<Map<string, string>>;
  /** Active users, by id ascending after `after` (acknowledgement lists of organisation-wide posts). */
  activeUsers(after: string | null, limit: number): Promise<string[]>;
  countActiveUsers(): Promise<number>;
}

export interface PostReadModel {
  post(postId: string): Promise<PostView | null>;
  posts(postIds: readonly string[]): Promise<Map<string, PostView>>;
  commentCounts(postIds: readonly string[]): Promise<Map<string, number>>;
  reactionCounts(targetIds: readonly string[]): Promise<Map<string, Partial<Record<ReactionKind, number>>>>;
  userReactions(userId: string, targetIds: readonly string[]): Promise<Map<string, ReactionKind>>;
  reactionsOf(targetId: string, after: string | null, limit: number): Promise<{ userId: string; kind: ReactionKind }[]>;
}

/** Which hidden comments a reader sees besides the visible ones. */
export type HiddenComments = { readonly kind: 'all' } | { readonly kind: 'own'; readonly authorId: string };

export interface CommentReadModel {
  comment(commentId: string): Promise<CommentView | null>;
  /**
   * Comments of a post the reader may see, oldest first (uuidv7 order), after a comment id:
   * visible ones, and hidden ones as `hidden` says (all: moderators and group staff; own: their
   * author's). Deleted and removed ones never. Filtered in the query, so a page is never padded
   * with, nor its cursor taken from, what the reader may not see.
   */
  commentsOf(postId: string, after: string | null, limit: number, hidden: HiddenComments): Promise<CommentView[]>;
}

/** A sign-up's place in registration order. */
export interface SignUpPosition {
  readonly userId: string;
  readonly registeredAt: string;
}

/** A post whose call to action has counters: its kind, current acknowledgement round and poll options. */
export interface ProgressQuery {
  readonly postId: string;
  readonly kind: 'sign-up' | 'acknowledge' | 'vote';
  readonly round: number;
  readonly optionIds: readonly string[];
}
/** One post's counters (those of its call to action's kind; the others are 0). */
export interface ProgressCounts {
  readonly registered: number;
  /** Acknowledged the query's round (or a later one). */
  readonly acknowledged: number;
  readonly voters: number;
  /** Votes per option of the query's options. */
  readonly options: Readonly<Record<string, number>>;
}

export interface ResponseReadModel {
  /** The person's responses to these posts (absent: none), one batched query for a page. */
  responsesOf(userId: string, postIds: readonly string[]): Promise<Map<string, ResponseView>>;
  /** Counters of a page of posts, counted by the server in a fixed number of queries whatever the page size. */
  progressCounts(posts: readonly ProgressQuery[]): Promise<Map<string, ProgressCounts>>;
  /** Registered people in sign-up order (event time, then user id), strictly after `after`, at most `limit`. */
  registrations(postId: string, after: SignUpPosition | null, limit: number): Promise<SignUpPosition[]>;
  /** How many signed up up to and including this position (a page's offset in the sign-up list). */
  registeredBefore(postId: string, position: SignUpPosition): Promise<number>;
  /** Of these users, the ones who acknowledged this round. */
  acknowledgedAmong(postId: string, round: number, userIds: readonly string[]): Promise<Map<string, string>>;
}

export interface GroupReadModel {
  group(groupId: string): Promise<GroupView | null>;
  groups(groupIds: readonly string[]): Promise<Map<string, GroupView>>;
  membership(groupId: string, userId: string): Promise<MembershipView | null>;
  /** The person's groups where they are a member, with their role. */
  membershipsOf(userId: string): Promise<Map<string, MemberRole>>;
  members(groupId: string, after: string | null, limit: number, status?: MembershipStatus): Promise<MembershipView[]>;
  countMembers(groupId: string, role?: MemberRole): Promise<number>;
  /** Members of each of these groups, counted by the server in one query (groups without members are absent). */
  memberCounts(groupIds: readonly string[]): Promise<Map<string, number>>;
  /** Members' user ids, ascending, at most `limit` (fan-out; an index-only read on MongoDB). */
  memberIds(groupId: string, limit: number): Promise<string[]>;
  /** Active groups that are open or closed, or among `memberOf` (secret ones the reader belongs to), by id; filtered in the query. */
  listGroups(after: string | null, limit: number, memberOf: readonly string[]): Promise<GroupView[]>;
}

/** A follow's target as one sortable key: `person:<userId>`, `group:<groupId>`, `hashtag:<tag>` (follow list cursors). */
export const followTargetKey = (t: FollowTarget): string => `${t.kind}:${t.kind === 'person' ? t.userId : t.kind === 'group' ? t.groupId : t.tag}`;

export interface FollowReadModel {
  /** People the user follows (person targets). */
  followedPeople(userId: string): Promise<Set<string>>;
  /** What the user follows, by target key (`person:<id>`, `group:<id>`, `hashtag:<tag>`) ascending after `after`, at most `limit`. */
  follows(userId: string, after: string | null, limit: number): Promise<FollowTarget[]>;
  isFollowing(followerId: string, target: FollowTarget): Promise<boolean>;
  followers(target: FollowTarget, after: string | null, limit: number): Promise<string[]>;
  countFollowers(target: FollowTarget): Promise<number>;
  /** Followers of each of these people, counted by the server in one query (people without followers are absent). */
  followerCounts(userIds: readonly string[]): Promise<Map<string, number>>;
}

/** The fan-out-on-write home timelines (`<ownerId>:<postId>` entries, capped per owner). */
export interface HomeTimelineStore {
  add(ownerIds: readonly string[], entry: TimelineEntry & { readonly authorId: string }): Promise<void>;
  addMany(ownerId: string, entries: readonly TimelineEntry[]): Promise<void>;
  /** Newest first, strictly older than `before` (a post id), at most `limit`. */
  read(ownerId: string, before: string | null, limit: number): Promise<TimelineEntry[]>;
  removePost(postId: string): Promise<void>;
  trim(ownerId: string, cap: number): Promise<void>;
  /** Owner activity: when they last read their timeline, and whether it was built. */
  owner(ownerId: string): Promise<{ lastReadAt: Date | null; builtAt: Date | null } | null>;
  touch(ownerId: string, at: Date, built: boolean): Promise<void>;
  /** Of these users, the ones that read their timeline since `since` (fan-out skips the others). */
  activeOwners(ownerIds: readonly string[], since: Date): Promise<Set<string>>;
  /** Register of audiences too large to fan out (`group:<id>`, `author:<id>`): merged on read. */
  markLarge(sourceKey: string, large: boolean): Promise<void>;
  largeSources(sourceKeys: readonly string[]): Promise<Set<string>>;
}

/** Shared newest-first lists merged on read (also the sources of a lazy rebuild). */
export type TimelineSource =
  | { readonly kind: 'announcements' }
  | { readonly kind: 'group'; readonly groupId: string }
  /** Posts by the author to the organisation or their followers; with `includeGroups` also group posts (own timeline). */
  | { readonly kind: 'author'; readonly authorId: string; readonly includeGroups?: boolean }
  | { readonly kind: 'hashtag'; readonly tag: string }
  /** Every organisation-wide post (explore: what colleagues you do not follow share with everyone). */
  | { readonly kind: 'organisation' }
  /** The same lists for several groups, authors or hashtags in one query (a home timeline's shared sources). */
  | { readonly kind: 'groups'; readonly groupIds: readonly string[] }
  | { readonly kind: 'authors'; readonly authorIds: readonly string[] }
  | { readonly kind: 'hashtags'; readonly tags: readonly string[] };

export interface TimelineSources {
  read(source: TimelineSource, before: string | null, limit: number): Promise<TimelineEntry[]>;
}

/** Maps (actor, Idempotency-Key) of a create to the id chosen the first time. */
export interface IdempotencyKeys {
  resolve(scope: string, actorId: string, key: string, proposed: string): Promise<string>;
}

/** Applies freshly appended events to the read models at once: the command path's port (libs/shared/event-sourcing). */
export type { ReadYourWrites } from '@plein/shared/event-sourcing';

export interface IdeaJamView {
  readonly jamId: string;
  readonly managerId: string;
  readonly audience: ScopedAudience;
  readonly title: string;
  readonly question: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly votesPerPerson: number;
  readonly status: 'scheduled' | 'cancelled';
  readonly closed: boolean;
  readonly outcomes?: { readonly summary: string; readonly selectedIdeaIds: readonly string[] };
}

export interface AgendaItemView {
  readonly agendaItemId: string;
  readonly organiserId: string;
  readonly audience: ScopedAudience;
  readonly details: AgendaDetails;
  readonly status: 'scheduled' | 'cancelled';
}

export interface JamReadModel {
  jam(jamId: string): Promise<IdeaJamView | null>;
  ideasOf(jamId: string): Promise<PostView[]>;
  tallies(jamId: string): Promise<Map<string, number>>;
  ballot(jamId: string, userId: string): Promise<string[]>;
  /**
   * Scheduled (not cancelled) jams the viewer may see, newest first (by id: ids are time-ordered),
   * before `after` when given. Visibility is in the query as for agenda items: organisation-wide
   * jams, jams of the groups in `memberOf`, and jams of open groups.
   */
  list(after: string | null, limit: number, memberOf: readonly string[]): Promise<IdeaJamView[]>;
}

/** Where a page of upcoming items continues: after this item, in (start, id) order. */
export interface AgendaCursor {
  readonly agendaItemId: string;
  /** Null for a static item (no start). */
  readonly startsAt: string | null;
}

export interface AgendaReadModel {
  item(agendaItemId: string): Promise<AgendaItemView | null>;
  /**
   * Scheduled items not over at `from` that the viewer may see, soonest first (static items, which
   * have no start, before events), then by id; after `after` when given. Visibility is in the
   * query: organisation-wide items, items of the groups in `memberOf`, and items of open groups.
   */
  upcoming(from: string, after: AgendaCursor | null, limit: number, memberOf: readonly string[]): Promise<AgendaItemView[]>;
  rsvpCounts(agendaItemId: string): Promise<Record<RsvpAnswer, number>>;
  /** Up to `limit` people answering yes (to open an event's roster with the places already held). */
  yesAnswers(agendaItemId: string, limit: number): Promise<string[]>;
  rsvp(agendaItemId: string, userId: string): Promise<RsvpAnswer | null>;
}

export interface FeedReadModels {
  readonly users: UserReadModel;
  readonly posts: PostReadModel;
  readonly comments: CommentReadModel;
  readonly responses: ResponseReadModel;
  readonly groups: GroupReadModel;
  readonly follows: FollowReadModel;
  readonly jams: JamReadModel;
  readonly agenda: AgendaReadModel;
}
