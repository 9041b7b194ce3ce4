import type { ProfileView, ProfileViews, TaxonomyReader, TaxonomyTerm } from '@plein/profiles/application';
import { TAXONOMY_MAX_TERMS } from '@plein/profiles/application';
import type { ReadYourWrites } from '@plein/shared/event-sourcing';
import type { EventEnvelope } from '@plein/shared/kernel';
import { SequenceGapError, type ProjectionDefinition, type ProjectionRegistry } from '@plein/shared/projections';
import type { mongo } from 'mongoose';
import { applyProfileViewEvent, toProfileView, type ProfileViewDocument } from './profile-views.projection';
import { applyTaxonomyEvent, toTaxonomyTerm, type TaxonomyTermDocument } from './taxonomy.projection';

type Resolve<T extends mongo.Document> = () => Promise<mongo.Collection<T>>;

/** Profile views over the active `profile-views` collection. */
export class MongoProfileViews implements ProfileViews {
  constructor(private readonly collection: Resolve<ProfileViewDocument>) {}

  async get(userId: string): Promise<ProfileView | null> {
    return toProfileView(await (await this.collection()).findOne({ _id: userId }));
  }
}

/** The active taxonomy terms (ordered by id, bounded). */
export class MongoTaxonomyReader implements TaxonomyReader {
  constructor(private readonly collection: Resolve<TaxonomyTermDocument>) {}

  async all(): Promise<TaxonomyTerm[]> {
    const docs = await (await this.collection()).find({ status: 'active' }).sort({ _id: 1 }).limit(TAXONOMY_MAX_TERMS).toArray();
    return docs.map(toTaxonomyTerm);
  }

  async page(after: string | undefined, limit: number): Promise<TaxonomyTerm[]> {
    const filter = after === undefined ? { status: 'active' as const } : { status: 'active' as const, _id: { $gt: after } };
    return (await (await this.collection()).find(filter).sort({ _id: 1 }).limit(limit).toArray()).map(toTaxonomyTerm);
  }

  async get(termId: string): Promise<TaxonomyTerm | null> {
    const doc = await (await this.collection()).findOne({ _id: termId, status: 'active' });
    return doc ? toTaxonomyTerm(doc) : null;
  }
}

/**
 * Applies just-appended profile and taxonomy events to their read models at once, so the answer
 * and the caller's next request see their own write (the consumer applies them again later: a
 * duplicate). A gap is reported; the command path then re-reads the stream.
 */
export class ProfilesReadYourWrites implements ReadYourWrites {
  constructor(
    private readonly registry: ProjectionRegistry,
    private readonly byAggregate: ReadonlyMap<string, { projection: ProjectionDefinition; apply: (c: mongo.Collection<mongo.Document>, e: EventEnvelope) => Promise<void> }>,
  ) {}

  async project(events: readonly EventEnvelope[]): Promise<'applied' | 'gap'> {
    let outcome: 'applied' | 'gap' = 'applied';
    for (const envelope of events) {
      const model = this.byAggregate.get(envelope.aggregateType);
      if (!model) continue;
      try {
        await model.apply(await this.registry.activeCollection(model.projection), envelope);
      } catch (error) {
        if (!(error instanceof SequenceGapError)) throw error;
        outcome = 'gap';
      }
    }
    return outcome;
  }
}

export { applyProfileViewEvent, applyTaxonomyEvent };
