import type { Provider } from '@nestjs/common';
import { RuleService } from '@plein/moderation/application';
import { ModerationInfrastructure } from '@plein/moderation/infrastructure';
import { RulesController } from './http/rules.controller';

/**
 * Compose-time rules in the moderation app: the controller and RuleService over the same event
 * store (the relay sends rule events to moderation.rule.events.v1) and the audience read model.
 * AppModule lists these next to its own.
 */
export const RULES_CONTROLLERS = [RulesController];
export const RULES_PROVIDERS: Provider[] = [
  { provide: RuleService, useFactory: (infra: ModerationInfrastructure) => new RuleService({ store: infra.store, audience: infra.deps.audience }), inject: [ModerationInfrastructure] },
];
