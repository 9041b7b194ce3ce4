import { kafkaConfig, loadConfig } from '@plein/shared/config';
import { MongoEventStore } from '@plein/shared/event-store';
import { defineCatalogue } from '@plein/shared/projections';
import { IDENTITY_SERVICE, identityContractRegistry, identityProjections } from '@plein/identity/infrastructure';

/**
 * identity's projections for the rebuild command:
 * `npm run projection:rebuild -- --catalogue apps/identity/src/projections.catalogue.ts --projection users --to 2`.
 * The topics are read under KAFKA_TOPIC_PREFIX, as the running service reads them.
 */
const { topicPrefix } = loadConfig({ kafka: kafkaConfig({ clientId: 'plein-identity-rebuild' }) }, process.env).kafka;

export const projectionCatalogue = defineCatalogue({
  service: IDENTITY_SERVICE,
  projections: identityProjections(topicPrefix),
  contracts: identityContractRegistry().consuming(),
  eventSource: ({ connection }) => new MongoEventStore({ connection, service: IDENTITY_SERVICE }),
  database: 'plein_identity',
});
