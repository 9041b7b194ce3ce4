import { moderationContracts, moderationUpcasters } from '@plein/moderation/contracts';
import { ContractRegistry } from '@plein/shared/contracts';
import { MongoEventStore } from '@plein/shared/event-store';
import type { Connection } from 'mongoose';

/** The moderation service's contracts: the event store validates every event against them before writing. */
export const moderationRegistry = (): ContractRegistry => new ContractRegistry(moderationContracts, moderationUpcasters);

/** The moderation event store (`moderation_streams` in the service's database), validating against its own contracts. */
export function createModerationEventStore(connection: Connection, registry: ContractRegistry = moderationRegistry()): MongoEventStore {
  return new MongoEventStore({ connection, service: 'moderation', validate: (envelope) => registry.validate(envelope) });
}
