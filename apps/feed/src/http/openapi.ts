import { Controller, Header } from '@nestjs/common';
import { Endpoint, OpenApiDocumentService, type ApiDescription } from '@plein/shared/platform';
import { FEED_OPENAPI_V1 } from './routes';

/** Title and description of the feed's OpenAPI document; the paths come from the route declarations (routes.ts). */
export const FEED_API: ApiDescription = {
  title: 'Plein feed',
  description: 'Posts with calls to action, conversation, groups, home timelines, idea jams and the agenda. Content outside your audience answers 404.',
};

/** The same document at its historical address, GET /v1/openapi.json (no authentication). */
@Controller()
export class OpenApiController {
  constructor(private readonly documents: OpenApiDocumentService) {}

  @Endpoint(FEED_OPENAPI_V1)
  @Header('cache-control', 'public, max-age=300')
  document(): Record<string, unknown> {
    return this.documents.document();
  }
}
