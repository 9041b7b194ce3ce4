/**
 * The profile core's projections for the rebuild command (docs/projections.md, "Rebuilding: one command"):
 *
 *   npm run projection:rebuild -- --catalogue apps/profiles/src/projections.catalogue.ts --projection taxonomy --to 2
 *
 * `taxonomy` is a projection of profiles' own events, rebuilt from its event store. `profile-views`
 * is not here: half of it is identity's topic, which profiles' event store cannot replay (a new
 * version of it starts from the beginning of the topics instead; ADR 0016). Namespace and topic
 * prefix: SERVICE_NAME and KAFKA_TOPIC_PREFIX, as the running service reads them.
 */
import { profilesContractRegistry, profilesReadModelProjections, PROFILES_SERVICE, ProfilesTopics } from '@plein/profiles/infrastructure';
import { kafkaConfig, loadConfig } from '@plein/shared/config';
import { MongoEventStore } from '@plein/shared/event-store';
import { defineCatalogue } from '@plein/shared/projections';

const service = process.env['SERVICE_NAME'] || PROFILES_SERVICE;
const { topicPrefix } = loadConfig({ kafka: kafkaConfig({ clientId: 'plein-profiles-rebuild' }) }, process.env).kafka;

export const projectionCatalogue = defineCatalogue({
  service,
  projections: profilesReadModelProjections(new ProfilesTopics(topicPrefix)).filter((p) => p.name === 'taxonomy'),
  contracts: profilesContractRegistry(),
  eventSource: ({ connection }) => new MongoEventStore({ connection, service }),
  database: 'plein_profiles',
});
