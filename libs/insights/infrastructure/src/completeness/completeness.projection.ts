import { completenessCells, CompletenessIngest, type CompletenessRecord, type CompletenessStore, type DirectoryPart, type ProfilePart } from '@plein/insights/application';
import type { Cell } from '@plein/insights/domain';
import { applyInSequence, defineProjection, type ProjectionDefinition, type SequencedDocument } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import type { InsightsTopics } from '../cells/insights-topics';

/** Bump when the records or their mapping change: the new version is built from the beginning of the topics beside the old one. */
export const COMPLETENESS_VERSION = 1;

const PERSON_PREFIX = 'k|';
/** Moves on every applied event: a reader recounts only when it changed. */
const REVISION_ID = 'rev';

interface RecordDocument {
  _id: string;
  directory?: Partial<DirectoryPart>;
  profile?: Partial<ProfilePart>;
  /** Sequence of the last applied identity event of the person, and of their profile. */
  directorySequence?: number;
  profileSequence?: number;
  n?: number;
}
type Records = mongo.Collection<RecordDocument>;

const prefixed = (part: 'directory' | 'profile', fields: object): Record<string, unknown> => Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${part}.${k}`, v]));

/**
 * The completeness records on MongoDB/FerretDB (`<service>_completeness_v<N>`): one document per
 * person (`k|<person key>`) whose `directory.*` fields only identity's events set and `profile.*`
 * fields only profile events set, each guarded by its own stream's sequence (applyInSequence).
 */
export class MongoCompletenessStore implements CompletenessStore {
  constructor(private readonly collection: Records) {}

  async putDirectory(person: string, sequence: number, fields: Partial<DirectoryPart>): Promise<void> {
    await this.put(person, sequence, 'directorySequence', prefixed('directory', fields));
  }

  async putProfile(person: string, sequence: number, fields: Partial<ProfilePart>): Promise<void> {
    await this.put(person, sequence, 'profileSequence', prefixed('profile', fields));
  }

  async forget(person: string, sequence: number): Promise<void> {
    await this.put(person, sequence, 'directorySequence', { directory: { active: false }, profile: {} });
  }

  private async put(person: string, sequence: number, sequenceField: string, set: Record<string, unknown>): Promise<void> {
    // Each stream has its own sequence field (sequenceField), not the guard's default lastSequence.
    const sequenced = this.collection as unknown as mongo.Collection<SequencedDocument>;
    await applyInSequence(sequenced, PERSON_PREFIX + person, sequence, { $set: set } as mongo.UpdateFilter<SequencedDocument>, { sequenceField });
    // Also after a redelivery: a try that died between the two writes left the revision behind.
    await this.collection.updateOne({ _id: REVISION_ID }, { $inc: { n: 1 } }, { upsert: true });
  }

  async records(): Promise<readonly CompletenessRecord[]> {
    const docs = await this.collection.find({ _id: { $gte: PERSON_PREFIX, $lt: 'k}' } }, { projection: { directory: 1, profile: 1 } }).toArray();
    return docs.map((d) => ({ directory: d.directory ?? {}, profile: d.profile ?? {} }));
  }

  /** A number that changes whenever a record changed. */
  async revision(): Promise<number> {
    return (await this.collection.findOne({ _id: REVISION_ID }))?.n ?? 0;
  }
}

/**
 * The completeness gauges of the records. Counting reads every record, which is slow on a large
 * organisation (measured on the shared local FerretDB under load: about 1 ms per record, so
 * 10,000 people take 10-15 s), so a read never waits for it: it answers the last count and, when a
 * record changed since (the revision moved), starts one recount in the background. Until the first
 * count is done the gauges are absent (the bands are hidden). The figures lag the records by at
 * most one count.
 */
export function completenessGaugesReader(collection: () => Promise<mongo.Collection>): () => Promise<readonly Cell[]> {
  let counted: { revision: number; cells: readonly Cell[] } | null = null;
  let counting: Promise<void> | null = null;
  return async () => {
    const store = new MongoCompletenessStore((await collection()) as unknown as Records);
    const revision = await store.revision();
    if (counted?.revision !== revision && !counting) {
      counting = store
        .records()
        .then((records) => {
          counted = { revision, cells: completenessCells(records) };
        })
        .catch(() => undefined) // counted again on the next read
        .finally(() => {
          counting = null;
        });
    }
    return counted?.cells ?? [];
  };
}

export interface CompletenessProjectionOptions {
  readonly topics: InsightsTopics;
  /** The pseudonymisation secret (HMAC key of person keys). */
  readonly secret: string;
}

/**
 * Profile completeness records, fed by the consumer group `<service>.completeness.v<N>` from
 * identity's users and profiles' profile edits (docs/insights/ingestion.md).
 */
export function completenessProjection(options: CompletenessProjectionOptions): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: 'completeness',
    version: COMPLETENESS_VERSION,
    topics: [options.topics.identityUser, options.topics.profile],
    aggregateTypes: ['user', 'profile'],
    async apply(event, ctx) {
      await new CompletenessIngest(new MongoCompletenessStore(ctx.collection as Records), options.secret).handle(event);
    },
  });
}
