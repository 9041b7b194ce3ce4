import type { Audience, FollowTarget } from '@plein/feed/contracts';
import { followDecider, followId, groupDecider, membershipDecider, membershipId, postDecider, timelineEntry, type Actor } from '@plein/feed/domain';
import { documentUpdate, feedAggregateReadModels, followUpdate, groupUpdate, membershipUpdate, postUpdate, userUpdate, type FeedInfrastructure, type Update } from '@plein/feed/infrastructure';
import { compositeRowId } from '@plein/shared/projections';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { prng } from '@plein/bench-kit';

/**
 * A generated organisation (deterministic for given sizes):
 * - `employees` people (identity.user.provisioned), all active and all recent timeline readers;
 * - `employees / groupSize` open groups; every person joins `groupsPerPerson` groups, popular groups
 *   favoured (index = groups × r²), the first joiner is the owner;
 * - every person follows `follows` other people: a fifth of them among the top 2 % ("leaders"),
 *   the rest uniformly; a third of the people also follow one of 20 hashtags;
 * - `posts` posts over the last 90 days, authors skewed (index = employees × r²): 55 % organisation
 *   updates, 25 % posts in one of the author's groups, 12 % followers-only, 5 % organisation
 *   updates with a #topicN hashtag, 3 % organisation announcements (merged on read).
 * Events come from the real deciders; the read-model documents are what the feed's projections
 * write for them (same evolve and query fields), inserted in bulk; home-timeline rows are the
 * fan-out of each post (author + followers, or author + group members; announcements none),
 * capped at the newest `cap` per owner like the projection does.
 */
export interface OrganisationShape {
  readonly employees: number;
  readonly posts: number;
  readonly follows: number;
  readonly groupSize: number;
  readonly groupsPerPerson: number;
}

export interface Organisation {
  readonly people: string[];
  readonly groups: string[];
  readonly members: Map<string, string[]>;
  readonly counts: Record<string, number>;
}

const CHUNK = 1_000;

