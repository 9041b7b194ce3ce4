import { Controller, UseGuards } from '@nestjs/common';
import { TaxonomyService, type ProfilesContext } from '@plein/profiles/application';
import { PlatformAuthGuard, PlatformCtx } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import { inBody } from './profile-request-context';
import { LIST_TAXONOMY, PUT_TAXONOMY_TERM, RETIRE_TAXONOMY_TERM } from './taxonomy.routes';

/** The curated skills taxonomy: read by everyone signed in, maintained by admins. */
@Controller()
@UseGuards(PlatformAuthGuard)
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Endpoint(LIST_TAXONOMY)
  list(@RequestInput() { query }: InputOf<typeof LIST_TAXONOMY>) {
    return this.taxonomy.list(query.cursor, query.limit);
  }

  @Endpoint(PUT_TAXONOMY_TERM)
  async put(@PlatformCtx() ctx: ProfilesContext, @RequestInput() { params, body }: InputOf<typeof PUT_TAXONOMY_TERM>) {
    const result = await inBody(() => this.taxonomy.put(ctx, { termId: params.termId, labels: body.labels, synonyms: body.synonyms }));
    return result.term;
  }

  @Endpoint(RETIRE_TAXONOMY_TERM)
  async retire(@PlatformCtx() ctx: ProfilesContext, @RequestInput() { params }: InputOf<typeof RETIRE_TAXONOMY_TERM>): Promise<void> {
    await this.taxonomy.retire(ctx, params.termId);
  }
}
