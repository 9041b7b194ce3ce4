import type { ComposeRuleSets } from '@plein/feed/application';
import { composeRule, type ComposeRule } from '@plein/feed/domain';
import { ruleSetId, type DefinedRule, type EtiquetteChangedV1, type RuleDefinedV1, type RuleRetiredV1 } from '@plein/moderation/contracts';
import type { EventEnvelope } from '@plein/shared/kernel';
import { applyInSequence, defineProjection, type MongoProjectionContext, type ProjectionDefinition } from '@plein/shared/projections';
import type { mongo } from 'mongoose';

export const MODERATION_RULES_PROJECTION = 'moderation-rules';
export const MODERATION_RULES_VERSION = 1;

/** One scope's rule set as the feed keeps it (`_id`: `organisation` or `group:<groupId>`). */
export interface RuleSetDocument {
  _id: string;
  lastSequence: number;
  /** Rules by id. */
  rules?: Record<string, DefinedRule>;
  etiquette?: { nl: string; en: string };
  updatedAt: string;
}

/** The update one rule event makes to its scope's document (sequence-guarded by the caller). */
export function ruleSetUpdate(envelope: EventEnvelope): mongo.UpdateFilter<RuleSetDocument> {
  switch (envelope.type) {
    case 'moderation.rule.defined': {
      const { definedBy: _by, ...rule } = envelope.data as RuleDefinedV1;
      return { $set: { [`rules.${rule.ruleId}`]: rule, updatedAt: envelope.occurredAt } };
    }
    case 'moderation.rule.retired':
      return { $unset: { [`rules.${(envelope.data as RuleRetiredV1).ruleId}`]: '' }, $set: { updatedAt: envelope.occurredAt } };
    case 'moderation.rule.etiquette-changed': {
      const { nl, en } = envelope.data as EtiquetteChangedV1;
      return { $set: { etiquette: { nl, en }, updatedAt: envelope.occurredAt } };
    }
    default:
      return { $set: { updatedAt: envelope.occurredAt } };
  }
}

/**
 * The feed's copy of moderation's compose-time rules (moderation.rule.events.v1), one document
 * per scope, guarded by the rule set's sequence: a redelivered or old event changes nothing. The
 * feed evaluates posts and comments against it locally. Its events live in moderation's store,
 * not the feed's, so a new version is built from the rule topic (kept forever) rather than by the
 * rebuild command: it is bootstrapped at its highest version and fed from the topic's beginning.
 */
export const moderationRulesProjection = (ruleTopic: string, version = MODERATION_RULES_VERSION): ProjectionDefinition =>
  defineProjection({
    name: MODERATION_RULES_PROJECTION,
    version,
    topics: [ruleTopic],
    aggregateTypes: ['rule'],
    async apply(envelope: EventEnvelope, ctx: MongoProjectionContext) {
      await applyInSequence(ctx.collection as unknown as mongo.Collection<RuleSetDocument>, envelope.aggregateId, envelope.sequence, ruleSetUpdate(envelope));
    },
  });

/**
 * The rule sets of one publish (the organisation's and the group's) in one query, cached for
 * `cacheTtlMs` (5 s, as the projection registry caches active collections) so the hot path
 * usually reads none: a rule change applies within the projection's lag plus that. Compiled rules
 * are kept per (scope, sequence), so a regular expression is compiled once per change of its rule
 * set, not once per post. Both caches are bounded.
 */
export class MongoComposeRuleSets implements ComposeRuleSets {
  private readonly compiled = new Map<string, { sequence: number; rules: readonly ComposeRule[] }>();
  private readonly recent = new Map<string, { until: number; rules: readonly ComposeRule[] }>();
  constructor(
    private readonly collection: () => Promise<mongo.Collection<RuleSetDocument>>,
    private readonly cacheTtlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  async rulesFor(groupId: string | null): Promise<readonly ComposeRule[]> {
    const key = groupId ?? '';
    const cached = this.recent.get(key);
    if (cached && cached.until > this.now()) return cached.rules;
    const ids = [ruleSetId({ kind: 'organisation' }), ...(groupId ? [ruleSetId({ kind: 'group', groupId })] : [])];
    const docs = await (await this.collection()).find({ _id: { $in: ids } }, { projection: { etiquette: 0 } }).toArray();
    const rules = docs.flatMap((doc) => this.compile(doc));
    if (this.cacheTtlMs > 0) {
      if (this.recent.size >= 10_000) this.recent.clear();
      this.recent.set(key, { until: this.now() + this.cacheTtlMs, rules });
    }
    return rules;
  }

  private compile(doc: RuleSetDocument): readonly ComposeRule[] {
    const cached = this.compiled.get(doc._id);
    if (cached && cached.sequence === doc.lastSequence) return cached.rules;
    const rules = Object.values(doc.rules ?? {}).flatMap((rule) => composeRule(rule) ?? []);
    // Bounded: a scope that drops out is compiled again when next needed.
    if (this.compiled.size >= 1_000) this.compiled.clear();
    this.compiled.set(doc._id, { sequence: doc.lastSequence, rules });
    return rules;
  }
}
