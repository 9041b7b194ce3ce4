import type { Audience, CommentAddedV1, PostAnswerAcceptedV1, PostPublishedV2, ReactionAddedV2 } from '@plein/feed/contracts';
import { feedCommentTopic, feedGroupTopic, feedMemberTopic, feedPostTopic, feedReactionTopic, type MemberJoinedV1 } from '@plein/feed/contracts';
import { identityUserTopic } from '@plein/identity/contracts';
import { profilesEndorsementTopic, profilesExpertTopic, profilesProfileTopic, type EndorsementGivenV1, type ExpertSuggestedV1 } from '@plein/profiles/contracts';
import { normaliseTopic } from '@plein/profiles/domain';
import { prefixedTopicName } from '@plein/shared/contracts';
import { erasureKey } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/**
 * The expertise evidence read model: one collection, one document per aggregate it follows, each
 * kept with applyInSequence (idempotent on redelivery, keyed by the content's own id, so a removal
 * finds the row it removes). `_id` is `<kind>:<aggregateId>`:
 *
 * - `post:<postId>`: author, audience, kind, hashtags (and, for questions, the text the words are
 *   taken from), accepted answer, hidden/deleted, whether experts were suggested;
 * - `comment:<commentId>`: author, post, top-level or reply, hidden/deleted;
 * - `reaction:<targetId>:<userId>`: who reacted to which post or comment, whether it stands;
 * - `group:<groupId>`: the feed group's visibility (open groups count, closed and secret do not);
 * - `member:<groupId>:<userId>`: whether the person is a member of the group (who may be suggested
 *   as an expert for a closed- or secret-group question);
 * - `person:<userId>`: identity's status (active, deactivated, deleted; ids only);
 * - `profile:<userId>`: the person's declared skills (emptied when identity deletes the person);
 * - `endorsement:<endorseeId>:<skill>:<endorserId>`: whether the endorsement stands;
 * - `topic:<postId>:<hashtag>`: one row per hashtag of a post, a copy of the post's author,
 *   question flag, time and hidden/deleted flags, so "posts on these topics" is an index range on
 *   `{kind, topic, publishedAt}` (FerretDB does not index array elements: a query on `hashtags`
 *   reads every post); kept in step with the post after each of its events (syncTopicRows);
 * - `erased:<erasureKey(userId)>`: a person identity deleted (a hash, not the id). Their person,
 *   profile, member, reaction and endorsement rows (given and received) are deleted, their id is
 *   taken out of posts and comments (authorId, acceptedAnswererId: null), and events naming them
 *   that arrive later (redelivered, late, or replayed in a rebuild) write nothing of them.
 *
 * Evidence is filtered when read (ExpertiseService via MongoEvidenceSource), so a group made more
 * private, a hidden post or a withdrawn endorsement takes effect on the next read without
 * rewriting rows.
 */
export type EvidenceDocument = PostDocument | CommentDocument | ReactionDocument | GroupDocument | MemberDocument | PersonDocument | ProfileDocument | EndorsementDocument | TopicDocument | ErasedDocument;

interface Sequenced {
  _id: string;
  lastSequence: number;
}
export interface PostDocument extends Sequenced {
  kind: 'post';
  authorId: string;
  audience: 'organisation' | 'followers' | 'group';
  groupId: string | null;
  postKind: string;
  question: boolean;
  hashtags: string[];
  /** Title and the start of the body (TEXT_MAX), the words of a question for "ask an expert". */
  text: string;
  publishedAt: Date;
  hidden: boolean;
  deleted: boolean;
  acceptedCommentId: string | null;
  acceptedAnswererId: string | null;
  acceptedAt: Date | null;
  /** Experts were suggested for this question (profiles.expert.suggested). */
  asked: boolean;
}
export interface CommentDocument extends Sequenced {
  kind: 'comment';
  authorId: string;
  postId: string;
  topLevel: boolean;
  at: Date;
  hidden: boolean;
  deleted: boolean;
}
export interface ReactionDocument extends Sequenced {
  kind: 'reaction';
  reactorId: string;
  targetType: 'post' | 'comment';
  targetId: string;
  postId: string;
  active: boolean;
  at: Date;
}
export interface GroupDocument extends Sequenced {
  kind: 'group';
  visibility: string;
}
export interface MemberDocument extends Sequenced {
  kind: 'member';
  groupId: string;
  userId: string;
  member: boolean;
}
export interface PersonDocument extends Sequenced {
  kind: 'person';
  status: 'active' | 'deactivated' | 'deleted';
}
export interface ProfileDocument extends Sequenced {
  kind: 'profile';
  skills: string[];
  skillsAt: Date | null;
}
/** A post's hashtag as its own row (ask an expert's candidate query), `_id` `topic:<postId>:<hashtag>`. */
export interface TopicDocument extends Sequenced {
  kind: 'topic';
  topic: string;
  postId: string;
  authorId: string | null;
  question: boolean;
  publishedAt: Date;
  hidden: boolean;
  deleted: boolean;
}
/** A deleted person: `_id` `erased:<erasureKey(userId)>`, no id, no personal data. */
export interface ErasedDocument extends Sequenced {
  kind: 'erased';
  erasedAt: Date;
}
export interface EndorsementDocument extends Sequenced {
  kind: 'endorsement';
  endorseeId: string;
  endorserId: string;
  skill: string;
  active: boolean;
  at: Date;
}

