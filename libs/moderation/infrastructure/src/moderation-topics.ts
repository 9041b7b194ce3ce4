import { feedCommentTopic, feedContracts, feedFollowTopic, feedGroupTopic, feedMemberTopic, feedPostTopic, feedScreeningTopic, feedUpcasters } from '@plein/feed/contracts';
import { identityContracts, identityUpcasters, identityUserTopic } from '@plein/identity/contracts';
import { moderationApprovalTopic, moderationContracts, moderationDecisionTopic, moderationRuleTopic, moderationUpcasters } from '@plein/moderation/contracts';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import { eventTopicSpec, type TopicSpec } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';

export const MODERATION_SERVICE = 'moderation';

/** Moderation's own contracts plus the feed and identity events it reads (audiences, memberships, roles). */
export const moderationReadRegistry = (): ContractRegistry =>
  new ContractRegistry([...moderationContracts, ...feedContracts, ...identityContracts], [...moderationUpcasters, ...feedUpcasters, ...identityUpcasters]);

/** Topic names under the installation's prefix (KAFKA_TOPIC_PREFIX), as every service does. */
export class ModerationTopics {
  constructor(readonly prefix = '') {}
  private named = (name: string) => prefixedTopicName(this.prefix, name);
  get decision(): string {
    return this.named(moderationDecisionTopic.name);
  }
  /** Compose-time rules and the etiquette (the feed projects them). */
  get rule(): string {
    return this.named(moderationRuleTopic.name);
  }
  /** Answers to screened content (the feed applies them). */
  get approval(): string {
    return this.named(moderationApprovalTopic.name);
  }
  /** What compose-time rules held or flagged in the feed. */
  get screening(): string {
    return this.named(feedScreeningTopic.name);
  }
  get post(): string {
    return this.named(feedPostTopic.name);
  }
  get comment(): string {
    return this.named(feedCommentTopic.name);
  }
  get group(): string {
    return this.named(feedGroupTopic.name);
  }
  get member(): string {
    return this.named(feedMemberTopic.name);
  }
  get follow(): string {
    return this.named(feedFollowTopic.name);
  }
  get identityUser(): string {
    return this.named(identityUserTopic.name);
  }
  /** Case events go to the decision topic (one aggregate: the case of one item); rule sets to the rule topic. */
  topicFor = (envelope?: Pick<EventEnvelope, 'aggregateType'>): string => (envelope?.aggregateType === 'rule' ? this.rule : envelope?.aggregateType === 'approval' ? this.approval : this.decision);
  /** The topics moderation writes or reads, for ensureServiceTopics at boot (partitions as deploy/topics/topics.yaml). */
  specs(): TopicSpec[] {
    return [this.decision, this.rule, this.approval, this.screening, this.post, this.comment, this.group, this.member, this.follow, this.identityUser].map((name) =>
      eventTopicSpec(name, name === this.decision || name === this.rule || name === this.approval ? 3 : name === this.post ? 12 : 6),
    );
  }
}
