import { compileRule, matchRules, ruleSetId, type DefinedRule, type RuleAction, type RuleMatch, type RuleMatchType, type RuleScope } from '@plein/moderation/contracts';
import { inScope, moderatorScope, ruleSetDecider, type Premoderation, type RuleSetCommand, type RuleSetEvent, type RuleSetState } from '@plein/moderation/domain';
import { commandMetadata, executeCommand, idempotencyUuid, type EventStore } from '@plein/shared/event-sourcing';
import { ForbiddenError, NotFoundError, streamId, uuidv7, ValidationError } from '@plein/shared/kernel';
import type { AudienceReadModel, ModerationContext, Page, PageRequest } from '../ports';

export const RULE_SERVICE_ERRORS = {
  notRuleModerator: 'MODERATION.NOT_A_RULE_MODERATOR',
  groupNotFound: 'MODERATION.GROUP_NOT_FOUND',
  notAdmin: 'MODERATION.NOT_AN_ADMINISTRATOR',
  invalidCursor: 'MODERATION.INVALID_CURSOR',
} as const;

export interface RuleDeps {
  readonly store: EventStore;
  readonly audience: Pick<AudienceReadModel, 'memberships'>;
}

export interface RuleInput {
  readonly name: string;
  readonly matchType: RuleMatchType;
  readonly pattern: string;
  readonly action: RuleAction;
  readonly publicMessage: string;
}

export interface Etiquette {
  readonly nl: string;
  readonly en: string;
}

export interface CheckResult {
  /** What publishing this draft would do: the strongest action of the matching rules, or publish. */
  readonly outcome: RuleAction | 'publish';
  readonly matches: readonly RuleMatch[];
}

const scopeOf = (groupId: string | undefined): RuleScope => (groupId ? { kind: 'group', groupId } : { kind: 'organisation' });
const ORGANISATION_RULE_ROLES = ['admin', 'moderator'];

/**
 * Compose-time rules and the etiquette. Organisation rules are the administrators' and organisation
 * moderators'; a group's rules also its owners' and moderators' (others: 404, as if the group had
 * none). The etiquette is set by administrators and read by everyone signed in. The dry run checks
 * a draft against the rules the feed would apply to it, with the same matcher.
 */
export class RuleService {
  constructor(private readonly deps: RuleDeps) {}

  async define(ctx: ModerationContext, groupId: string | undefined, input: RuleInput): Promise<DefinedRule> {
    const scope = scopeOf(groupId);
    await this.assertRuleModerator(ctx, scope);
    // A retry with the same Idempotency-Key names the same rule, so it finds its first run.
    const ruleId = ctx.idempotencyKey ? idempotencyUuid('moderation.rule', ctx.idempotencyKey, ctx.caller.userId) : uuidv7();
    const rule: DefinedRule = { ruleId, scope, ...input };
    await this.execute(ctx, scope, { type: 'DefineRule', rule, by: ctx.caller.userId, existing: false });
    return rule;
  }

  async change(ctx: ModerationContext, groupId: string | undefined, ruleId: string, input: RuleInput): Promise<DefinedRule> {
    const scope = scopeOf(groupId);
    await this.assertRuleModerator(ctx, scope);
    const rule: DefinedRule = { ruleId, scope, ...input };
    await this.execute(ctx, scope, { type: 'DefineRule', rule, by: ctx.caller.userId, existing: true });
    return rule;
  }

  async retire(ctx: ModerationContext, groupId: string | undefined, ruleId: string): Promise<void> {
    const scope = scopeOf(groupId);
    await this.assertRuleModerator(ctx, scope);
    await this.execute(ctx, scope, { type: 'RetireRule', ruleId, by: ctx.caller.userId });
  }

  /** The rules of one scope in the order they were defined, a page at a time (cursor: the last rule id of the page). */
  async list(ctx: ModerationContext, groupId: string | undefined, page: PageRequest): Promise<Page<DefinedRule>> {
    const scope = scopeOf(groupId);
    await this.assertRuleModerator(ctx, scope);
    const rules = [...(await this.state(scope)).rules.values()];
    let start = 0;
    if (page.cursor) {
      start = rules.findIndex((r) => r.ruleId === page.cursor) + 1;
      if (start === 0) throw new ValidationError(RULE_SERVICE_ERRORS.invalidCursor, [{ field: 'query.cursor', message: 'is not a cursor of this list' }]);
    }
    const items = rules.slice(start, start + page.limit);
    return { items, nextCursor: start + page.limit < rules.length ? items[items.length - 1]!.ruleId : null };
  }

