import { Controller, Inject, UseFilters, UseGuards } from '@nestjs/common';
import { IDENTITY_CONFIG } from '../../identity.tokens';
import type { IdentityConfig } from '../../identity.config';
import { IdentityRuntime } from '../../runtime/identity-runtime';
import { ScimAuthGuard } from './scim-auth.guard';
import { ScimExceptionFilter } from './scim-errors';
import { ScimResourceController, type ScimResourceService } from './scim-resource.controller';

/** RFC 7644 `/Groups`. */
@Controller('scim/v2/Groups')
@UseGuards(ScimAuthGuard)
@UseFilters(ScimExceptionFilter)
export class ScimGroupsController extends ScimResourceController {
  constructor(runtime: IdentityRuntime, @Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    super(runtime, config);
  }

  protected async service(): Promise<ScimResourceService> {
    return (await this.runtime.services()).scimGroups;
  }
}
