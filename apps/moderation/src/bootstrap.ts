import type { Env } from '@plein/shared/config';
import { ModerationInfrastructure } from '@plein/moderation/infrastructure';
import { bootstrapService, consumersNotRunning, serviceProcessor, type RunningService, type ServiceProcessor } from '@plein/shared/platform';
import { AppModule, type AppModuleOptions } from './app.module';
import { loadModerationConfig } from './moderation.config';

export interface BootModerationOptions extends AppModuleOptions {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/** Moderation's Kafka side: outbox relay, projections (feed audiences, identity people, its own cases), audit consumer, flagged content into the queue; and the daily audit purge. */
function moderationProcessors(infrastructure: ModerationInfrastructure): ServiceProcessor[] {
  const { relay, host, auditConsumer, auditPurge, flaggedContent } = infrastructure;
  return [
    serviceProcessor('outbox-relay', relay),
    serviceProcessor('projections', host, consumersNotRunning(() => host.processors())),
    serviceProcessor('audit', auditConsumer, consumersNotRunning(() => [auditConsumer])),
    serviceProcessor('flagged-content', flaggedContent, consumersNotRunning(() => [flaggedContent])),
    serviceProcessor('audit-purge', auditPurge),
  ];
}

/** Starts the moderation service; tests call this in-process with HTTP_PORT=0. */
export async function bootstrapModeration(options: BootModerationOptions = {}): Promise<RunningService & { infrastructure: ModerationInfrastructure }> {
  const config = loadModerationConfig(options.env);
  const running = await bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config, options.authKeys ? { authKeys: options.authKeys } : {}),
    api: { title: 'Plein moderation', description: 'Reports, the review queue, decisions with statements of reasons, appeals and the hash-chained audit log. Content and cases outside your view answer 404.' },
    handleSignals: options.handleSignals ?? true,
    processors: (app) => moderationProcessors(app.get(ModerationInfrastructure)),
  });
  await running.processors.started;
  return { ...running, infrastructure: running.app.get(ModerationInfrastructure) };
}
