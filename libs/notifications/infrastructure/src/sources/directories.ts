import type { CommentInfo, ContentAudience, ContentDirectory, GroupVisibility, MembershipDirectory, PeopleDirectory, PostInfo } from '@plein/notifications/application';
import type { mongo } from 'mongoose';

/** The small read models the sources keep of other services' events, each in `<namespace>_<name>_v1`. */
export const CONTEXT_VERSION = 1;

export interface PersonDocument {
  _id: string;
  active: boolean;
  managerId: string | null;
  lastSequence: number;
}
export interface GroupDocument {
  _id: string;
  visibility: GroupVisibility;
  lastSequence: number;
}
export interface MemberDocument {
  /** `<groupId>:<userId>`, the membership aggregate's id. */
  _id: string;
  groupId: string;
  userId: string;
  role: 'member' | 'moderator' | 'owner' | null;
  /** False once the person left (the document stays: the sequence guard needs it). */
  member: boolean;
  lastSequence: number;
}
export interface PostDocument {
  _id: string;
  authorId: string;
  audience: ContentAudience;
  kind: string;
  title?: string;
  lastSequence: number;
}
export interface CommentDocument {
  _id: string;
  postId: string;
  authorId: string;
  lastSequence: number;
}

/** An announcement that asks for acknowledgement by a due date (kept from feed.post.published). */
export interface AcknowledgementDocument {
  _id: string;
  authorId: string;
  audience: ContentAudience;
  title?: string;
  dueAt: string;
  /** Set once the reminder round ran; the escalation round likewise. */
  remindedAt?: string;
  escalatedAt?: string;
}
/** `<postId>:<userId>`: this person acknowledged the post. */
export interface AckDocument {
  _id: string;
  postId: string;
  userId: string;
}

export class ContextCollections {
  readonly acknowledgements: mongo.Collection<AcknowledgementDocument>;
  readonly acks: mongo.Collection<AckDocument>;
  readonly people: mongo.Collection<PersonDocument>;
  readonly groups: mongo.Collection<GroupDocument>;
  readonly members: mongo.Collection<MemberDocument>;
  readonly posts: mongo.Collection<PostDocument>;
  readonly comments: mongo.Collection<CommentDocument>;

  constructor(db: mongo.Db, namespace: string) {
    const name = (what: string): string => `${namespace}_${what}_v${CONTEXT_VERSION}`;
    this.people = db.collection(name('people'));
    this.groups = db.collection(name('groups'));
    this.members = db.collection(name('members'));
    this.posts = db.collection(name('posts'));
    this.comments = db.collection(name('comments'));
    this.acknowledgements = db.collection(name('acknowledgements'));
    this.acks = db.collection(name('acks'));
  }

  async ensure(): Promise<void> {
    await this.people.createIndex({ active: 1, _id: 1 });
    await this.members.createIndex({ groupId: 1, member: 1, userId: 1 });
    await this.acknowledgements.createIndex({ dueAt: 1 });
    await this.acks.createIndex({ postId: 1 });
  }
}

export class MongoPeopleDirectory implements PeopleDirectory {
  constructor(private readonly c: ContextCollections) {}

  async activeAmong(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.c.people.find({ _id: { $in: [...ids] }, active: true }, { projection: { _id: 1 } }).toArray();
    return new Set(docs.map((d) => d._id));
  }

  async *allActive(chunk: number): AsyncIterable<string[]> {
    let after = '';
    for (;;) {
      const docs = await this.c.people.find({ active: true, _id: { $gt: after } }, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(chunk).toArray();
      if (docs.length === 0) return;
      yield docs.map((d) => d._id);
      after = docs[docs.length - 1]!._id;
      if (docs.length < chunk) return;
    }
  }

  async managerOf(userId: string): Promise<string | null> {
    return (await this.c.people.findOne({ _id: userId }))?.managerId ?? null;
  }
}

export class MongoMembershipDirectory implements MembershipDirectory {
  constructor(private readonly c: ContextCollections) {}

  async visibility(groupId: string): Promise<GroupVisibility | null> {
    return (await this.c.groups.findOne({ _id: groupId }))?.visibility ?? null;
  }

  async membersAmong(groupId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.c.members.find({ _id: { $in: ids.map((id) => `${groupId}:${id}`) }, member: true }, { projection: { userId: 1 } }).toArray();
    return new Set(docs.map((d) => d.userId));
  }

  async *members(groupId: string, chunk: number): AsyncIterable<string[]> {
    let after = '';
    for (;;) {
      const docs = await this.c.members.find({ groupId, member: true, userId: { $gt: after } }, { projection: { userId: 1 } }).sort({ userId: 1 }).limit(chunk).toArray();
      if (docs.length === 0) return;
      yield docs.map((d) => d.userId);
      after = docs[docs.length - 1]!.userId;
      if (docs.length < chunk) return;
    }
  }

  async managers(groupId: string): Promise<string[]> {
    const docs = await this.c.members.find({ groupId, member: true, role: { $in: ['owner', 'moderator'] } }, { projection: { userId: 1 } }).limit(100).toArray();
    return docs.map((d) => d.userId);
  }
}

export class MongoContentDirectory implements ContentDirectory {
  constructor(private readonly c: ContextCollections) {}

  async post(postId: string): Promise<PostInfo | null> {
    const doc = await this.c.posts.findOne({ _id: postId });
    return doc ? { postId: doc._id, authorId: doc.authorId, audience: doc.audience, kind: doc.kind, ...(doc.title ? { title: doc.title } : {}) } : null;
  }

  async comment(commentId: string): Promise<CommentInfo | null> {
    const doc = await this.c.comments.findOne({ _id: commentId });
    return doc ? { commentId: doc._id, postId: doc.postId, authorId: doc.authorId } : null;
  }
}