  /** Pre-moderation of new members in a scope (rule moderators of the scope). */
  async premoderation(ctx: ModerationContext, groupId: string | undefined): Promise<Premoderation> {
    const scope = scopeOf(groupId);
    await this.assertRuleModerator(ctx, scope);
    return (await this.state(scope)).premoderation;
  }

  async changePremoderation(ctx: ModerationContext, groupId: string | undefined, settings: Premoderation): Promise<Premoderation> {
    const scope = scopeOf(groupId);
    await this.assertRuleModerator(ctx, scope);
    await this.execute(ctx, scope, { type: 'ChangePremoderation', ...settings, by: ctx.caller.userId });
    return settings;
  }

  async etiquette(): Promise<Etiquette | null> {
    return (await this.state({ kind: 'organisation' })).etiquette;
  }

  async changeEtiquette(ctx: ModerationContext, etiquette: Etiquette): Promise<Etiquette> {
    if (!ctx.caller.roles.includes('admin')) throw new ForbiddenError(RULE_SERVICE_ERRORS.notAdmin, 'the etiquette is set by administrators');
    await this.execute(ctx, { kind: 'organisation' }, { type: 'ChangeEtiquette', scope: { kind: 'organisation' }, nl: etiquette.nl, en: etiquette.en, by: ctx.caller.userId });
    return etiquette;
  }

  /**
   * Dry run: the rules of the organisation and, for a draft in a group, of that group, evaluated
   * on the draft's title and body. A group the caller is not a member of answers 404.
   */
  async check(ctx: ModerationContext, draft: { readonly groupId?: string; readonly title?: string; readonly body: string }): Promise<CheckResult> {
    const scopes: RuleScope[] = [{ kind: 'organisation' }];
    if (draft.groupId) {
      const memberships = await this.deps.audience.memberships(ctx.caller.userId);
      if (!memberships.has(draft.groupId) && !ctx.caller.roles.some((r) => ORGANISATION_RULE_ROLES.includes(r))) {
        throw new NotFoundError(RULE_SERVICE_ERRORS.groupNotFound, 'no such group');
      }
      scopes.push({ kind: 'group', groupId: draft.groupId });
    }
    const rules = (await Promise.all(scopes.map((s) => this.state(s)))).flatMap((state) => [...state.rules.values()]);
    const matches = matchRules(
      rules.map((rule) => ({ rule, compiled: compileRule(rule) })),
      [
        { field: 'body.title', text: draft.title ?? '' },
        { field: 'body.body', text: draft.body },
      ],
    );
    return { outcome: matches[0]?.action ?? 'publish', matches };
  }

  private async assertRuleModerator(ctx: ModerationContext, scope: RuleScope): Promise<void> {
    if (scope.kind === 'organisation') {
      if (!ctx.caller.roles.some((r) => ORGANISATION_RULE_ROLES.includes(r))) throw new ForbiddenError(RULE_SERVICE_ERRORS.notRuleModerator, 'organisation rules are for administrators and moderators');
      return;
    }
    const moderator = moderatorScope(ctx.caller.roles, await this.deps.audience.memberships(ctx.caller.userId));
    if (!inScope(moderator, scope.groupId)) throw new NotFoundError(RULE_SERVICE_ERRORS.groupNotFound, 'no such group');
  }

  private async state(scope: RuleScope): Promise<RuleSetState> {
    const stream = await this.deps.store.readStream(streamId('rule', ruleSetId(scope)));
    return ((stream?.events ?? []) as unknown as RuleSetEvent[]).reduce(ruleSetDecider.evolve, ruleSetDecider.initialState());
  }

  private execute(ctx: ModerationContext, scope: RuleScope, command: RuleSetCommand) {
    return executeCommand({ store: this.deps.store, streamId: streamId('rule', ruleSetId(scope)), decider: ruleSetDecider, command, metadata: commandMetadata(ctx) });
  }
}
