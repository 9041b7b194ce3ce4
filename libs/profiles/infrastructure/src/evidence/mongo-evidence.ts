import type { EvidenceSource, ExpertCandidates, GroupMembers, OpenQuestion, OpenQuestions, PeopleStatus } from '@plein/profiles/application';
import type { Evidence } from '@plein/profiles/domain';
import type { mongo } from 'mongoose';
import { commentDocId, groupDocId, personDocId, postDocId, profileDocId, type CommentDocument, type EndorsementDocument, type EvidenceDocument, type GroupDocument, type MemberDocument, type PostDocument, type ProfileDocument, type ReactionDocument, type TopicDocument } from './evidence.projection';

export type EvidenceCollection = () => Promise<mongo.Collection<EvidenceDocument>>;

/** Bounds of one person's read: the newest rows of each kind (older ones have decayed anyway). */
export const EVIDENCE_READ_LIMITS = { posts: 1_000, answers: 1_000, reactions: 5_000, endorsements: 1_000 } as const;
/** A question older than this past its due time is not looked at (e.g. the backlog of a first start). */
const QUESTION_MAX_LATE_MS = 7 * 86_400_000;
/** The group of no one: a group question whose group is not known has no members to suggest. */
const NIL_GROUP = '00000000-0000-0000-0000-000000000000';

const live = { hidden: false, deleted: false } as const;

/**
 * The evidence read model as the application reads it. Only what every colleague may see counts:
 * organisation-wide posts, posts in open groups (by the group's current visibility), not hidden or
 * deleted; followers-only, closed- and secret-group content is never read (docs/adr/0011).
 */
export class MongoEvidence implements EvidenceSource, PeopleStatus, OpenQuestions, ExpertCandidates, GroupMembers {
  constructor(private readonly collection: EvidenceCollection) {}

  async evidenceOf(userId: string, topics?: readonly string[]): Promise<Evidence[]> {
    return (await this.evidenceOfMany([userId], topics)).get(userId) ?? [];
  }

