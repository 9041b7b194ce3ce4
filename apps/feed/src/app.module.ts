import { Module, type DynamicModule } from '@nestjs/common';
import { identityContracts, identityUpcasters } from '@plein/identity/contracts';
import { PlatformAuthModule } from '@plein/shared/auth';
import { ContractRegistry } from '@plein/shared/contracts';
import type { JWTVerifyGetKey } from 'jose';
import type { FeedConfig } from './feed.config';
import { FeedModule } from './feed.module';
import { MeController } from './http/me.controller';

export { FEED_CONFIG } from './feed.module';

export interface AppModuleOptions {
  /** Verification keys instead of identity's JWKS URL (in-process tests sign their own tokens). */
  readonly authKeys?: JWTVerifyGetKey;
}

/**
 * Root of the feed service's own code: platform authentication (offline JWT verification,
 * revocations) and the feed's features. Platform concerns (logger, dependency clients, /health,
 * /ready, problem+json) come from PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: FeedConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformAuthModule.forRoot({ config: config.auth, contracts: new ContractRegistry(identityContracts, identityUpcasters), ...(options.authKeys ? { keys: options.authKeys } : {}) }),
        FeedModule.forRoot(config),
      ],
      // GET /v1/me: the caller as the platform token says (identity's cross-service revocation test uses it).
      controllers: [MeController],
    };
  }
}
