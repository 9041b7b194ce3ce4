import { Controller, Delete, Get, Inject, Param, Patch, Post, Put, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { NotFoundError } from '@plein/shared/kernel';
import { listResponse, resourceTypes, schemas, serviceProviderConfig } from '@plein/identity/application';
import { SCIM_ERROR_SCHEMA } from '@plein/identity/domain';
import { IDENTITY_CONFIG } from '../../identity.tokens';
import type { IdentityConfig } from '../../identity.config';
import { ScimAuthGuard } from './scim-auth.guard';
import { ScimExceptionFilter } from './scim-errors';
import { sendScim } from './scim-http';

/** RFC 7644 §4 discovery: what the IdP reads before provisioning. Also behind the SCIM token. */
@Controller('scim/v2')
@UseGuards(ScimAuthGuard)
@UseFilters(ScimExceptionFilter)
export class ScimDiscoveryController {
  private readonly baseUrl: string;

  constructor(@Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    this.baseUrl = config.identity.scimBaseUrl;
  }

  @Get('ServiceProviderConfig')
  config(@Res() res: Response): void {
    sendScim(res, 200, serviceProviderConfig(this.baseUrl));
  }

  @Get('ResourceTypes')
  resourceTypes(@Res() res: Response): void {
    const all = resourceTypes(this.baseUrl);
    sendScim(res, 200, listResponse(all.length, 1, all));
  }

  @Get('ResourceTypes/:name')
  resourceType(@Param('name') name: string, @Res() res: Response): void {
    const found = resourceTypes(this.baseUrl).find((r) => String(r['id']).toLowerCase() === name.toLowerCase());
    if (!found) throw new NotFoundError('SCIM.NOT_FOUND', `No resource type ${name}`);
    sendScim(res, 200, found);
  }

  @Get('Schemas')
  schemas(@Res() res: Response): void {
    const all = schemas(this.baseUrl);
    sendScim(res, 200, listResponse(all.length, 1, all));
  }

  /**
   * Optional RFC 7644 features ServiceProviderConfig declares unsupported: `/Me` (§3.11 asks for
   * 501 then), bulk (§3.7) and searching by POST (§3.4.3). 501 tells a client it is the feature,
   * not the request, so it falls back (GET with `filter`, one request per operation). `/Me` has
   * a route per RFC 7644 method (not one for every method), so any other method (TRACE, OPTIONS)
   * answers 405 with `Allow`, like every other path.
   */
  @Get('Me')
  meGet(@Res() res: Response): void {
    notImplemented(res, ME_UNSUPPORTED);
  }

  @Post('Me')
  mePost(@Res() res: Response): void {
    notImplemented(res, ME_UNSUPPORTED);
  }

  @Put('Me')
  mePut(@Res() res: Response): void {
    notImplemented(res, ME_UNSUPPORTED);
  }

  @Patch('Me')
  mePatch(@Res() res: Response): void {
    notImplemented(res, ME_UNSUPPORTED);
  }

  @Delete('Me')
  meDelete(@Res() res: Response): void {
    notImplemented(res, ME_UNSUPPORTED);
  }

  @Post('Bulk')
  bulk(@Res() res: Response): void {
    notImplemented(res, 'Bulk operations are not supported (ServiceProviderConfig bulk.supported is false); send one request per operation');
  }

  @Post(['.search', 'Users/.search', 'Groups/.search'])
  search(@Res() res: Response): void {
    notImplemented(res, 'Searching by POST is not supported; use GET with the filter parameter');
  }

  @Get('Schemas/:id')
  schema(@Param('id') id: string, @Res() res: Response): void {
    const found = schemas(this.baseUrl).find((s) => String(s['id']).toLowerCase() === id.toLowerCase());
    if (!found) throw new NotFoundError('SCIM.NOT_FOUND', `No schema ${id}`);
    sendScim(res, 200, found);
  }
}

const ME_UNSUPPORTED = '/Me is not supported: SCIM clients authenticate as the directory, not as a person';

const notImplemented = (res: Response, detail: string): void => sendScim(res, 501, { schemas: [SCIM_ERROR_SCHEMA], status: '501', detail });
