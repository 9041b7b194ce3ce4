import { rulePatternProblem, RULES_PER_SCOPE_MAX, type EtiquetteChangedV1, type PremoderationChangedV1, type RuleDefinedV1, type RuleRetiredV1, type RuleScope } from '@plein/moderation/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { ConflictError, NotFoundError, ValidationError, type NewEvent } from '@plein/shared/kernel';

export const RULE_ERRORS = {
  invalidRule: 'MODERATION.INVALID_RULE',
  ruleNotFound: 'MODERATION.RULE_NOT_FOUND',
  tooManyRules: 'MODERATION.TOO_MANY_RULES',
  etiquetteOutsideOrganisation: 'MODERATION.ETIQUETTE_ORGANISATION_ONLY',
} as const;

export type RuleSetEvent =
  | NewEvent<RuleDefinedV1, 'moderation.rule.defined'>
  | NewEvent<RuleRetiredV1, 'moderation.rule.retired'>
  | NewEvent<EtiquetteChangedV1, 'moderation.rule.etiquette-changed'>
  | NewEvent<PremoderationChangedV1, 'moderation.rule.premoderation-changed'>;

/** A rule as its scope's rule set holds it. */
export type Rule = Omit<RuleDefinedV1, 'definedBy'>;

export interface DefineRule {
  readonly type: 'DefineRule';
  readonly rule: Rule;
  readonly by: string;
  /** True when the rule must already exist (a change), false when it must not (a new rule). */
  readonly existing: boolean;
}
export interface RetireRule {
  readonly type: 'RetireRule';
  readonly ruleId: string;
  readonly by: string;
}
export interface ChangeEtiquette {
  readonly type: 'ChangeEtiquette';
  readonly scope: RuleScope;
  readonly nl: string;
  readonly en: string;
  readonly by: string;
}
export interface ChangePremoderation {
  readonly type: 'ChangePremoderation';
  readonly newMemberDays: number;
  readonly minApprovedPosts: number;
  readonly by: string;
}
export type RuleSetCommand = DefineRule | RetireRule | ChangeEtiquette | ChangePremoderation;
export interface Premoderation {
  readonly newMemberDays: number;
  readonly minApprovedPosts: number;
}

export interface RuleSetState {
  /** Rules by id, in the order they were first defined. */
  readonly rules: ReadonlyMap<string, Rule>;
  readonly etiquette: { readonly nl: string; readonly en: string } | null;
  readonly premoderation: Premoderation;
}

const sameRule = (a: Rule, b: Rule): boolean =>
  a.name === b.name && a.matchType === b.matchType && a.pattern === b.pattern && a.action === b.action && a.publicMessage === b.publicMessage;

/**
 * The rule set of one scope (the organisation, or one group): its rules and, for the organisation,
 * the etiquette text. Defining what is already defined, retiring nothing twice and setting the same
 * etiquette again emit nothing, so retried commands change nothing twice. A pattern re2js (or the
 * keyword/phrase rules) refuses is a validation error naming `body.pattern`.
 */
export const ruleSetDecider: Decider<RuleSetCommand, RuleSetEvent, RuleSetState> = {
  initialState: () => ({ rules: new Map(), etiquette: null, premoderation: { newMemberDays: 0, minApprovedPosts: 0 } }),

  decide(command, state) {
    switch (command.type) {
      case 'DefineRule': {
        const { rule } = command;
        const problem = rulePatternProblem(rule.matchType, rule.pattern);
        if (problem) throw new ValidationError(RULE_ERRORS.invalidRule, [{ field: 'body.pattern', message: problem }]);
        const current = state.rules.get(rule.ruleId);
        if (command.existing && !current) throw new NotFoundError(RULE_ERRORS.ruleNotFound, 'no such rule');
        if (current && sameRule(current, rule)) return [];
        if (!current && state.rules.size >= RULES_PER_SCOPE_MAX) {
          throw new ConflictError(RULE_ERRORS.tooManyRules, `a scope holds at most ${RULES_PER_SCOPE_MAX} rules: retire one first`);
        }
        return [{ type: 'moderation.rule.defined', version: 1, data: { ...rule, definedBy: command.by } }];
      }
      case 'RetireRule':
        if (!state.rules.has(command.ruleId)) throw new NotFoundError(RULE_ERRORS.ruleNotFound, 'no such rule');
        return [{ type: 'moderation.rule.retired', version: 1, data: { ruleId: command.ruleId, retiredBy: command.by } }];
      case 'ChangeEtiquette':
        if (command.scope.kind !== 'organisation') throw new ValidationError(RULE_ERRORS.etiquetteOutsideOrganisation, [{ field: 'body.scope', message: 'the etiquette is the organisation\'s' }]);
        if (state.etiquette?.nl === command.nl && state.etiquette.en === command.en) return [];
        return [{ type: 'moderation.rule.etiquette-changed', version: 1, data: { nl: command.nl, en: command.en, changedBy: command.by } }];
      case 'ChangePremoderation':
        if (state.premoderation.newMemberDays === command.newMemberDays && state.premoderation.minApprovedPosts === command.minApprovedPosts) return [];
        return [{ type: 'moderation.rule.premoderation-changed', version: 1, data: { newMemberDays: command.newMemberDays, minApprovedPosts: command.minApprovedPosts, changedBy: command.by } }];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'moderation.rule.defined': {
        const { definedBy: _by, ...rule } = event.data;
        const rules = new Map(state.rules);
        rules.set(rule.ruleId, rule);
        return { ...state, rules };
      }
      case 'moderation.rule.retired': {
        const rules = new Map(state.rules);
        rules.delete(event.data.ruleId);
        return { ...state, rules };
      }
      case 'moderation.rule.etiquette-changed':
        return { ...state, etiquette: { nl: event.data.nl, en: event.data.en } };
      case 'moderation.rule.premoderation-changed':
        return { ...state, premoderation: { newMemberDays: event.data.newMemberDays, minApprovedPosts: event.data.minApprovedPosts } };
    }
  },
};
