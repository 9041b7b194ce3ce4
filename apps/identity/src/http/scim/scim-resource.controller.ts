import { Delete, Get, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { notModified, parseSelection, selectAttributes, type ScimResult, type ScimUsersService } from '@plein/identity/application';
import type { IdentityConfig } from '../../identity.config';
import type { IdentityRuntime } from '../../runtime/identity-runtime';
import { queryParams, scimContext, sendResult, sendScim } from './scim-http';

type Selection = ReturnType<typeof parseSelection>;
/** Parsed (and its length checked) before the request changes anything. */
const selectionOf = (req: Request): Selection => parseSelection(queryParams(req));
/** RFC 7644 §3.9: `attributes`/`excludedAttributes` apply to the resource POST, PUT and PATCH return too. */
const selected = ({ attributes, excludedAttributes }: Selection, result: ScimResult): ScimResult => ({ ...result, resource: selectAttributes(result.resource, attributes, excludedAttributes) });

/** What `/Users` and `/Groups` share: the RFC 7644 resource operations of the application layer. */
export type ScimResourceService = Pick<ScimUsersService, 'list' | 'create' | 'get' | 'replace' | 'patch' | 'remove'>;

/**
 * The RFC 7644 resource endpoints, once for every resource type. Subclasses carry the route
 * (`@Controller('scim/v2/Users')`), guard and filter, and say which application service serves them.
 * Responses are `application/scim+json` with weak ETags.
 */
export abstract class ScimResourceController {
  private readonly baseUrl: string;

  protected constructor(
    protected readonly runtime: IdentityRuntime,
    config: IdentityConfig,
  ) {
    this.baseUrl = config.identity.scimBaseUrl;
  }

  protected abstract service(): Promise<ScimResourceService>;

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    sendScim(res, 200, await (await this.service()).list(queryParams(req), this.baseUrl));
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    const selection = selectionOf(req);
    sendResult(res, 201, selected(selection, await (await this.service()).create(req.body, scimContext(req, this.baseUrl))));
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await (await this.service()).get(id, this.baseUrl, selectionOf(req));
    if (notModified(req.header('if-none-match'), result.version)) return void res.status(304).end();
    sendResult(res, 200, result);
  }

  @Put(':id')
  async replace(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const selection = selectionOf(req);
    sendResult(res, 200, selected(selection, await (await this.service()).replace(id, req.body, scimContext(req, this.baseUrl))));
  }

  @Patch(':id')
  async patch(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const selection = selectionOf(req);
    sendResult(res, 200, selected(selection, await (await this.service()).patch(id, req.body, scimContext(req, this.baseUrl))));
  }

  @Delete(':id')
  async remove(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await (await this.service()).remove(id, scimContext(req, this.baseUrl));
    res.status(204).end();
  }
}
