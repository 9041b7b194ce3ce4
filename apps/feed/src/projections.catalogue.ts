/**
 * The feed's projections for the rebuild command (docs/projections.md, "Rebuilding: one command"):
 *
 *   npm run projection:rebuild -- --catalogue apps/feed/src/projections.catalogue.ts --projection posts --to 3
 *
 * Every read model the feed defines, at the versions of FEED_READ_MODEL_VERSIONS (a release that
 * bumps one defines both versions here until the rebuild has switched reads). The collections'
 * namespace and the topic prefix are the service's own settings, SERVICE_NAME and
 * KAFKA_TOPIC_PREFIX, as the running service reads them. The home timeline is not here: its
 * fan-out reads the follows and memberships read models, and a timeline is rebuilt per owner on
 * read (docs/feed/domain.md).
 */
import { kafkaConfig, loadConfig } from '@plein/shared/config';
import { MongoEventStore } from '@plein/shared/event-store';
import { defineCatalogue } from '@plein/shared/projections';
import { FEED_SERVICE, feedContractRegistry, feedReadModelProjections, FeedTopics } from '@plein/feed/infrastructure';

const service = process.env['SERVICE_NAME'] || FEED_SERVICE;
const { topicPrefix } = loadConfig({ kafka: kafkaConfig({ clientId: 'plein-feed-rebuild' }) }, process.env).kafka;

export const projectionCatalogue = defineCatalogue({
  service,
  projections: feedReadModelProjections(new FeedTopics(topicPrefix)),
  contracts: feedContractRegistry(),
  eventSource: ({ connection }) => new MongoEventStore({ connection, service }),
  database: 'plein_feed',
});
