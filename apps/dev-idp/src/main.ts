import { JsonLogger } from '@plein/shared/observability';
import { loadDevIdpConfig } from './dev-idp.config';
import { startDevIdp } from './server';

/** Development OpenID provider for Plein Demo BV. Never for production: see docs/identity/dev-idp.md. */
async function main(): Promise<void> {
  const config = loadDevIdpConfig();
  const logger = new JsonLogger({ service: 'dev-idp', level: config.logLevel, allowFields: ['accountId', 'issuer'] });
  const idp = await startDevIdp(config, { log: logger });
  logger.info('dev IdP listening', { issuer: idp.issuer, count: idp.accounts });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { reason: signal });
    idp.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`dev-idp failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
