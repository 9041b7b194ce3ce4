import type { ComposeRuleSets } from '@plein/feed/application';
import { composeRule, type AuthorStanding, type ComposeRule, type ScopePremoderation } from '@plein/feed/domain';
import { ruleSetId, type DefinedRule, type EtiquetteChangedV1, type PremoderationChangedV1, type RuleDefinedV1, type RuleRetiredV1 } from '@plein/moderation/contracts';
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
  premoderation?: { newMemberDays: number; minApprovedPosts: number };
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
    case 'moderation.rule.premoderation-changed': {
      const { newMemberDays, minApprovedPosts } = envelope.data as PremoderationChangedV1;
      return { $set: { premoderation: { newMemberDays, minApprovedPosts }, updatedAt: envelope.occurredAt } };
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
  private readonly recent = new Map<string, { until: number; rules: readonly ComposeRule[]; premoderation: readonly ScopePremoderation[] }>();
  constructor(
    private readonly collection: () => Promise<mongo.Collection<RuleSetDocument>>,
    /** The feed's posts read model, for pre-moderation's look at an author's visible posts. */
    private readonly posts: () => Promise<mongo.Collection<{ _id: string; authorId: string; groupId: string | null; createdAt: string }>>,
    private readonly cacheTtlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  async rulesFor(groupId: string | null): Promise<readonly ComposeRule[]> {
    return (await this.scopes(groupId)).rules;
  }

  async premoderationFor(groupId: string | null): Promise<readonly ScopePremoderation[]> {
    return (await this.scopes(groupId)).premoderation;
  }

  /**
   * The author's visible posts in a scope, oldest first (uuidv7 ids are in time order), at most
   * `limit`: one query on the posts read model's `{ authorId, _id }` index.
   */
  async standing(authorId: string, groupId: string | null, limit: number): Promise<AuthorStanding> {
    const filter = { authorId, deleted: false, moderation: 'visible', ...(groupId ? { groupId } : {}) };
    const docs = await (await this.posts()).find(filter, { projection: { createdAt: 1 } }).sort({ _id: 1 }).limit(limit).toArray();
    return { firstPostAt: docs[0]?.createdAt ?? null, visiblePosts: docs.length };
  }

  private async scopes(groupId: string | null) {
    const key = groupId ?? '';
    const cached = this.recent.get(key);
    if (cached && cached.until > this.now()) return cached;
    const ids = [ruleSetId({ kind: 'organisation' }), ...(groupId ? [ruleSetId({ kind: 'group', groupId })] : [])];
    const docs = await (await this.collection()).find({ _id: { $in: ids } }, { projection: { etiquette: 0 } }).toArray();
    const entry = {
      until: this.now() + this.cacheTtlMs,
      rules: docs.flatMap((doc) => this.compile(doc)),
      premoderation: docs.flatMap((doc): ScopePremoderation[] =>
        doc.premoderation && (doc.premoderation.newMemberDays > 0 || doc.premoderation.minApprovedPosts > 0) ? [{ groupId: doc._id === 'organisation' ? null : doc._id.slice('group:'.length), ...doc.premoderation }] : [],
      ),
    };
    if (this.cacheTtlMs > 0) {
      if (this.recent.size >= 10_000) this.recent.clear();
      this.recent.set(key, entry);
    }
    return entry;
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
