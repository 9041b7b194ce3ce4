import { Controller, Header, Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { z } from 'zod';
import { API_ROUTE, Endpoint, route, type RouteSpec } from './api-route';
import { openApiDocument, type ApiDescription } from './openapi';

export const API_DESCRIPTION = 'plein:api-description';

export const OPENAPI_ROUTE = route({
  method: 'get',
  path: '/openapi.json',
  summary: "This service's OpenAPI 3.1 document (no authentication)",
  auth: 'none',
  response: { schema: z.object({ openapi: z.string() }).loose() },
});

/** Builds (once) the service's OpenAPI document from every `@Endpoint` of its controllers plus the documented-only routes. */
@Injectable()
export class OpenApiDocumentService {
  private cached: Record<string, unknown> | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(API_DESCRIPTION) private readonly api: ApiDescription,
  ) {}

  /** Every declared route of the running service. */
  routes(): RouteSpec[] {
    const out: RouteSpec[] = [...(this.api.routes ?? [])];
    for (const wrapper of this.discovery.getControllers()) {
      const prototype = (wrapper.metatype as { prototype?: object } | undefined)?.prototype;
      if (!prototype) continue;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const spec = Reflect.getMetadata(API_ROUTE, (prototype as Record<string, unknown>)[name] as object) as RouteSpec | undefined;
        if (spec) out.push(spec);
      }
    }
    return out;
  }

  document(): Record<string, unknown> {
    return (this.cached ??= openApiDocument(this.api, this.routes()));
  }
}

@Controller()
export class OpenApiController {
  constructor(private readonly documents: OpenApiDocumentService) {}

  @Endpoint(OPENAPI_ROUTE)
  @Header('cache-control', 'public, max-age=300')
  document(): Record<string, unknown> {
    return this.documents.document();
  }
}