export const EVIDENCE_PROJECTION = 'expertise-evidence';
/** The start of a post's title and body kept for the words of a question. */
const TEXT_MAX = 2_000;

export const postDocId = (postId: string) => `post:${postId}`;
export const commentDocId = (commentId: string) => `comment:${commentId}`;
export const groupDocId = (groupId: string) => `group:${groupId}`;
export const personDocId = (userId: string) => `person:${userId}`;
export const profileDocId = (userId: string) => `profile:${userId}`;
export const erasedDocId = (userId: string) => `erased:${erasureKey(userId)}`;
export const topicDocId = (postId: string, topic: string) => `topic:${postId}:${topic}`;

/**
 * Makes the post's topic rows what its document says now: one per hashtag, copying author,
 * question, time and flags; rows of hashtags it no longer has are deleted. Idempotent, so it runs
 * after every event of the post, also a redelivered one (a crash between the post's write and
 * this is repaired by the next delivery).
 */
export async function syncTopicRows(collection: mongo.Collection<EvidenceDocument>, postId: string): Promise<void> {
  const post = (await collection.findOne({ _id: postDocId(postId), kind: 'post' })) as PostDocument | null;
  const hashtags = post?.publishedAt ? [...new Set(post.hashtags ?? [])] : [];
  await collection.deleteMany({ kind: 'topic', postId, topic: { $nin: hashtags } });
  if (!post || hashtags.length === 0) return;
  // Not sequenced itself (lastSequence 0): it follows the post document.
  const fields = { kind: 'topic', lastSequence: 0, postId, authorId: post.authorId ?? null, question: post.question, publishedAt: post.publishedAt, hidden: post.hidden, deleted: post.deleted };
  await collection.bulkWrite(
    hashtags.map((topic) => ({ updateOne: { filter: { _id: topicDocId(postId, topic) }, update: { $set: { ...fields, topic } } as mongo.UpdateFilter<EvidenceDocument>, upsert: true } })),
    { ordered: false },
  );
}

/**
 * Topic rows for every post that has none yet (evidence written before topic rows existed):
 * per page of posts one read of which have rows and one bulk write of the missing ones.
 * Idempotent (upserts), paged by `_id`. Answers the posts given rows.
 */
export async function backfillTopicRows(collection: mongo.Collection<EvidenceDocument>, pageSize = 500): Promise<number> {
  let after = 'post:';
  let synced = 0;
  for (;;) {
    const page = (await collection
      .find({ _id: { $gt: after, $lt: 'post;' }, kind: 'post' }, { projection: { _id: 1, hashtags: 1, authorId: 1, question: 1, publishedAt: 1, hidden: 1, deleted: 1 } })
      .sort({ _id: 1 })
      .limit(pageSize)
      .toArray()) as PostDocument[];
    if (page.length === 0) return synced;
    const tagged = page.filter((p) => p.publishedAt && (p.hashtags ?? []).length > 0);
    const postIdOf = (p: PostDocument) => p._id.slice('post:'.length);
    const withRows = new Set(
      tagged.length ? (await collection.find({ kind: 'topic', postId: { $in: tagged.map(postIdOf) } }, { projection: { postId: 1 } }).toArray()).map((r) => (r as TopicDocument).postId) : [],
    );
    const missing = tagged.filter((p) => !withRows.has(postIdOf(p)));
    const writes = missing.flatMap((post) =>
      [...new Set(post.hashtags)].map((topic) => ({
        updateOne: {
          filter: { _id: topicDocId(postIdOf(post), topic) },
          update: { $set: { kind: 'topic', lastSequence: 0, topic, postId: postIdOf(post), authorId: post.authorId ?? null, question: post.question, publishedAt: post.publishedAt, hidden: post.hidden, deleted: post.deleted } } as mongo.UpdateFilter<EvidenceDocument>,
          upsert: true,
        },
      })),
    );
    if (writes.length) await collection.bulkWrite(writes, { ordered: false });
    synced += missing.length;
    after = page[page.length - 1]!._id;
  }
}

