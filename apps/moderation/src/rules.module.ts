import type { Provider } from '@nestjs/common';
import { RuleService, ScreeningService } from '@plein/moderation/application';
import { ModerationInfrastructure, MongoScreeningReadModel, ScreeningReadYourWrites } from '@plein/moderation/infrastructure';
import { RulesController, ScreeningsController } from './http/rules.controller';

/**
 * Compose-time rules in the moderation app: the controllers, RuleService and ScreeningService over the same event
 * store (the relay sends rule events to moderation.rule.events.v1) and the audience read model.
 * AppModule lists these next to its own.
 */
export const RULES_CONTROLLERS = [RulesController, ScreeningsController];
export const RULES_PROVIDERS: Provider[] = [
  { provide: RuleService, useFactory: (infra: ModerationInfrastructure) => new RuleService({ store: infra.store, audience: infra.deps.audience }), inject: [ModerationInfrastructure] },
  {
    provide: ScreeningService,
    useFactory: (infra: ModerationInfrastructure) =>
      new ScreeningService({ store: infra.store, audience: infra.deps.audience, screenings: new MongoScreeningReadModel(infra.collections), readYourWrites: new ScreeningReadYourWrites(infra.collections) }),
    inject: [ModerationInfrastructure],
  },
];