  /**
   * The evidence of many people in seven reads whatever their number (ask an expert scores all
   * candidates of a question at once): their posts, answers, endorsements and profiles by `$in`,
   * then the answered questions, the groups of all those posts and the reactions to all of them.
   * Each person keeps the same bounds as alone (the newest EVIDENCE_READ_LIMITS of each kind);
   * a query reads at most that many times the number of people.
   */
  async evidenceOfMany(userIds: readonly string[], topics?: readonly string[]): Promise<Map<string, Evidence[]>> {
    const people = [...new Set(userIds)];
    const result = new Map<string, Evidence[]>(people.map((id) => [id, []]));
    if (people.length === 0) return result;
    const c = await this.collection();
    // With topics: only rows on them (the ask-an-expert ranking); answers carry no hashtags, their questions are filtered.
    const on = (field: string) => (topics ? { [field]: { $in: [...topics] } } : {});
    const wanted = topics ? new Set(topics) : null;
    const by = (ids: readonly string[]) => (ids.length === 1 ? ids[0]! : { $in: [...ids] });
    const n = people.length;
    const [allPosts, allAnswers, allEndorsements, profiles] = await Promise.all([
      c.find({ kind: 'post', authorId: by(people), question: false, ...live, ...on('hashtags') }).sort({ publishedAt: -1 }).limit(EVIDENCE_READ_LIMITS.posts * n).toArray() as Promise<PostDocument[]>,
      c.find({ kind: 'comment', authorId: by(people), topLevel: true, ...live }).sort({ at: -1 }).limit(EVIDENCE_READ_LIMITS.answers * n).toArray() as Promise<CommentDocument[]>,
      c.find({ kind: 'endorsement', endorseeId: by(people), active: true, ...on('skill') }).sort({ at: -1 }).limit(EVIDENCE_READ_LIMITS.endorsements * n).toArray() as Promise<EndorsementDocument[]>,
      (n === 1 ? c.find({ _id: profileDocId(people[0]!) }) : c.find({ _id: { $in: people.map(profileDocId) } })).toArray() as Promise<ProfileDocument[]>,
    ]);
    // Per person the newest rows of each kind, as a read of that person alone keeps them (rows come newest first).
    const perPerson = <T>(rows: readonly T[], owner: (row: T) => string, limit: number): Map<string, T[]> => {
      const grouped = new Map<string, T[]>();
      for (const row of rows) {
        let list = grouped.get(owner(row));
        if (!list) grouped.set(owner(row), (list = []));
        if (list.length < limit) list.push(row);
      }
      return grouped;
    };
    const postsOf = perPerson(allPosts, (p) => p.authorId, EVIDENCE_READ_LIMITS.posts);
    const answersOf = perPerson(allAnswers, (a) => a.authorId, EVIDENCE_READ_LIMITS.answers);
    const endorsementsOf = perPerson(allEndorsements, (e) => e.endorseeId, EVIDENCE_READ_LIMITS.endorsements);
    const profileOf = new Map(profiles.map((p) => [p._id.slice('profile:'.length), p]));

    const questionIds = [...new Set([...answersOf.values()].flat().map((a) => a.postId))];
    const questions = new Map(
      ((await (questionIds.length ? c.find({ _id: { $in: questionIds.map(postDocId) }, kind: 'post', question: true, ...live, ...on('hashtags') }).toArray() : [])) as PostDocument[]).map((q) => [q._id, q]),
    );
    const countable = await this.countableAudiences(c, [...[...postsOf.values()].flat(), ...questions.values()]);

    const kept = (hashtags: readonly string[]) => (wanted ? hashtags.filter((t) => wanted.has(t)) : hashtags);
    /** Target doc id (post:/comment:) → its owner and topics, for the reactions to it. */
    const targets = new Map<string, { owner: string; topics: readonly string[] }>();
    for (const userId of people) {
      const evidence = result.get(userId)!;
      for (const post of postsOf.get(userId) ?? []) {
        const postTopics = kept(post.hashtags);
        if (!countable(post) || postTopics.length === 0) continue;
        targets.set(post._id, { owner: userId, topics: postTopics });
        for (const topic of postTopics) evidence.push({ topic, kind: post.postKind === 'article' ? 'article' : 'post', at: post.publishedAt });
      }
      for (const answer of answersOf.get(userId) ?? []) {
        const question = questions.get(postDocId(answer.postId));
        const questionTopics = question ? kept(question.hashtags) : [];
        if (!question || !countable(question) || question.authorId === userId || questionTopics.length === 0) continue;
        const commentId = answer._id.slice('comment:'.length);
        const accepted = question.acceptedCommentId === commentId;
        targets.set(commentDocId(commentId), { owner: userId, topics: questionTopics });
        for (const topic of questionTopics) evidence.push({ topic, kind: accepted ? 'accepted-answer' : 'answer', at: accepted && question.acceptedAt ? question.acceptedAt : answer.at });
      }
    }
    if (targets.size > 0) {
      const targetIds = [...targets.keys()].map((id) => id.slice(id.indexOf(':') + 1));
      const reactions = (await c
        .find({ kind: 'reaction', active: true, targetId: { $in: targetIds }, ...(n === 1 ? { reactorId: { $ne: people[0]! } } : {}) })
        .limit(EVIDENCE_READ_LIMITS.reactions * n)
        .toArray()) as ReactionDocument[];
      const counted = new Map<string, number>();
      for (const reaction of reactions) {
        const target = targets.get(reaction.targetType === 'post' ? postDocId(reaction.targetId) : commentDocId(reaction.targetId));
        // Never one's own reaction; at most the bound of a read alone per person.
        if (!target || reaction.reactorId === target.owner || (counted.get(target.owner) ?? 0) >= EVIDENCE_READ_LIMITS.reactions) continue;
        counted.set(target.owner, (counted.get(target.owner) ?? 0) + 1);
        for (const topic of target.topics) result.get(target.owner)!.push({ topic, kind: 'reaction', at: reaction.at });
      }
    }
    for (const userId of people) {
      const evidence = result.get(userId)!;
      for (const endorsement of endorsementsOf.get(userId) ?? []) evidence.push({ topic: endorsement.skill, kind: 'endorsement', at: endorsement.at });
      const profile = profileOf.get(userId);
      for (const skill of kept(profile?.skills ?? [])) evidence.push({ topic: skill, kind: 'declared', at: profile?.skillsAt ?? new Date(0) });
    }
    return result;
  }

  /** Organisation-wide, or in a group that is open now. */
  private async countableAudiences(c: mongo.Collection<EvidenceDocument>, posts: readonly PostDocument[]): Promise<(post: PostDocument) => boolean> {
    const groupIds = [...new Set(posts.filter((p) => p.audience === 'group' && p.groupId).map((p) => p.groupId!))];
    const groups = (await (groupIds.length ? c.find({ _id: { $in: groupIds.map(groupDocId) } }).toArray() : [])) as GroupDocument[];
    const open = new Set(groups.filter((g) => g.visibility === 'open').map((g) => g._id.slice('group:'.length)));
    return (post) => !post.hidden && !post.deleted && (post.audience === 'organisation' || (post.audience === 'group' && post.groupId !== null && open.has(post.groupId)));
  }

