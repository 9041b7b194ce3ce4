import { streamsCollectionName } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { MongoProjectionContext } from '@plein/shared/projections';
import { IDENTITY_SERVICE } from '../event-store/identity-event-store';

/**
 * Whether the event belongs to a stream of this installation's event store. Every event on
 * identity's topics was appended to a store before it was published, so one that is not in ours
 * comes from another installation sharing the Kafka cluster (a test run, a second environment)
 * and must not create documents here. Rebuilds replay our own store, so they skip the check.
 */
export async function isOwnEvent(envelope: EventEnvelope, ctx: MongoProjectionContext): Promise<boolean> {
  if (ctx.mode === 'rebuild') return true;
  const streams = ctx.db.collection<{ _id: string }>(streamsCollectionName(IDENTITY_SERVICE));
  return (await streams.findOne({ _id: `${envelope.aggregateType}-${envelope.aggregateId}` }, { projection: { _id: 1 } })) !== null;
}