export async function seedOrganisation(infra: FeedInfrastructure, shape: OrganisationShape, cap: number): Promise<Organisation> {
  const random = prng(42);
  const pick = <T>(list: readonly T[], skew = false): T => list[Math.floor(list.length * (skew ? random() ** 2 : random()))]!;
  const models = feedAggregateReadModels(infra.topics);
  const updates: Record<string, (envelope: EventEnvelope) => Update> = { group: groupUpdate, member: membershipUpdate, follow: followUpdate, post: postUpdate };
  const docs = new Map<string, Record<string, unknown>[]>();
  const start = Date.now() - 90 * 24 * 3600 * 1000;
  const envelope = (aggregateType: string, aggregateId: string, event: { type: string; version: number; data: unknown }, at: number, actorId: string): EventEnvelope => ({
    id: uuidv7(at), ...event, source: 'plein/feed', aggregateType, aggregateId, sequence: 1, occurredAt: new Date(at).toISOString(), correlationId: 'bench', causationId: 'bench', actorId,
  });
  /** The document the feed's projection writes for these events (its own event → update mapping, applied in memory). */
  const fold = (aggregateType: string, aggregateId: string, events: readonly { type: string; version: number; data: unknown }[], at: number, actorId: string) => {
    const model = models.get(aggregateType)!;
    const update = updates[aggregateType]!;
    const doc: Record<string, unknown> = { _id: aggregateId };
    events.forEach((event, i) => {
      applyUpdate(doc, documentUpdate({ update }, { ...envelope(aggregateType, aggregateId, event, at, actorId), sequence: i + 1 }));
      doc['lastSequence'] = i + 1;
    });
    const list = docs.get(model.name) ?? docs.set(model.name, []).get(model.name)!;
    list.push(doc);
  };

  const people = Array.from({ length: shape.employees }, (_, k) => uuidv7(start - 1_000_000 + k));
  const actor = (userId: string): Actor => ({ userId, active: true, roles: ['employee'] });
  docs.set('users', people.map((userId, k) => ({
    _id: userId, lastSequence: 1,
    ...(userUpdate(envelope('user', userId, { type: 'identity.user.provisioned', version: 1, data: { userName: `user.${k}`, displayName: `User ${k}`, managementLevel: 'employee', roles: ['employee'] } }, start, 'system:bench')) as { $set: object }).$set,
  })));

  const groupCount = Math.max(1, Math.round(shape.employees / shape.groupSize));
  const groups = Array.from({ length: groupCount }, (_, k) => uuidv7(start - 500_000 + k));
  const members = new Map<string, string[]>(groups.map((g) => [g, []]));
  const groupsOf = new Map<string, string[]>();
  for (const person of people) {
    const mine = new Set<string>();
    for (let n = 0; n < Math.min(shape.groupsPerPerson, groupCount); n++) mine.add(pick(groups, true));
    groupsOf.set(person, [...mine]);
    for (const g of mine) members.get(g)!.push(person);
  }
  for (const [groupId, list] of members) {
    if (list.length === 0) continue;
    const [owner, ...rest] = list;
    fold('group', groupId, groupDecider.decide({ type: 'CreateGroup', groupId, actor: actor(owner!), name: `Group ${groupId.slice(-6)}`, visibility: 'open' }, groupDecider.initialState()), start, owner!);
    fold('member', membershipId(groupId, owner!), membershipDecider.decide({ type: 'JoinAsCreator', groupId, userId: owner!, actor: actor(owner!) }, membershipDecider.initialState()), start, owner!);
    for (const userId of rest) {
      fold('member', membershipId(groupId, userId), membershipDecider.decide({ type: 'Join', groupId, userId, actor: actor(userId), visibility: 'open' }, membershipDecider.initialState()), start, userId);
    }
  }

  const leaders = people.slice(0, Math.max(1, Math.round(shape.employees * 0.02)));
  const followers = new Map<string, string[]>();
  const tagFollowers = new Map<string, string[]>();
  const follow = (userId: string, target: FollowTarget) =>
    fold('follow', followId(userId, target), followDecider.decide({ type: 'Follow', actor: actor(userId), target, targetVisible: true }, followDecider.initialState()), start, userId);
  for (const person of people) {
    const targets = new Set<string>();
    for (let n = 0; targets.size < Math.min(shape.follows, shape.employees - 1) && n < shape.follows * 10; n++) {
      const t = n % 5 === 0 ? pick(leaders) : pick(people);
      if (t !== person) targets.add(t);
    }
    for (const t of targets) {
      follow(person, { kind: 'person', userId: t });
      (followers.get(t) ?? followers.set(t, []).get(t)!).push(person);
    }
    if (random() < 1 / 3) {
      const tag = `topic${Math.floor(random() * 20)}`;
      follow(person, { kind: 'hashtag', tag });
      (tagFollowers.get(tag) ?? tagFollowers.set(tag, []).get(tag)!).push(person);
    }
  }

  // Posts, oldest first; fan-out rows per owner, newest `cap` kept.
  const timelines = new Map<string, string[]>();
  const step = (90 * 24 * 3600 * 1000) / Math.max(1, shape.posts);
  const mix = { organisation: 0, group: 0, followers: 0, hashtag: 0, announcement: 0 };
  for (let k = 0; k < shape.posts; k++) {
    const at = Math.floor(start + k * step);
    const postId = uuidv7(at);
    const authorId = pick(people, true);
    const r = random();
    const kindOf = r < 0.55 ? 'organisation' : r < 0.8 ? 'group' : r < 0.92 ? 'followers' : r < 0.97 ? 'hashtag' : 'announcement';
    const authorGroups = groupsOf.get(authorId)!;
    const kind = kindOf === 'group' && authorGroups.length === 0 ? 'organisation' : kindOf;
    mix[kind]++;
    const groupId = kind === 'group' ? pick(authorGroups) : undefined;
    const audience: Audience = groupId ? { kind: 'group', groupId } : kind === 'followers' ? { kind: 'followers' } : { kind: 'organisation' };
    const body = kind === 'hashtag' ? `Notes on #topic${Math.floor(random() * 20)} from the team, number ${k}.` : `Update number ${k}: the team shipped something worth a read.`;
    const events = postDecider.decide(
      { type: 'PublishPost', postId, actor: actor(authorId), audience, kind: kind === 'announcement' ? 'announcement' : 'update', body, callToAction: { kind: 'fyi' }, mentions: new Map(), now: new Date(at), ...(groupId ? { group: { groupId, visibility: 'open', role: 'member' } } : {}) },
      postDecider.initialState(),
    );
    fold('post', postId, events, at, authorId);
    if (kind === 'announcement') continue;
    const recipients = new Set([authorId, ...(groupId ? members.get(groupId)! : followers.get(authorId) ?? [])]);
    for (const owner of recipients) (timelines.get(owner) ?? timelines.set(owner, []).get(owner)!).push(postId);
  }
  const entries: Record<string, unknown>[] = [];
  for (const [ownerId, postIds] of timelines) {
    for (const postId of postIds.slice(-cap)) entries.push({ _id: compositeRowId(ownerId, postId), ownerId, postId, createdAt: timelineEntry(postId).createdAt });
  }
  docs.set('home-timeline', entries);

  const counts: Record<string, number> = {};
  for (const [name, list] of docs) {
    const col = await infra.collections.of(name);
    for (let i = 0; i < list.length; i += CHUNK) await col.insertMany(list.slice(i, i + CHUNK) as never[], { ordered: false });
    counts[name] = list.length;
  }
  const now = new Date();
  const owners = people.map((_id) => ({ _id, lastReadAt: now, builtAt: now }));
  for (let i = 0; i < owners.length; i += CHUNK) await infra.collections.plain('timeline_owners').insertMany(owners.slice(i, i + CHUNK), { ordered: false });
  return { people, groups, members, counts: { ...counts, ...Object.fromEntries(Object.entries(mix).map(([k, v]) => [`posts.${k}`, v])) } };
}

/** Applies a projection's update to a document in memory (the operators documentUpdate produces). */
function applyUpdate(doc: Record<string, unknown>, update: Update): void {
  Object.assign(doc, update.$set);
  for (const [field, by] of Object.entries(update.$inc ?? {})) doc[field] = ((doc[field] as number | undefined) ?? 0) + by;
  for (const [field, value] of Object.entries(update.$max ?? {})) doc[field] = Math.max((doc[field] as number | undefined) ?? value, value);
  for (const [field, value] of Object.entries(update.$push ?? {})) doc[field] = [...((doc[field] as unknown[] | undefined) ?? []), value];
  for (const [field, value] of Object.entries(update.$pull ?? {})) doc[field] = ((doc[field] as unknown[] | undefined) ?? []).filter((v) => v !== value);
  for (const field of Object.keys(update.$unset ?? {})) delete doc[field];
}
