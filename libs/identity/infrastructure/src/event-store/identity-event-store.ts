import type { Connection } from 'mongoose';
import type { Clock, EventEnvelope } from '@plein/shared/kernel';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import { eventTopicSpec, MongoEventStore, type TopicSpec } from '@plein/shared/event-store';
import { identityContracts, identityGroupTopic, identitySessionTopic, identityUpcasters, identityUserTopic } from '@plein/identity/contracts';

export const IDENTITY_SERVICE = 'identity';

/** Every identity contract: validates what the store writes and what identity's processors read. */
export const identityContractRegistry = (): ContractRegistry => new ContractRegistry(identityContracts, identityUpcasters);

/** `identity_streams`, validated against the public contracts before anything is written. */
export function createIdentityEventStore(connection: Connection, registry: ContractRegistry, clock?: Clock): MongoEventStore {
  return new MongoEventStore({ connection, service: IDENTITY_SERVICE, validate: (envelope) => registry.validate(envelope), ...(clock ? { clock } : {}) });
}

const TOPIC_BY_AGGREGATE: Readonly<Record<string, string>> = {
  user: identityUserTopic.name,
  group: identityGroupTopic.name,
  session: identitySessionTopic.name,
};

/**
 * The outbox relay's routing: one topic per aggregate type, under the installation's topic prefix
 * (`KAFKA_TOPIC_PREFIX`, which every consumer of identity's topics reads them under too).
 */
export function identityTopicFor(topicPrefix: string): (envelope: EventEnvelope) => string {
  prefixedTopicName(topicPrefix, identityUserTopic.name); // refuses a bad prefix before the first event
  return (envelope) => {
    const topic = TOPIC_BY_AGGREGATE[envelope.aggregateType];
    if (!topic) throw new Error(`no identity topic for aggregate type ${envelope.aggregateType}`);
    return prefixedTopicName(topicPrefix, topic);
  };
}

/**
 * The topics identity produces, created at boot when missing (deploy/topics/topics.yaml holds
 * the same settings; ensureTopics clamps replication to the brokers present and never alters an
 * existing topic).
 */
export const identityTopicSpecs = (topicPrefix = ''): TopicSpec[] => Object.values(TOPIC_BY_AGGREGATE).map((name) => eventTopicSpec(prefixedTopicName(topicPrefix, name), 6));
