/**
 * Moderation's projections for the rebuild command (docs/projections.md, "Rebuilding: one command"):
 *
 *   npm run projection:rebuild -- --catalogue apps/moderation/src/projections.catalogue.ts --projection cases --to 2
 *
 * The read models of moderation's own events (cases, case-reports, case-decisions), rebuilt from
 * its event store. The audience read models (content, groups, memberships, follows, people) are
 * projections of feed's and identity's topics, not of this event store: a new version of one
 * starts from the beginning of those topics instead (the projection host does that for a version
 * without a registry document). Namespace and topic prefix: SERVICE_NAME and KAFKA_TOPIC_PREFIX.
 */
import { caseProjections, MODERATION_SERVICE, moderationReadRegistry, ModerationTopics } from '@plein/moderation/infrastructure';
import { kafkaConfig, loadConfig } from '@plein/shared/config';
import { MongoEventStore } from '@plein/shared/event-store';
import { defineCatalogue } from '@plein/shared/projections';

const service = process.env['SERVICE_NAME'] || MODERATION_SERVICE;
const { topicPrefix } = loadConfig({ kafka: kafkaConfig({ clientId: 'plein-moderation-rebuild' }) }, process.env).kafka;

export const projectionCatalogue = defineCatalogue({
  service,
  projections: caseProjections(new ModerationTopics(topicPrefix)),
  contracts: moderationReadRegistry(),
  eventSource: ({ connection }) => new MongoEventStore({ connection, service }),
  database: 'plein_moderation',
});
