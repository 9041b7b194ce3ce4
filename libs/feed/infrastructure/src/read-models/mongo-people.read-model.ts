import type { FollowTarget, MemberRole } from '@plein/feed/contracts';
import {
  followTargetKey,
  type FollowReadModel,
  type GroupReadModel,
  type GroupView,
  type MembershipStatus,
  type MembershipView,
  type ProgressCounts,
  type ProgressQuery,
  type ResponseReadModel,
  type ResponseView,
  type SignUpPosition,
  type UserReadModel,
  type UserView,
} from '@plein/feed/application';
import type { UserRole, ManagementLevel } from '@plein/identity/contracts';
import type { GroupDocument, MembershipDocument } from '../projections/documents';
import { viewsById, type FeedCollections } from './collections';

interface UserDoc {
  _id: string;
  userName?: string;
  userNameLower?: string;
  displayName?: string;
  active: boolean;
  roles?: UserRole[];
  managementLevel?: ManagementLevel;
}
interface UserLookups {
  readonly ids: Set<string>;
  readonly handles: Set<string>;
  result: Promise<FoundUsers>;
}
interface FoundUsers {
  readonly byId: ReadonlyMap<string, UserDoc>;
  readonly byHandle: ReadonlyMap<string, UserDoc>;
}
interface ResponseDoc extends Omit<ResponseView, 'vote'> {
  _id: string;
  vote: string[];
}

/** Users, groups, memberships, follows and responses from their projections. */
/** At most this many ids and handles in one batched people lookup (a post's mentions are capped well below). */
const LOOKUP_BATCH_MAX = 1_000;

export class MongoPeopleReadModel implements UserReadModel, GroupReadModel, FollowReadModel, ResponseReadModel {
  constructor(private readonly c: FeedCollections) {}

  /** Lookups of people asked for in the same turn of the event loop, answered by one query. */
  private pending: UserLookups | null = null;

  async user(userId: string): Promise<UserView | null> {
    const found = await this.lookUp([userId], []);
    const d = found.byId.get(userId);
    if (!d) return null;
    return { userId: d._id, active: d.active, roles: d.roles ?? ['employee'], ...(d.managementLevel ? { managementLevel: d.managementLevel } : {}), ...(d.userName ? { userName: d.userName } : {}), ...(d.displayName ? { displayName: d.displayName } : {}) };
  }

  /** Active people by lower-cased user name (`@handle`) and by id (`@[id]`): handle or id → id. */
  async resolveHandles(handles: readonly string[], ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (handles.length === 0 && ids.length === 0) return out;
    const found = await this.lookUp(ids, handles);
    for (const handle of handles) {
      const d = found.byHandle.get(handle);
      if (d) out.set(handle, d._id);
    }
    for (const id of ids) if (found.byId.get(id)?.active) out.set(id, id);
    return out;
  }

