import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { PlatformAuthModule } from '@plein/shared/auth';
import { MONGODB_CONNECTION } from '@plein/shared/platform';
import type { ContractRegistry } from '@plein/shared/contracts';
import { identityContractRegistry } from '@plein/identity/infrastructure';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { AuthController } from './http/auth/auth.controller';
import { JwksController } from './http/auth/jwks.controller';
import { ScimAuthGuard } from './http/scim/scim-auth.guard';
import { ScimExceptionFilter, ScimFallbacks } from './http/scim/scim-errors';
import { ScimDiscoveryController } from './http/scim/scim-discovery.controller';
import { ScimGroupsController } from './http/scim/scim-groups.controller';
import { scimJsonBody } from './http/scim/scim-json-body.middleware';
import { ScimUsersController } from './http/scim/scim-users.controller';
import { UsersController } from './http/users/users.controller';
import type { IdentityConfig } from './identity.config';
import { IDENTITY_CONFIG, IDENTITY_CONTRACTS } from './identity.tokens';
import { IdentityRuntime, PLATFORM_AUDIENCE } from './runtime/identity-runtime';

export { IDENTITY_CONFIG } from './identity.tokens';

/**
 * Root of the identity service: SCIM 2.0, OpenID Connect sign-in, platform tokens (JWKS), the
 * user/organisation API. Its processors (relay, projections, housekeeping) are started by
 * bootstrapIdentity through bootstrapService (runtime/identity-processors.ts). Platform concerns (logger, dependency
 * clients, /health, /ready) come from PlatformModule, which bootstrapService adds around this.
 */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    const contracts = identityContractRegistry();
    let runtime: IdentityRuntime | undefined;
    // Identity verifies its own tokens with its key ring, not over HTTP.
    const keys: JWTVerifyGetKey = async (header, token) => createLocalJWKSet(await (await runtime!.services()).keyRing.jwks())(header, token);
    const auth = { issuer: config.identity.publicUrl, jwksUrl: `${config.identity.publicUrl}/.well-known/jwks.json`, audience: PLATFORM_AUDIENCE, maxTokenAgeSeconds: 900, clockToleranceSeconds: 5 };
    return {
      module: AppModule,
      imports: [PlatformAuthModule.forRoot({ config: auth, contracts: contracts.consuming(), keys })],
      controllers: [ScimUsersController, ScimGroupsController, ScimDiscoveryController, AuthController, JwksController, UsersController],
      providers: [
        { provide: IDENTITY_CONFIG, useValue: config },
        { provide: IDENTITY_CONTRACTS, useValue: contracts },
        {
          provide: IdentityRuntime,
          useFactory: (connection: Connection, registry: ContractRegistry) => (runtime = new IdentityRuntime(config, connection, registry)),
          inject: [MONGODB_CONNECTION, IDENTITY_CONTRACTS],
        },
        ScimAuthGuard,
        ScimExceptionFilter,
        ScimFallbacks,
      ],
      exports: [IDENTITY_CONFIG],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(scimJsonBody).forRoutes('*');
  }
}