const audienceFields = (audience: Audience) => ({ audience: audience.kind, groupId: audience.kind === 'group' ? audience.groupId : null });

/** Who the event changes the expertise of (the change notification); read before or after the write as needed. */
export type AffectedPeople = (collection: mongo.Collection<EvidenceDocument>) => Promise<string[]>;

interface Applied {
  readonly docId: string;
  readonly update: mongo.UpdateFilter<EvidenceDocument>;
  readonly affected: AffectedPeople;
}

const none: AffectedPeople = async () => [];
const just = (...ids: (string | null | undefined)[]): AffectedPeople => async () => ids.filter((id): id is string => !!id);
const authorOf =
  (docId: string): AffectedPeople =>
  async (collection) => {
    const doc = (await collection.findOne({ _id: docId }, { projection: { authorId: 1 } })) as { authorId?: string } | null;
    return doc?.authorId ? [doc.authorId] : [];
  };
/** A post's author and the authors of its answers (bounded): all lose or regain its evidence together. */
const postPeople =
  (postId: string): AffectedPeople =>
  async (collection) => {
    const [author, answers] = await Promise.all([authorOf(postDocId(postId))(collection), collection.find({ kind: 'comment', postId }, { projection: { authorId: 1 }, limit: 1_000 }).toArray()]);
    return [...new Set([...author, ...answers.map((a) => (a as CommentDocument).authorId)])];
  };

function postUpdate(event: EventEnvelope): Applied {
  const docId = postDocId(event.aggregateId);
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case 'feed.post.published': {
      const d = event.data as PostPublishedV2;
      const question = d.kind === 'question' || d.callToAction?.kind === 'answer';
      const $set: Partial<PostDocument> = {
        kind: 'post',
        authorId: d.authorId,
        ...audienceFields(d.audience),
        postKind: d.kind,
        question,
        hashtags: d.hashtags ?? [],
        text: `${d.title ?? ''}\n${d.body}`.slice(0, TEXT_MAX),
        publishedAt: at,
        hidden: false,
        deleted: false,
        acceptedCommentId: null,
        acceptedAnswererId: null,
        acceptedAt: null,
      };
      return { docId, update: { $set, $setOnInsert: { asked: false } } as mongo.UpdateFilter<EvidenceDocument>, affected: just(d.authorId) };
    }
    case 'feed.post.edited': {
      const d = event.data as { title?: string; body: string; hashtags: string[] };
      return {
        docId,
        update: { $set: { hashtags: d.hashtags ?? [], text: `${d.title ?? ''}\n${d.body}`.slice(0, TEXT_MAX) } } as mongo.UpdateFilter<EvidenceDocument>,
        affected: postPeople(event.aggregateId),
      };
    }
    case 'feed.post.deleted':
      return { docId, update: { $set: { deleted: true } }, affected: postPeople(event.aggregateId) };
    case 'feed.post.hidden':
      return { docId, update: { $set: { hidden: true } }, affected: postPeople(event.aggregateId) };
    case 'feed.post.restored':
      return { docId, update: { $set: { hidden: false } }, affected: postPeople(event.aggregateId) };
    case 'feed.post.answer-accepted': {
      const d = event.data as PostAnswerAcceptedV1;
      return {
        docId,
        update: { $set: { acceptedCommentId: d.commentId, acceptedAnswererId: d.answererId, acceptedAt: at } },
        affected: async (collection) => [d.answererId, ...(d.previousCommentId ? await authorOf(commentDocId(d.previousCommentId))(collection) : [])],
      };
    }
    default:
      return { docId, update: {}, affected: none };
  }
}