  async active(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const c = await this.collection();
    const rows = await c.find({ _id: { $in: userIds.map(personDocId) }, kind: 'person', status: 'active' }, { projection: { _id: 1 } }).toArray();
    return new Set(rows.map((r) => r._id.slice('person:'.length)));
  }

  async known(userId: string): Promise<boolean> {
    const c = await this.collection();
    return (await c.countDocuments({ _id: personDocId(userId), kind: 'person', status: { $in: ['active', 'deactivated'] } }, { limit: 1 })) === 1;
  }

  async due(cutoff: Date, limit: number): Promise<OpenQuestion[]> {
    const c = await this.collection();
    const rows = (await c
      .find({
        kind: 'post',
        question: true,
        asked: false,
        acceptedCommentId: null,
        ...live,
        publishedAt: { $lte: cutoff, $gte: new Date(cutoff.getTime() - QUESTION_MAX_LATE_MS) },
        audience: { $in: ['organisation', 'group'] },
      })
      .sort({ publishedAt: 1 })
      .limit(limit)
      .toArray()) as PostDocument[];
    // A group's current visibility: open groups are seen by everyone; closed, secret or unknown ones only by members.
    const groupIds = [...new Set(rows.filter((r) => r.audience === 'group' && r.groupId).map((r) => r.groupId!))];
    const groups = (await (groupIds.length ? c.find({ _id: { $in: groupIds.map(groupDocId) } }).toArray() : [])) as GroupDocument[];
    const open = new Set(groups.filter((g) => g.visibility === 'open').map((g) => g._id.slice('group:'.length)));
    return rows.map((r) => ({
      postId: r._id.slice('post:'.length),
      authorId: r.authorId,
      hashtags: r.hashtags,
      text: r.text ?? '',
      publishedAt: r.publishedAt,
      membersOnly: r.audience === 'group' && !open.has(r.groupId ?? '') ? (r.groupId ?? NIL_GROUP) : null,
    }));
  }

  async membersAmong(groupId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const c = await this.collection();
    const rows = (await c.find({ _id: { $in: userIds.map((u) => `member:${groupId}:${u}`) }, kind: 'member', member: true }, { projection: { userId: 1 } }).toArray()) as MemberDocument[];
    return new Set(rows.map((r) => r.userId));
  }

  async candidatesFor(topics: readonly string[], limit: number): Promise<string[]> {
    if (topics.length === 0) return [];
    const c = await this.collection();
    const [rows, endorsements, profiles] = await Promise.all([
      // Topic rows, not posts: FerretDB answers `topic` from the index, `hashtags` (an array) it would read whole.
      c.find({ kind: 'topic', topic: { $in: [...topics] }, ...live }, { projection: { postId: 1, authorId: 1, question: 1 } }).sort({ publishedAt: -1 }).limit(500).toArray() as Promise<TopicDocument[]>,
      c.find({ kind: 'endorsement', skill: { $in: [...topics] }, active: true }, { projection: { endorseeId: 1 } }).limit(500).toArray() as Promise<EndorsementDocument[]>,
      c.find({ kind: 'profile', skills: { $in: [...topics] } }, { projection: { _id: 1 } }).limit(200).toArray() as Promise<ProfileDocument[]>,
    ]);
    const seen = new Set<string>();
    const posts = rows.filter((r) => !seen.has(r.postId) && seen.add(r.postId));
    const questionIds = posts.filter((p) => p.question).map((p) => p.postId);
    const answers = (await (questionIds.length
      ? c.find({ kind: 'comment', postId: { $in: questionIds }, topLevel: true, ...live }, { projection: { authorId: 1 } }).limit(1_000).toArray()
      : [])) as CommentDocument[];
    const votes = new Map<string, number>();
    const vote = (id: string) => votes.set(id, (votes.get(id) ?? 0) + 1);
    for (const post of posts) if (!post.question && post.authorId) vote(post.authorId);
    for (const answer of answers) if (answer.authorId) vote(answer.authorId);
    for (const endorsement of endorsements) vote(endorsement.endorseeId);
    for (const profile of profiles) vote(profile._id.slice('profile:'.length));
    return [...votes.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([id]) => id);
  }
}
