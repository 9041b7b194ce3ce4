import type { TaxonomyLabels, TaxonomyTermChangedV1, TaxonomyTermDefinedV1 } from '@plein/profiles/contracts';
import type { TaxonomyTerm } from '@plein/profiles/application';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

/** One curated term (retired ones stay, flagged, so a redelivered definition is still a duplicate). */
export interface TaxonomyTermDocument {
  _id: string;
  lastSequence: number;
  status: 'active' | 'retired';
  labels: TaxonomyLabels;
  synonyms: string[];
  updatedAt: string;
}

export function taxonomyUpdate(envelope: EventEnvelope): mongo.UpdateFilter<TaxonomyTermDocument> {
  const at = envelope.occurredAt;
  switch (envelope.type) {
    case 'profiles.taxonomy.term-defined': {
      const d = envelope.data as TaxonomyTermDefinedV1;
      return { $set: { status: 'active', labels: d.labels, synonyms: d.synonyms, updatedAt: at } };
    }
    case 'profiles.taxonomy.term-changed': {
      const d = envelope.data as TaxonomyTermChangedV1;
      return { $set: { ...(d.labels ? { labels: d.labels } : {}), ...(d.synonyms ? { synonyms: d.synonyms } : {}), updatedAt: at } };
    }
    case 'profiles.taxonomy.term-retired':
      return { $set: { status: 'retired', updatedAt: at } };
    default:
      return {};
  }
}

export const applyTaxonomyEvent = async (collection: mongo.Collection<TaxonomyTermDocument>, envelope: EventEnvelope): Promise<void> => {
  await applyInSequence(collection, envelope.aggregateId, envelope.sequence, taxonomyUpdate(envelope));
};

export const taxonomyProjection = (topics: { taxonomy: string }, version: number): ProjectionDefinition<'mongo'> =>
  defineProjection({
    name: 'taxonomy',
    version,
    topics: [topics.taxonomy],
    aggregateTypes: ['taxonomy'],
    async setup(ctx: MongoProjectionContext) {
      await ctx.collection.createIndex({ status: 1, _id: 1 });
    },
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      await applyTaxonomyEvent(ctx.collection, envelope);
    },
  });

export const toTaxonomyTerm = (doc: TaxonomyTermDocument): TaxonomyTerm => ({ termId: doc._id, labels: doc.labels, synonyms: doc.synonyms });
