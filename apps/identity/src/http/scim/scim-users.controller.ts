import { Controller, UseFilters, Delete, Get, Inject, Param, Patch, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { notModified } from '@plein/identity/application';
import { IDENTITY_CONFIG } from '../../identity.tokens';
import type { IdentityConfig } from '../../identity.config';
import { IdentityRuntime } from '../../runtime/identity-runtime';
import { ScimAuthGuard } from './scim-auth.guard';
import { ScimExceptionFilter } from './scim-errors';
import { queryParams, scimContext, sendResult, sendScim } from './scim-http';

const list = (value: unknown): string[] => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** RFC 7644 `/Users`. Responses are `application/scim+json` with weak ETags. */
@Controller('scim/v2/Users')
@UseGuards(ScimAuthGuard)
@UseFilters(ScimExceptionFilter)
export class ScimUsersController {
  private readonly baseUrl: string;

  constructor(
    private readonly runtime: IdentityRuntime,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
  ) {
    this.baseUrl = config.identity.scimBaseUrl;
  }

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { scimUsers } = await this.runtime.services();
    sendScim(res, 200, await scimUsers.list(queryParams(req), this.baseUrl));
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { scimUsers } = await this.runtime.services();
    sendResult(res, 201, await scimUsers.create(req.body, scimContext(req, this.baseUrl)));
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { scimUsers } = await this.runtime.services();
    const result = await scimUsers.get(id, this.baseUrl, { attributes: list(req.query['attributes']), excludedAttributes: list(req.query['excludedAttributes']) });
    if (notModified(req.header('if-none-match'), result.version)) return void res.status(304).end();
    sendResult(res, 200, result);
  }

  @Put(':id')
  async replace(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { scimUsers } = await this.runtime.services();
    sendResult(res, 200, await scimUsers.replace(id, req.body, scimContext(req, this.baseUrl)));
  }

  @Patch(':id')
  async patch(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { scimUsers } = await this.runtime.services();
    sendResult(res, 200, await scimUsers.patch(id, req.body, scimContext(req, this.baseUrl)));
  }

  @Delete(':id')
  async remove(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { scimUsers } = await this.runtime.services();
    await scimUsers.remove(id, scimContext(req, this.baseUrl));
    res.status(204).end();
  }
}
