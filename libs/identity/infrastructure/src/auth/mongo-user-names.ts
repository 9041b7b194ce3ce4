import { isDuplicateKeyError } from '@plein/shared/messaging';
import type { UserNameRegistry } from '@plein/identity/application';
import { UserNameTakenError } from '@plein/identity/domain';
import type { EventStore } from '@plein/shared/event-store';
import type { mongo } from 'mongoose';

interface ClaimDocument {
  /** The lower-cased userName. */
  _id: string;
  userId: string;
  claimedAt: Date;
}

/** A claim whose user never got a stream this long after claiming was left by a crash. */
const ORPHAN_AFTER_MS = 60_000;

/**
 * `identity_user_names`: one document per lower-cased userName, inserted before the user's event
 * is appended (a unique `_id` decides races, also on FerretDB). A claim is taken over when its
 * holder is deleted, or never came to exist (crash between claim and append).
 */
export class MongoUserNameRegistry implements UserNameRegistry {
  constructor(
    private readonly collection: mongo.Collection<ClaimDocument>,
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(userName: string, userId: string): Promise<void> {
    const key = userName.trim().toLowerCase();
    try {
      await this.collection.insertOne({ _id: key, userId, claimedAt: this.now() });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const holder = await this.collection.findOne({ _id: key });
    if (!holder || holder.userId === userId) return;
    if (!(await this.abandoned(holder))) throw new UserNameTakenError(userName);
    const taken = await this.collection.updateOne({ _id: key, userId: holder.userId }, { $set: { userId, claimedAt: this.now() } });
    if (taken.matchedCount !== 1) throw new UserNameTakenError(userName);
  }

  async release(userName: string, userId: string): Promise<void> {
    await this.collection.deleteOne({ _id: userName.trim().toLowerCase(), userId });
  }

  private async abandoned(holder: ClaimDocument): Promise<boolean> {
    const stream = await this.store.readStream(`user-${holder.userId}`);
    if (!stream) return this.now().getTime() - holder.claimedAt.getTime() > ORPHAN_AFTER_MS;
    return stream.events.some((e) => e.type === 'identity.user.deleted');
  }
}
