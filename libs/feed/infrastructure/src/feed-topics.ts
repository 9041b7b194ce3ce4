import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import { eventTopicSpec, type TopicSpec } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import {
  feedAgendaItemTopic,
  feedCommentTopic,
  feedContracts,
  feedFollowTopic,
  feedGroupTopic,
  feedIdeaJamTopic,
  feedJamBallotTopic,
  feedMemberTopic,
  feedPostTopic,
  feedReactionTopic,
  feedResponseTopic,
  feedRosterTopic,
  feedRsvpTopic,
  feedScreeningTopic,
  feedUpcasters,
} from '@plein/feed/contracts';
import { identityContracts, identityUpcasters, identityUserTopic } from '@plein/identity/contracts';
import { moderationApprovalTopic, moderationContracts, moderationDecisionTopic, moderationRuleTopic, moderationUpcasters } from '@plein/moderation/contracts';

export const FEED_SERVICE = 'feed';

/** Feed contracts (produced and consumed) plus the identity and moderation events the feed reads. */
export const feedContractRegistry = (): ContractRegistry =>
  new ContractRegistry([...feedContracts, ...identityContracts, ...moderationContracts], [...feedUpcasters, ...identityUpcasters, ...moderationUpcasters]);

const FEED_TOPIC_BY_AGGREGATE: Readonly<Record<string, string>> = {
  post: feedPostTopic.name,
  comment: feedCommentTopic.name,
  reaction: feedReactionTopic.name,
  group: feedGroupTopic.name,
  member: feedMemberTopic.name,
  response: feedResponseTopic.name,
  follow: feedFollowTopic.name,
  ideajam: feedIdeaJamTopic.name,
  jamballot: feedJamBallotTopic.name,
  agendaitem: feedAgendaItemTopic.name,
  rsvp: feedRsvpTopic.name,
  roster: feedRosterTopic.name,
  screening: feedScreeningTopic.name,
};

/**
 * Topic names under the installation's prefix (`KAFKA_TOPIC_PREFIX`, prefixedTopicName): tests and
 * side-by-side installations get their own topics on a shared cluster. Production uses the
 * contract names as they are.
 */
export class FeedTopics {
  constructor(readonly prefix = '') {}
  feed(aggregateType: string): string {
    const topic = FEED_TOPIC_BY_AGGREGATE[aggregateType];
    if (!topic) throw new Error(`no feed topic for aggregate type ${aggregateType}`);
    return prefixedTopicName(this.prefix, topic);
  }
  get identityUser(): string {
    return prefixedTopicName(this.prefix, identityUserTopic.name);
  }
  get moderationDecision(): string {
    return prefixedTopicName(this.prefix, moderationDecisionTopic.name);
  }
  /** Moderation's compose-time rules (projected into the feed's rule set). */
  get moderationRule(): string {
    return prefixedTopicName(this.prefix, moderationRuleTopic.name);
  }
  /** Moderators' approvals and rejections of held or flagged content. */
  get moderationApproval(): string {
    return prefixedTopicName(this.prefix, moderationApprovalTopic.name);
  }
  /** The outbox relay's routing: one topic per aggregate type. */
  topicFor = (envelope: EventEnvelope): string => this.feed(envelope.aggregateType);
  /** Every topic the feed produces or consumes, for ensureServiceTopics at boot. */
  specs(): TopicSpec[] {
    const names = [...Object.keys(FEED_TOPIC_BY_AGGREGATE).map((t) => this.feed(t)), this.identityUser, this.moderationDecision, this.moderationRule, this.moderationApproval];
    return names.map((name) => eventTopicSpec(name, name.endsWith(feedPostTopic.name) ? 12 : 6));
  }
}