function commentUpdate(event: EventEnvelope): Applied {
  const docId = commentDocId(event.aggregateId);
  switch (event.type) {
    case 'feed.comment.added': {
      const d = event.data as CommentAddedV1;
      return {
        docId,
        update: { $set: { kind: 'comment', authorId: d.authorId, postId: d.postId, topLevel: d.parentCommentId === null, at: new Date(event.occurredAt), hidden: false, deleted: false } },
        affected: just(d.authorId),
      };
    }
    case 'feed.comment.deleted':
      return { docId, update: { $set: { deleted: true } }, affected: authorOf(docId) };
    case 'feed.comment.hidden':
      return { docId, update: { $set: { hidden: true } }, affected: authorOf(docId) };
    case 'feed.comment.restored':
      return { docId, update: { $set: { hidden: false } }, affected: authorOf(docId) };
    default:
      return { docId, update: {}, affected: none };
  }
}

function reactionUpdate(event: EventEnvelope): Applied {
  const d = event.data as ReactionAddedV2;
  const docId = `reaction:${event.aggregateId}`;
  const target = d.targetType === 'post' ? postDocId(d.targetId) : commentDocId(d.targetId);
  const active = event.type === 'feed.reaction.added';
  if (!active && event.type !== 'feed.reaction.removed') return { docId, update: {}, affected: none };
  return {
    docId,
    update: { $set: { kind: 'reaction', reactorId: d.userId, targetType: d.targetType, targetId: d.targetId, postId: d.postId, active, at: new Date(event.occurredAt) } },
    affected: authorOf(target),
  };
}

function groupUpdate(event: EventEnvelope): Applied {
  const docId = groupDocId(event.aggregateId);
  const visibility = (event.data as { visibility?: string }).visibility;
  const affected: AffectedPeople = async (collection) => {
    const posts = await collection.find({ kind: 'post', groupId: event.aggregateId }, { projection: { authorId: 1 }, limit: 1_000 }).toArray();
    return [...new Set(posts.map((p) => (p as PostDocument).authorId))];
  };
  if ((event.type === 'feed.group.created' || event.type === 'feed.group.visibility-changed') && visibility) {
    return { docId, update: { $set: { kind: 'group', visibility } }, affected: event.type === 'feed.group.created' ? none : affected };
  }
  return { docId, update: {}, affected: none };
}

function memberUpdate(event: EventEnvelope): Applied {
  const docId = `member:${event.aggregateId}`;
  const d = event.data as MemberJoinedV1;
  if (event.type === 'feed.member.joined') return { docId, update: { $set: { kind: 'member', groupId: d.groupId, userId: d.userId, member: true } }, affected: none };
  if (event.type === 'feed.member.left') return { docId, update: { $set: { kind: 'member', groupId: d.groupId, userId: d.userId, member: false } }, affected: none };
  return { docId, update: {}, affected: none };
}

function personUpdate(event: EventEnvelope): Applied {
  const docId = personDocId(event.aggregateId);
  const status = { 'identity.user.provisioned': 'active', 'identity.user.reactivated': 'active', 'identity.user.deactivated': 'deactivated', 'identity.user.deleted': 'deleted' }[event.type];
  return status ? { docId, update: { $set: { kind: 'person', status } } as mongo.UpdateFilter<EvidenceDocument>, affected: just(event.aggregateId) } : { docId, update: {}, affected: none };
}

function profileUpdate(event: EventEnvelope): Applied {
  const docId = profileDocId(event.aggregateId);
  const changes = (event.data as { changes?: { skills?: string[] } }).changes;
  if (event.type !== 'profiles.profile.edited' || !changes?.skills) return { docId, update: { $set: { kind: 'profile' } }, affected: none };
  const skills = [...new Set(changes.skills.map(normaliseTopic).filter((s): s is string => s !== null))];
  return { docId, update: { $set: { kind: 'profile', skills, skillsAt: new Date(event.occurredAt) } }, affected: just(event.aggregateId) };
}

function endorsementUpdate(event: EventEnvelope): Applied {
  const d = event.data as EndorsementGivenV1;
  const docId = `endorsement:${event.aggregateId}`;
  return {
    docId,
    update: { $set: { kind: 'endorsement', endorseeId: d.endorseeId, endorserId: d.endorserId, skill: d.skill, active: event.type === 'profiles.endorsement.given', at: new Date(event.occurredAt) } },
    affected: just(d.endorseeId),
  };
}

const UPDATES: Readonly<Record<string, (event: EventEnvelope) => Applied>> = {
  post: postUpdate,
  comment: commentUpdate,
  reaction: reactionUpdate,
  group: groupUpdate,
  member: memberUpdate,
  user: personUpdate,
  profile: profileUpdate,
  endorsement: endorsementUpdate,
};

