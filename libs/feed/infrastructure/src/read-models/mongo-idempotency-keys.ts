import type { IdempotencyKeys } from '@plein/feed/application';
import { isDuplicateKeyError } from '@plein/shared/messaging';
import type { mongo } from 'mongoose';

interface KeyDoc {
  _id: string;
  id: string;
  createdAt: Date;
}

/**
 * `feed_idempotency_keys`: (scope, actor, Idempotency-Key) -> the id the first request chose.
 * Creates keep time-ordered UUIDv7 ids (timelines order by them) and still land on the same
 * stream when retried: the first insert wins (unique _id, atomic on every server), a retry or a
 * racing copy reads the winner's id, and handleCommand then returns the first result.
 */
export class MongoIdempotencyKeys implements IdempotencyKeys {
  constructor(private readonly collection: mongo.Collection<KeyDoc>) {}

  async resolve(scope: string, actorId: string, key: string, proposed: string): Promise<string> {
    // No NUL separator: PostgreSQL-backed FerretDB stores documents as jsonb, which refuses \u0000.
    const _id = JSON.stringify([scope, actorId, key]);
    try {
      await this.collection.insertOne({ _id, id: proposed, createdAt: new Date() });
      return proposed;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.collection.findOne({ _id });
      return existing!.id;
    }
  }
}
