import type { AuditLog } from '@plein/moderation/application';
import { chainEntry, ChainVerifier, entryDigest, GENESIS, type AuditContent, type AuditEntry, type ChainVerification } from '@plein/moderation/domain';
import { systemClock, uuidv7, type Clock } from '@plein/shared/kernel';
import { isDuplicateKeyError } from '@plein/shared/messaging';
import type { mongo } from 'mongoose';

type StoredEntry = AuditEntry & { _id: number };
interface Anchor {
  _id: 'anchor';
  seq: number;
  digest: string;
}

/** Appends tried before giving up when other writers keep taking the next sequence number. */
const APPEND_ATTEMPTS = 50;
/** Entries one purge call looks at (run it again for more). */
export const PURGE_BATCH = 10_000;
export const PURGED_ACTION = 'audit.purged';

/**
 * The audit log in MongoDB: one document per entry with `_id = seq`, so two appends racing for
 * the same place collide on the primary key and the loser re-reads the tail and tries again: the
 * chain never forks. Each entry is logged once per event (unique `eventId`). Purging removes only
 * the oldest run of entries, stops at the first entry under legal hold, and first appends a
 * checkpoint entry with the digest of the last purged entry (the anchor the verifier starts from).
 */
export class MongoAuditLog implements AuditLog {
  private readonly log: mongo.Collection<StoredEntry>;
  private readonly meta: mongo.Collection<Anchor>;
  private readonly holds: mongo.Collection<{ _id: string; by: string; at: string }>;

  constructor(
    db: mongo.Db,
    service: string,
    private readonly clock: Clock = systemClock,
  ) {
    this.log = db.collection<StoredEntry>(`${service}_audit_log`);
    this.meta = db.collection<Anchor>(`${service}_audit_meta`);
    this.holds = db.collection(`${service}_audit_holds`);
  }

  async init(): Promise<void> {
    await this.log.createIndex({ eventId: 1 }, { unique: true });
  }

  /** Appends `content` at the end of the chain; an event already logged answers its entry. */
  async append(content: AuditContent): Promise<AuditEntry> {
    const withId = { ...content, eventId: content.eventId ?? uuidv7() };
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      const logged = await this.log.findOne({ eventId: withId.eventId });
      if (logged) return strip(logged);
      const [last] = await this.log.find().sort({ _id: -1 }).limit(1).toArray();
      const entry = chainEntry(withId, last ? strip(last) : null, await this.anchor());
      try {
        await this.log.insertOne({ _id: entry.seq, ...entry });
        return entry;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Another append took this place (or logged this event): re-read and try again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
      }
    }
    throw new Error(`audit log: no free place after ${APPEND_ATTEMPTS} attempts`);
  }

  async verify(): Promise<ChainVerification> {
    const anchor = await this.anchor();
    const verifier = new ChainVerifier(anchor);
    let lastCheckpoint: AuditEntry | null = null;
    for await (const doc of this.log.find({ _id: { $gt: anchor.seq } }).sort({ _id: 1 }).batchSize(1000)) {
      const entry = strip(doc);
      if (!verifier.add(entry)) break;
      if (entry.action === PURGED_ACTION) lastCheckpoint = entry;
    }
    const result = verifier.result();
    // The anchor must be the one the latest purge recorded in the chain (an edited anchor hides removed entries).
    if (result.ok && anchor.seq > 0) {
      const recorded = lastCheckpoint?.data as { throughSeq?: number; digest?: string } | undefined;
      if (recorded?.throughSeq !== anchor.seq || recorded?.digest !== anchor.digest) {
        return { ok: false, checked: result.checked, lastSeq: result.lastSeq, firstBad: { seq: anchor.seq, problem: 'broken-link' } };
      }
    }
    return result;
  }

  async *entries(afterSeq: number, limit: number): AsyncIterable<AuditEntry> {
    for await (const doc of this.log.find({ _id: { $gt: afterSeq } }).sort({ _id: 1 }).limit(limit).batchSize(500)) yield strip(doc);
  }

  async nextAfter(afterSeq: number, limit: number): Promise<number | null> {
    const [last] = await this.log.find({ _id: { $gt: afterSeq } }, { projection: { _id: 1 } }).sort({ _id: 1 }).skip(limit - 1).limit(1).toArray();
    if (!last) return null;
    return (await this.log.countDocuments({ _id: { $gt: last._id } }, { limit: 1 })) > 0 ? last._id : null;
  }

  async purge(before: Date, actorId: string): Promise<{ purged: number; throughSeq: number | null }> {
    const anchor = await this.anchor();
    const held = new Set((await this.holds.find().limit(10_000).toArray()).map((h) => h._id));
    const cutoff = before.toISOString();
    let last: AuditEntry | null = null;
    let count = 0;
    for await (const doc of this.log.find({ _id: { $gt: anchor.seq } }).sort({ _id: 1 }).limit(PURGE_BATCH).batchSize(1000)) {
      const entry = strip(doc);
      if (entry.occurredAt >= cutoff || held.has(entry.subject) || held.has(entry.actorId)) break;
      last = entry;
      count++;
    }
    if (!last) return { purged: 0, throughSeq: null };
    const digest = entryDigest(last);
    await this.append({ action: PURGED_ACTION, actorId, subject: 'audit-log', occurredAt: this.clock.now().toISOString(), data: { throughSeq: last.seq, digest, count, before: cutoff } });
    await this.meta.updateOne({ _id: 'anchor' }, { $set: { seq: last.seq, digest } }, { upsert: true });
    await this.log.deleteMany({ _id: { $lte: last.seq } });
    return { purged: count, throughSeq: last.seq };
  }

  /** Puts a subject (a case `post:<id>`, a person) under legal hold, or lifts it; both are logged. */
  async hold(subject: string, actorId: string, on: boolean): Promise<void> {
    if (on) await this.holds.updateOne({ _id: subject }, { $set: { by: actorId, at: this.clock.now().toISOString() } }, { upsert: true });
    else await this.holds.deleteOne({ _id: subject });
    await this.append({ action: on ? 'audit.hold-placed' : 'audit.hold-lifted', actorId, subject, occurredAt: this.clock.now().toISOString(), data: {} });
  }

  private async anchor(): Promise<{ seq: number; digest: string }> {
    const anchor = await this.meta.findOne({ _id: 'anchor' });
    return anchor ? { seq: anchor.seq, digest: anchor.digest } : { seq: 0, digest: GENESIS };
  }
}

function strip(doc: StoredEntry | AuditEntry): AuditEntry {
  const { _id, ...entry } = doc as StoredEntry;
  void _id;
  return entry;
}