export interface EvidenceProjectionOptions {
  readonly topicPrefix?: string;
  /** Told who the applied event changes the expertise of (live, rebuilds and read-your-writes alike). */
  readonly onChange?: (userIds: readonly string[]) => void;
}

/** The people an event names: a deleted one among them is kept out of what it writes. */
function peopleNamed(event: EventEnvelope): string[] {
  const d = event.data as Record<string, unknown>;
  const ids = (...values: unknown[]) => values.filter((v): v is string => typeof v === 'string');
  switch (event.aggregateType) {
    case 'user':
    case 'profile':
      return [event.aggregateId];
    case 'endorsement':
      return ids(d['endorseeId'], d['endorserId']);
    case 'member':
    case 'reaction':
      return ids(d['userId']);
    case 'post':
      return ids(d['authorId'], d['answererId']);
    case 'comment':
      return ids(d['authorId']);
    default:
      return [];
  }
}

async function erasedAmong(collection: mongo.Collection<EvidenceDocument>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await collection.find({ _id: { $in: ids.map(erasedDocId) } }, { projection: { _id: 1 } }).toArray();
  const found = new Set(rows.map((r) => r._id));
  return new Set(ids.filter((id) => found.has(erasedDocId(id))));
}

/** Aggregates whose rows are the person's own: nothing of them is written once they are erased. */
const PERSONAL_KINDS = new Set(['user', 'profile', 'endorsement', 'member', 'reaction']);

/** A post or comment update with the erased people's ids taken out (the content's evidence for others stays). */
export function scrubbed(update: mongo.UpdateFilter<EvidenceDocument>, erased: ReadonlySet<string>): mongo.UpdateFilter<EvidenceDocument> {
  const $set = { ...((update.$set ?? {}) as Record<string, unknown>) };
  const $setOnInsert = { ...((update.$setOnInsert ?? {}) as Record<string, unknown>) };
  if (typeof $set['authorId'] === 'string' && erased.has($set['authorId'])) {
    $set['authorId'] = null;
    // A question of a deleted person is never looked at for experts (nobody to tell).
    if ($set['kind'] === 'post') {
      delete $setOnInsert['asked'];
      $set['asked'] = true;
    }
  }
  if (typeof $set['acceptedAnswererId'] === 'string' && erased.has($set['acceptedAnswererId'])) $set['acceptedAnswererId'] = null;
  // The update's own $setOnInsert is replaced, not merged: a field in both $set and $setOnInsert is a conflict the server refuses.
  const { $setOnInsert: _original, ...rest } = update;
  return { ...rest, $set, ...(Object.keys($setOnInsert).length ? { $setOnInsert } : {}) } as mongo.UpdateFilter<EvidenceDocument>;
}

const untyped = (update: Record<string, unknown>) => update as unknown as mongo.UpdateFilter<EvidenceDocument>;

/**
 * `identity.user.deleted`: the marker first (so a write racing this finds it afterwards), then
 * every row of the person goes and their id leaves the content rows. Idempotent. Answers the
 * people whose evidence changed (the endorsees of the person's endorsements).
 */
