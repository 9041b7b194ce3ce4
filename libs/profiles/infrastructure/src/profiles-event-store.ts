import { profilesContracts, profilesUpcasters } from '@plein/profiles/contracts';
import { ContractRegistry } from '@plein/shared/contracts';
import { MongoEventStore } from '@plein/shared/event-store';
import type { Connection } from 'mongoose';

/** The profiles service's contracts: the event store validates every event against them before writing. */
export const profilesRegistry = (): ContractRegistry => new ContractRegistry(profilesContracts, profilesUpcasters);

/** The profiles event store (`profiles_streams` in the service's database), validating against its own contracts. */
export function createProfilesEventStore(connection: Connection, registry: ContractRegistry = profilesRegistry()): MongoEventStore {
  return new MongoEventStore({ connection, service: 'profiles', validate: (envelope) => registry.validate(envelope), tombstones: true });
}
