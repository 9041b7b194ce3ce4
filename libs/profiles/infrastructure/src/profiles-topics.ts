import { identityContracts, identityUpcasters, identityUserTopic } from '@plein/identity/contracts';
import { profilesContracts, profilesUpcasters } from '@plein/profiles/contracts';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import { eventTopicSpec, type TopicSpec } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';

export const PROFILES_SERVICE = 'profiles';

/** Profiles contracts (produced) plus identity's (consumed: the directory data of people). */
export const profilesContractRegistry = (): ContractRegistry => new ContractRegistry([...profilesContracts, ...identityContracts], [...profilesUpcasters, ...identityUpcasters]);

/** The topic of each profiles aggregate type, from the contracts (one topic per aggregate type). */
const topicByAggregate = (): ReadonlyMap<string, string> => new Map(profilesContracts.map((c) => [c.aggregateType, c.topic]));

/**
 * Topic names under the installation's prefix (`KAFKA_TOPIC_PREFIX`): tests and side-by-side
 * installations get their own topics on a shared cluster; production uses the contract names.
 */
export class ProfilesTopics {
  private readonly own = topicByAggregate();
  constructor(readonly prefix = '') {}
  /** The topic of a profiles aggregate type (`profile`, `taxonomy`, ...). */
  profiles(aggregateType: string): string {
    const topic = this.own.get(aggregateType);
    if (!topic) throw new Error(`no profiles topic for aggregate type ${aggregateType}`);
    return prefixedTopicName(this.prefix, topic);
  }
  get profile(): string {
    return this.profiles('profile');
  }
  get taxonomy(): string {
    return this.profiles('taxonomy');
  }
  get identityUser(): string {
    return prefixedTopicName(this.prefix, identityUserTopic.name);
  }
  /** The outbox relay's routing: one topic per aggregate type. */
  topicFor = (envelope: EventEnvelope): string => this.profiles(envelope.aggregateType);
  /** Every topic profiles produces or consumes, for ensureServiceTopics at boot (partitions as deploy/topics/topics.yaml). */
  specs(): TopicSpec[] {
    const names = [...[...this.own.keys()].map((aggregate) => this.profiles(aggregate)), this.identityUser];
    return names.map((name) => eventTopicSpec(name, name === this.taxonomy ? 3 : 6));
  }
}
