import { notificationsContracts, notificationsPreferencesTopic, notificationsUpcasters } from '@plein/notifications/contracts';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import { eventTopicSpec, MongoEventStore, type TopicSpec } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { Connection } from 'mongoose';

/** The notifications service's contracts: the event store validates every event against them before writing. */
export const notificationsRegistry = (): ContractRegistry => new ContractRegistry(notificationsContracts, notificationsUpcasters);

/**
 * The notifications event store (`<service>_streams` in the service's database, `notifications_streams` in
 * production), validating against its own contracts.
 */
export function createNotificationsEventStore(connection: Connection, registry: ContractRegistry = notificationsRegistry(), service = 'notifications'): MongoEventStore {
  return new MongoEventStore({ connection, service, validate: (envelope) => registry.validate(envelope) });
}

/** The topic of each aggregate type the service publishes. */
const TOPIC_BY_AGGREGATE: Readonly<Record<string, string>> = { preferences: notificationsPreferencesTopic.name };

/** Where the outbox relay publishes an event: its aggregate's topic, after the installation's prefix. */
export function notificationsTopicFor(topicPrefix = ''): (envelope: EventEnvelope) => string {
  prefixedTopicName(topicPrefix, notificationsPreferencesTopic.name); // refuses a bad prefix before the first event
  return (envelope) => {
    const topic = TOPIC_BY_AGGREGATE[envelope.aggregateType];
    if (!topic) throw new Error(`no notifications topic for aggregate type ${envelope.aggregateType}`);
    return prefixedTopicName(topicPrefix, topic);
  };
}

/** The topics the service produces, created at start when missing (ensureServiceTopics never alters an existing one). */
export const notificationsTopicSpecs = (topicPrefix = ''): TopicSpec[] => Object.values(TOPIC_BY_AGGREGATE).map((topic) => eventTopicSpec(prefixedTopicName(topicPrefix, topic), 6));