  /**
   * Batches the people lookups started in the same turn (a command's actor and its mentions):
   * one `find` with `$or` of `_id $in` and `userNameLower $in` instead of one round trip each.
   */
  private lookUp(ids: readonly string[], handles: readonly string[]): Promise<FoundUsers> {
    const size = (b: UserLookups) => b.ids.size + b.handles.size;
    // Bounded: concurrent requests share a batch only up to LOOKUP_BATCH_MAX ids and handles.
    if (!this.pending || size(this.pending) + ids.length + handles.length > LOOKUP_BATCH_MAX) {
      const batch: UserLookups = { ids: new Set(), handles: new Set(), result: null as unknown as Promise<FoundUsers> };
      batch.result = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        if (this.pending === batch) this.pending = null;
        const or: Record<string, unknown>[] = [];
        if (batch.ids.size) or.push({ _id: { $in: [...batch.ids] } });
        if (batch.handles.size) or.push({ userNameLower: { $in: [...batch.handles] } });
        const docs = await (await this.c.of<UserDoc>('users')).find(or.length === 1 ? or[0]! : { $or: or }).toArray();
        return { byId: new Map(docs.map((d) => [d._id, d])), byHandle: new Map(docs.flatMap((d) => (d.userNameLower && d.active ? [[d.userNameLower, d] as const] : []))) };
      });
      this.pending = batch;
    }
    for (const id of ids) this.pending.ids.add(id);
    for (const handle of handles) this.pending.handles.add(handle);
    return this.pending.result;
  }

  async activeUsers(after: string | null, limit: number): Promise<string[]> {
    const filter: Record<string, unknown> = { active: true };
    if (after) filter['_id'] = { $gt: after };
    const docs = await (await this.c.of<UserDoc>('users')).find(filter, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(limit).toArray();
    return docs.map((d) => d._id);
  }

  async countActiveUsers(): Promise<number> {
    return (await this.c.of('users')).countDocuments({ active: true });
  }

  // Groups and memberships

  async group(groupId: string): Promise<GroupView | null> {
    const d = await (await this.c.of<GroupDocument>('groups')).findOne({ _id: groupId });
    return d ? toGroupView(d) : null;
  }

  async groups(groupIds: readonly string[]): Promise<Map<string, GroupView>> {
    return viewsById(await this.c.of<GroupDocument>('groups'), groupIds, toGroupView);
  }

  async listGroups(after: string | null, limit: number, memberOf: readonly string[]): Promise<GroupView[]> {
    const filter: Record<string, unknown> = {
      status: 'active',
      $or: [{ visibility: { $in: ['open', 'closed'] } }, ...(memberOf.length ? [{ _id: { $in: [...memberOf] } }] : [])],
    };
    if (after) filter['_id'] = { $gt: after };
    const docs = await (await this.c.of<GroupDocument>('groups')).find(filter).sort({ _id: 1 }).limit(limit).toArray();
    return docs.flatMap((d) => toGroupView(d) ?? []);
  }

  async membership(groupId: string, userId: string): Promise<MembershipView | null> {
    const d = await (await this.c.of<MembershipDocument>('memberships')).findOne({ _id: `${groupId}:${userId}` });
    return d ? toMembership(d) : null;
  }

  async membershipsOf(userId: string): Promise<Map<string, MemberRole>> {
    const docs = await (await this.c.of<MembershipDocument>('memberships')).find({ userId, status: 'member' }).toArray();
    return new Map(docs.map((d) => [d.groupId, d.role ?? 'member']));
  }

  async members(groupId: string, after: string | null, limit: number, status: MembershipStatus = 'member'): Promise<MembershipView[]> {
    const filter: Record<string, unknown> = { groupId, status };
    if (after) filter['userId'] = { $gt: after };
    const docs = await (await this.c.of<MembershipDocument>('memberships')).find(filter).sort({ userId: 1 }).limit(limit).toArray();
    return docs.map(toMembership);
  }

  async memberIds(groupId: string, limit: number): Promise<string[]> {
    // Only the indexed fields: MongoDB answers from {groupId, status, userId} without the documents.
    const docs = await (await this.c.of<MembershipDocument>('memberships')).find({ groupId, status: 'member' }, { projection: { _id: 0, userId: 1 } }).sort({ userId: 1 }).limit(limit).toArray();
    return docs.map((d) => d.userId);
  }

  async countMembers(groupId: string, role?: MemberRole): Promise<number> {
    return (await this.c.of('memberships')).countDocuments({ groupId, status: 'member', ...(role ? { role } : {}) });
  }

  async memberCounts(groupIds: readonly string[]): Promise<Map<string, number>> {
    if (groupIds.length === 0) return new Map();
    const rows = await (await this.c.of('memberships'))
      .aggregate<{ _id: string; n: number }>([{ $match: { groupId: { $in: [...new Set(groupIds)] }, status: 'member' } }, { $group: { _id: '$groupId', n: { $sum: 1 } } }])
      .toArray();
    return new Map(rows.map((r) => [r._id, r.n]));
  }

  // Follows

  async followedPeople(userId: string): Promise<Set<string>> {
    const docs = await (await this.c.of('follows')).find({ followerId: userId, active: true, targetKind: 'person' }).toArray();
    return new Set(docs.map((d) => (d['target'] as { userId: string }).userId));
  }

  async follows(userId: string, after: string | null, limit: number): Promise<FollowTarget[]> {
    const filter: Record<string, unknown> = { followerId: userId, active: true, ...(after !== null ? { targetKey: { $gt: after } } : {}) };
    const docs = await (await this.c.of('follows')).find(filter, { projection: { target: 1 } }).sort({ targetKey: 1 }).limit(limit).toArray();
    return docs.map((d) => d['target'] as FollowTarget);
  }

  async isFollowing(followerId: string, target: FollowTarget): Promise<boolean> {
    const d = await (await this.c.of('follows')).findOne({ followerId, targetKey: followTargetKey(target), active: true });
    return d !== null;
  }

  async followers(target: FollowTarget, after: string | null, limit: number): Promise<string[]> {
    const filter: Record<string, unknown> = { targetKey: followTargetKey(target), active: true };
    if (after) filter['followerId'] = { $gt: after };
    // Only the indexed field: MongoDB answers from {targetKey, active, followerId} without the documents.
    const docs = await (await this.c.of('follows')).find(filter, { projection: { _id: 0, followerId: 1 } }).sort({ followerId: 1 }).limit(limit).toArray();
    return docs.map((d) => d['followerId'] as string);
  }

  async countFollowers(target: FollowTarget): Promise<number> {
    return (await this.c.of('follows')).countDocuments({ targetKey: followTargetKey(target), active: true });
  }

  async followerCounts(userIds: readonly string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const keys = [...new Set(userIds)].map((userId) => followTargetKey({ kind: 'person', userId }));
    const rows = await (await this.c.of('follows')).aggregate<{ _id: string; n: number }>([{ $match: { targetKey: { $in: keys }, active: true } }, { $group: { _id: '$targetKey', n: { $sum: 1 } } }]).toArray();
    return new Map(rows.map((r) => [r._id.slice('person:'.length), r.n]));
  }

  // Responses to calls to action

  /** One `$in` query of the responses' ids (`<postId>:<userId>`) for the whole page of posts. */
  async responsesOf(userId: string, postIds: readonly string[]): Promise<Map<string, ResponseView>> {
    const byId = await viewsById(await this.c.of<ResponseDoc>('responses'), postIds.map((p) => `${p}:${userId}`), toResponseView);
    return new Map([...byId.values()].map((r) => [r.postId, r]));
  }

  /**
   * Counted by the server, never by loading people: one `$match` + `$group` for the registrations
   * of sign-ups, the acknowledgements of the current round and the voters of polls (a post has one
   * call to action, so one count each), and one per poll option id (at most POLL_OPTIONS_MAX) for
   * the votes: a fixed number of queries whatever the page size.
   */
  async progressCounts(posts: readonly ProgressQuery[]): Promise<Map<string, ProgressCounts>> {
    const counts = new Map(posts.map((p) => [p.postId, { registered: 0, acknowledged: 0, voters: 0, options: Object.fromEntries(p.optionIds.map((o) => [o, 0])) as Record<string, number> }]));
    const ids = (kind: ProgressQuery['kind']) => posts.filter((p) => p.kind === kind).map((p) => p.postId);
    const [signUps, polls] = [ids('sign-up'), ids('vote')];
    const rounds = new Map<number, string[]>();
    for (const p of posts) if (p.kind === 'acknowledge') rounds.set(p.round, [...(rounds.get(p.round) ?? []), p.postId]);
    const branches = [
      ...(signUps.length > 0 ? [{ postId: { $in: signUps }, registered: true }] : []),
      ...(polls.length > 0 ? [{ postId: { $in: polls }, 'vote.0': { $exists: true } }] : []),
      ...[...rounds].map(([round, postIds]) => ({ postId: { $in: postIds }, acknowledgedRound: { $gte: round } })),
    ];
    if (branches.length === 0) return counts;
    const col = await this.c.of<ResponseDoc>('responses');
    const countByPost = (match: Record<string, unknown>) => col.aggregate<{ _id: string; n: number }>([{ $match: match }, { $group: { _id: '$postId', n: { $sum: 1 } } }]).toArray();
    const optionIds = [...new Set(posts.flatMap((p) => (p.kind === 'vote' ? p.optionIds : [])))];
    const [totals, ...perOption] = await Promise.all([
      // The top-level `postId $in` lets the local server use the {postId, userId} index ($or is filtered after).
      countByPost({ postId: { $in: [...new Set(branches.flatMap((b) => b.postId.$in))] }, $or: branches }),
      ...optionIds.map((o) => countByPost({ postId: { $in: posts.filter((p) => p.kind === 'vote' && p.optionIds.includes(o)).map((p) => p.postId) }, vote: o })),
    ]);
    const kinds = new Map(posts.map((p) => [p.postId, p.kind]));
    for (const { _id, n } of totals!) {
      const c = counts.get(_id);
      if (!c) continue;
      const kind = kinds.get(_id);
      if (kind === 'sign-up') c.registered = n;
      else if (kind === 'vote') c.voters = n;
      else c.acknowledged = n;
    }
    optionIds.forEach((o, k) => {
      for (const { _id, n } of perOption[k]!) {
        const c = counts.get(_id);
        if (c && o in c.options) c.options[o] = n;
      }
    });
    return counts;
  }

  async registrations(postId: string, after: SignUpPosition | null, limit: number): Promise<SignUpPosition[]> {
    const docs = await (await this.c.of<ResponseDoc>('responses'))
      .find({ postId, registered: true, ...(after ? afterPosition(after) : {}) }, { projection: { userId: 1, registeredAt: 1 } })
      .sort({ registeredAt: 1, userId: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({ userId: d.userId, registeredAt: d.registeredAt ?? '' }));
  }

  async registeredBefore(postId: string, position: SignUpPosition): Promise<number> {
    return (await this.c.of('responses')).countDocuments({ postId, registered: true, $nor: [afterPosition(position)] });
  }

  /** One `$in` query of the responses' ids (`<postId>:<userId>`) for the whole page of people. */
  async acknowledgedAmong(postId: string, round: number, userIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (userIds.length === 0) return out;
    const ids = [...new Set(userIds)].map((u) => `${postId}:${u}`);
    const docs = await (await this.c.of<ResponseDoc>('responses')).find({ _id: { $in: ids }, acknowledgedRound: { $gte: round } }, { projection: { userId: 1, acknowledgedAt: 1 } }).toArray();
    for (const d of docs) out.set(d.userId, d.acknowledgedAt ?? '');
    return out;
  }
}

/** Sign-ups strictly after this one in registration order (time, then user id). */
function afterPosition(p: SignUpPosition): Record<string, unknown> {
  return { $or: [{ registeredAt: { $gt: p.registeredAt } }, { registeredAt: p.registeredAt, userId: { $gt: p.userId } }] };
}

function toResponseView(d: ResponseDoc): ResponseView {
  return {
    postId: d.postId,
    userId: d.userId,
    acknowledgedRound: d.acknowledgedRound,
    registered: d.registered,
    vote: d.vote,
    ...(d.acknowledgedAt ? { acknowledgedAt: d.acknowledgedAt } : {}),
    ...(d.registeredAt ? { registeredAt: d.registeredAt } : {}),
  };
}

function toGroupView(d: GroupDocument): GroupView | null {
  if (d.status !== 'active') return null;
  return { groupId: d._id, name: d.name, ...(d.description ? { description: d.description } : {}), visibility: d.visibility, ownerId: d.ownerId, createdAt: d.createdAt };
}

function toMembership(d: MembershipDocument): MembershipView {
  return { groupId: d.groupId, userId: d.userId, status: d.status, ...(d.role ? { role: d.role } : {}), since: d.updatedAt };
}