async function erasePerson(collection: mongo.Collection<EvidenceDocument>, userId: string, at: Date): Promise<string[]> {
  try {
    await collection.updateOne({ _id: erasedDocId(userId) }, untyped({ $setOnInsert: { kind: 'erased', erasedAt: at, lastSequence: 0 } }), { upsert: true });
  } catch (error) {
    // Two erasures upserting at once: the other wrote the marker.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  const given = await collection.find({ kind: 'endorsement', endorserId: userId }, { projection: { endorseeId: 1 } }).toArray();
  await collection.deleteMany({ kind: 'endorsement', endorseeId: userId });
  await collection.deleteMany({ kind: 'endorsement', endorserId: userId });
  await collection.deleteMany({ kind: 'member', userId });
  await collection.deleteMany({ kind: 'reaction', reactorId: userId });
  await collection.updateMany({ kind: 'post', authorId: userId }, untyped({ $set: { authorId: null, asked: true } }));
  await collection.updateMany({ kind: 'comment', authorId: userId }, untyped({ $set: { authorId: null } }));
  await collection.updateMany({ kind: 'topic', authorId: userId }, untyped({ $set: { authorId: null } }));
  await collection.updateMany({ kind: 'post', acceptedAnswererId: userId }, untyped({ $set: { acceptedAnswererId: null } }));
  // Last, so a person row still there means the erasure has not finished.
  await collection.deleteMany({ _id: { $in: [personDocId(userId), profileDocId(userId)] } });
  return [...new Set(given.map((g) => (g as EndorsementDocument).endorseeId))];
}

/** Applies one event to the evidence collection; `'gap'` is never swallowed (SequenceGapError). */
export async function applyEvidence(event: EventEnvelope, collection: mongo.Collection<EvidenceDocument>, onChange?: (userIds: readonly string[]) => void): Promise<void> {
  if (event.aggregateType === 'expert') {
    // Not sequenced with the post: a flag only this event sets, so a redelivery sets it again.
    if (event.type === 'profiles.expert.suggested') await collection.updateOne({ _id: postDocId((event.data as ExpertSuggestedV1).postId) }, { $set: { asked: true } });
    return;
  }
  const updateOf = UPDATES[event.aggregateType];
  if (!updateOf) return;
  if (event.type === 'identity.user.deleted') {
    const affected = await erasePerson(collection, event.aggregateId, new Date(event.occurredAt));
    if (onChange && affected.length) onChange(affected);
    return;
  }
  // A deleted person's rows are personal data: erased on deletion, and a late or redelivered event
  // naming them (other topics keep no order with identity's) writes nothing of them.
  const named = peopleNamed(event);
  const erased = await erasedAmong(collection, named);
  if (erased.size > 0 && PERSONAL_KINDS.has(event.aggregateType)) return;
  const { docId, update, affected } = updateOf(event);
  const result = await applyInSequence(collection, docId, event.sequence, erased.size > 0 ? scrubbed(update, erased) : update);
  if (event.aggregateType === 'post') await syncTopicRows(collection, event.aggregateId);
  // Someone it names was erased while this was written: take out again what it wrote of them.
  const late = [...(await erasedAmong(collection, named))].filter((id) => !erased.has(id));
  for (const userId of late) await erasePerson(collection, userId, new Date(event.occurredAt));
  if (result === 'applied' && onChange) onChange((await affected(collection)).filter((id) => !erased.has(id) && !late.includes(id)));
}

/** The evidence projection over the (prefixed) feed, identity and profiles topics it reads. */
export function evidenceProjection(options: EvidenceProjectionOptions = {}): ProjectionDefinition<'mongo'> {
  const topic = (name: string) => prefixedTopicName(options.topicPrefix ?? '', name);
  return defineProjection({
    name: EVIDENCE_PROJECTION,
    version: 1,
    topics: [feedPostTopic, feedCommentTopic, feedReactionTopic, feedGroupTopic, feedMemberTopic, identityUserTopic, profilesProfileTopic, profilesEndorsementTopic, profilesExpertTopic].map((t) => topic(t.name)),
    aggregateTypes: ['post', 'comment', 'reaction', 'group', 'member', 'user', 'profile', 'endorsement', 'expert'],
    async setup(ctx: MongoProjectionContext) {
      await ctx.collection.createIndex({ kind: 1, authorId: 1 });
      await ctx.collection.createIndex({ kind: 1, postId: 1 });
      await ctx.collection.createIndex({ kind: 1, targetId: 1 });
      await ctx.collection.createIndex({ kind: 1, endorseeId: 1 });
      await ctx.collection.createIndex({ kind: 1, hashtags: 1 });
      // Ask an expert's candidates: the newest posts on any of the question's topics.
      await ctx.collection.createIndex({ kind: 1, topic: 1, publishedAt: -1 });
      await ctx.collection.createIndex({ kind: 1, skill: 1 });
      await ctx.collection.createIndex({ kind: 1, question: 1, publishedAt: 1 });
      await ctx.collection.createIndex({ kind: 1, groupId: 1, userId: 1 });
      // What an erasure looks for (identity.user.deleted).
      await ctx.collection.createIndex({ kind: 1, endorserId: 1 });
      await ctx.collection.createIndex({ kind: 1, userId: 1 });
      await ctx.collection.createIndex({ kind: 1, reactorId: 1 });
      await ctx.collection.createIndex({ kind: 1, acceptedAnswererId: 1 });
    },
    async apply(event, ctx) {
      await applyEvidence(event, ctx.collection as mongo.Collection<EvidenceDocument>, options.onChange);
    },
  });
}
