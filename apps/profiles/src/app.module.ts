import { Module, type DynamicModule } from '@nestjs/common';
import { identityContracts, identityUpcasters } from '@plein/identity/contracts';
import { PlatformAuthModule } from '@plein/shared/auth';
import { ContractRegistry } from '@plein/shared/contracts';
import type { JWTVerifyGetKey } from 'jose';
import { ExpertiseModule } from './expertise.module';
import { OrgModule } from './org.module';
import { ProfileModule, ProfileRoutesModule } from './profile.module';
import { SearchModule } from './search.module';
import type { ProfilesConfig } from './profiles.config';

export const PROFILES_CONFIG = 'plein:profiles:config';

export interface AppModuleOptions {
  /** Verification keys instead of identity's JWKS URL (in-process tests sign their own tokens). */
  readonly authKeys?: JWTVerifyGetKey;
}

/**
 * Root of the profiles service's own code: platform authentication (offline JWT verification,
 * revocations), then each part's module (one import line each), and the `{userId}` routes LAST
 * (Express matches in registration order; literal paths such as /v1/profiles/search must win).
 * Platform concerns (logger, dependency clients, /health, /ready, /openapi.json, problem+json)
 * come from PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: ProfilesConfig, options: AppModuleOptions = {}): DynamicModule {
    const core = ProfileModule.forRoot(config);
    return {
      module: AppModule,
      imports: [
        PlatformAuthModule.forRoot({ config: config.auth, contracts: new ContractRegistry(identityContracts, identityUpcasters), ...(options.authKeys ? { keys: options.authKeys } : {}) }),
        core,
        // The other parts' modules go here, one line each.
        OrgModule.forRoot(config, { consumers: config.profiles.consumers }),
        ExpertiseModule.forRoot(config, { consumers: config.profiles.consumers }),
        SearchModule.forRoot(config),
        ProfileRoutesModule.forRoot(core),
      ],
      providers: [{ provide: PROFILES_CONFIG, useValue: config }],
      exports: [PROFILES_CONFIG],
    };
  }
}
