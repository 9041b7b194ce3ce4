import { isDuplicateKeyError } from '@plein/shared/messaging';
import type {
  IdpSessionRef,
  LoginLinks,
  LoginTransaction,
  LoginTransactionStore,
  OneTimeMarks,
  RefreshTokenRecord,
  RefreshTokenStore,
  SessionRecord,
  SessionRevocationReason,
  SessionStore,
} from '@plein/identity/application';
import type { mongo } from 'mongoose';

/**
 * Identity's operational auth state in MongoDB: sessions, refresh tokens, login transactions,
 * IdP links and one-time marks. Not event-sourced (only session revocations are events).
 * FerretDB has no TTL indexes, so expired documents are removed by AuthHousekeeping instead.
 */
export const AUTH_COLLECTIONS = {
  sessions: 'identity_sessions',
  refreshTokens: 'identity_refresh_tokens',
  loginTransactions: 'identity_login_transactions',
  loginLinks: 'identity_login_links',
  marks: 'identity_one_time_marks',
} as const;

interface SessionDocument {
  _id: string;
  userId: string;
  status: 'active' | 'revoked';
  createdAt: Date;
  expiresAt: Date;
  idp: IdpSessionRef | null;
  revokedAt?: Date;
  revokedReason?: SessionRevocationReason;
}

export class MongoSessionStore implements SessionStore {
  constructor(private readonly collection: mongo.Collection<SessionDocument>) {}

  async init(): Promise<void> {
    const keys: Record<string, 1>[] = [{ userId: 1, status: 1 }, { 'idp.issuer': 1, 'idp.sid': 1 }, { 'idp.issuer': 1, 'idp.subject': 1 }, { expiresAt: 1 }];
    for (const key of keys) await this.collection.createIndex(key);
  }

  async create(session: SessionRecord): Promise<void> {
    const { id, ...rest } = session;
    await this.collection.insertOne({ _id: id, ...rest });
  }

  async get(id: string): Promise<SessionRecord | null> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? toSession(doc) : null;
  }

  async findActiveByIdp(issuer: string, ref: { sid?: string; subject?: string }): Promise<SessionRecord[]> {
    const match = ref.sid ? { 'idp.sid': ref.sid } : ref.subject ? { 'idp.subject': ref.subject } : null;
    if (!match) return [];
    return (await this.collection.find({ 'idp.issuer': issuer, ...match, status: 'active' }).toArray()).map(toSession);
  }

  async listActiveForUser(userId: string): Promise<SessionRecord[]> {
    return (await this.collection.find({ userId, status: 'active' }).sort({ createdAt: -1 }).limit(1000).toArray()).map(toSession);
  }

  async markRevoked(id: string, reason: SessionRevocationReason, at: Date): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, status: 'active' }, { $set: { status: 'revoked', revokedAt: at, revokedReason: reason } });
    return result.modifiedCount === 1;
  }
}

const toSession = ({ _id, userId, status, createdAt, expiresAt, idp }: SessionDocument): SessionRecord => ({ id: _id, userId, status, createdAt, expiresAt, idp: idp ?? null });

/** A record stored as is, its `id` as the document's `_id`. */
type KeyedDocument<T extends { readonly id: string }> = Omit<T, 'id'> & { _id: string };

/** Saves and loads whole records by id (refresh tokens, login transactions). */
class MongoKeyedStore<T extends { readonly id: string }> {
  constructor(protected readonly collection: mongo.Collection<KeyedDocument<T>>) {}

  async save(record: T): Promise<void> {
    const { id, ...rest } = record;
    await this.collection.insertOne({ _id: id, ...rest } as mongo.OptionalUnlessRequiredId<KeyedDocument<T>>);
  }

  async get(id: string): Promise<T | null> {
    const doc = await this.collection.findOne({ _id: id } as mongo.Filter<KeyedDocument<T>>);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: _id, ...rest } as unknown as T;
  }
}

export class MongoRefreshTokenStore extends MongoKeyedStore<RefreshTokenRecord> implements RefreshTokenStore {
  async init(): Promise<void> {
    await this.collection.createIndex({ expiresAt: 1 });
  }
}

export class MongoLoginTransactionStore extends MongoKeyedStore<LoginTransaction> implements LoginTransactionStore {}

export class MongoLoginLinks implements LoginLinks {
  constructor(private readonly collection: mongo.Collection<{ _id: string; userId: string; linkedAt: Date }>) {}

  async find(issuer: string, subject: string): Promise<string | null> {
    return (await this.collection.findOne({ _id: `${issuer}|${subject}` }))?.userId ?? null;
  }

  async link(issuer: string, subject: string, userId: string): Promise<void> {
    await this.collection.updateOne({ _id: `${issuer}|${subject}` }, { $set: { userId, linkedAt: new Date() } }, { upsert: true });
  }
}

/** Single use by unique `_id`: the one write FerretDB 1.x also decides atomically. */
export class MongoOneTimeMarks implements OneTimeMarks {
  constructor(private readonly collection: mongo.Collection<{ _id: string; expiresAt: Date }>) {}

  async claim(key: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: key, expiresAt });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}

/** Deletes what has expired (the job a TTL index does on MongoDB). */
export async function sweepExpiredAuthState(db: mongo.Db, now: Date): Promise<void> {
  const expired = { expiresAt: { $lt: now } };
  await Promise.all([
    db.collection(AUTH_COLLECTIONS.refreshTokens).deleteMany(expired),
    db.collection(AUTH_COLLECTIONS.loginTransactions).deleteMany(expired),
    db.collection(AUTH_COLLECTIONS.marks).deleteMany(expired),
    // Revoked or expired sessions stay a day for support questions ("why was I signed out?").
    db.collection(AUTH_COLLECTIONS.sessions).deleteMany({ expiresAt: { $lt: new Date(now.getTime() - 86_400_000) } }),
  ]);
}
