import { feedCommentTopic, feedContracts, feedPostTopic, feedReactionTopic, feedResponseTopic, feedRosterTopic, feedRsvpTopic, feedUpcasters } from '@plein/feed/contracts';
import { identityContracts, identityUpcasters, identityUserTopic } from '@plein/identity/contracts';
import { insightsContracts, insightsUpcasters, insightsVisitTopic } from '@plein/insights/contracts';
import { profilesContracts, profilesProfileTopic, profilesUpcasters } from '@plein/profiles/contracts';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import { eventTopicSpec, type TopicSpec } from '@plein/shared/event-store';

/** What insights consumes, and the partitions deploy/topics/topics.yaml gives each (for ensureServiceTopics in tests and fresh installs). */
const CONSUMED: readonly (readonly [string, number])[] = [
  [identityUserTopic.name, 6],
  [feedPostTopic.name, 12],
  [feedCommentTopic.name, 6],
  [feedReactionTopic.name, 12],
  [feedResponseTopic.name, 12],
  [feedRsvpTopic.name, 6],
  [feedRosterTopic.name, 3],
  [insightsVisitTopic.name, 6],
];
/** Consumed by the completeness records only (not by the cells). */
const PROFILE_TOPIC: readonly [string, number] = [profilesProfileTopic.name, 6];

/** Aggregate types the cells projection applies (everything else on its topics is skipped). */
export const CELLS_AGGREGATE_TYPES = ['user', 'post', 'comment', 'reaction', 'response', 'rsvp', 'roster', 'visit'] as const;

/** The contracts of every event the cells projection reads (validated and upcast before apply). */
export const insightsConsumedRegistry = (): ContractRegistry =>
  new ContractRegistry([...insightsContracts, ...identityContracts, ...feedContracts, ...profilesContracts], [...insightsUpcasters, ...identityUpcasters, ...feedUpcasters, ...profilesUpcasters]);

/** Topic names under the installation's prefix (`KAFKA_TOPIC_PREFIX`). */
export class InsightsTopics {
  constructor(readonly prefix = '') {}
  /** Every topic the cells projection consumes. */
  consumed(): string[] {
    return CONSUMED.map(([name]) => prefixedTopicName(this.prefix, name));
  }
  get visits(): string {
    return prefixedTopicName(this.prefix, insightsVisitTopic.name);
  }
  get identityUser(): string {
    return prefixedTopicName(this.prefix, identityUserTopic.name);
  }
  get profile(): string {
    return prefixedTopicName(this.prefix, profilesProfileTopic.name);
  }
  feed(topic: 'post' | 'comment' | 'reaction' | 'response' | 'rsvp' | 'roster'): string {
    const names = { post: feedPostTopic, comment: feedCommentTopic, reaction: feedReactionTopic, response: feedResponseTopic, rsvp: feedRsvpTopic, roster: feedRosterTopic };
    return prefixedTopicName(this.prefix, names[topic].name);
  }
  /** The consumed topics, created when missing (ensureServiceTopics never alters an existing one). */
  specs(): TopicSpec[] {
    return [...CONSUMED, PROFILE_TOPIC].map(([name, partitions]) => eventTopicSpec(prefixedTopicName(this.prefix, name), partitions));
  }
}
