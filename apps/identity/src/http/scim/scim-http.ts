import type { Request, Response } from 'express';
import { etagOf, type ScimRequestContext, type ScimResult } from '@plein/identity/application';
import type { ScimResource } from '@plein/identity/domain';
import { requestMetadata } from '../http-support';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
/** The SCIM client is the directory itself; its events carry this actor. */
export const SCIM_ACTOR = 'system:scim';

export function sendScim(res: Response, status: number, body: ScimResource | Record<string, unknown>, version?: number): void {
  res.status(status).setHeader('Content-Type', SCIM_CONTENT_TYPE);
  if (version !== undefined) res.setHeader('ETag', etagOf(version));
  res.setHeader('Cache-Control', 'no-store');
  res.send(JSON.stringify(body));
}

export function sendResult(res: Response, status: number, result: ScimResult): void {
  const location = (result.resource['meta'] as { location?: string } | undefined)?.location;
  if (status === 201 && location) res.setHeader('Location', location);
  sendScim(res, status, result.resource, result.version);
}

export const scimContext = (req: Request, baseUrl: string): ScimRequestContext => ({
  baseUrl,
  metadata: requestMetadata(req, SCIM_ACTOR),
  ifMatch: req.header('if-match') ?? null,
});

export const queryParams = (req: Request): Record<string, string | string[] | undefined> => req.query as Record<string, string | string[] | undefined>;
