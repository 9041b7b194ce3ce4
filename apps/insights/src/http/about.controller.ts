import { Controller } from '@nestjs/common';
import { Endpoint, RequestInput, route, type InputOf } from '@plein/shared/platform';
import { z } from 'zod';

/** The example route: declared once, validated by @RequestInput and listed in GET /openapi.json. */
export const ABOUT_ROUTE = route({
  method: 'get',
  path: '/v1/insights/about',
  summary: 'What this service is (no authentication)',
  auth: 'none',
  query: z.object({ lang: z.enum(['en', 'nl']).default('en') }),
  response: { schema: z.object({ service: z.literal('insights'), lang: z.string() }) },
});

@Controller()
export class AboutController {
  @Endpoint(ABOUT_ROUTE)
  about(@RequestInput() input: InputOf<typeof ABOUT_ROUTE>): { service: 'insights'; lang: string } {
    return { service: 'insights', lang: input.query.lang };
  }
}
