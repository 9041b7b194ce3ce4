import type { TaxonomyLabels } from '@plein/profiles/contracts';
import { taxonomyDecider, type TaxonomyCommand } from '@plein/profiles/domain';
import { commandMetadata, executeCommand } from '@plein/shared/event-sourcing';
import { ConflictError, ForbiddenError, streamId } from '@plein/shared/kernel';
import { TAXONOMY_MAX_TERMS, type ProfilesDependencies, type TaxonomyTerm } from './ports';
import { isAdmin, type ProfilesContext } from './profile.service';

export interface TaxonomyChange {
  readonly term: TaxonomyTerm | null;
  readonly version: number;
  readonly replayed: boolean;
}

/** The curated skills taxonomy: everyone signed in reads it, admins change it. */
export class TaxonomyService {
  constructor(private readonly deps: ProfilesDependencies) {}

  /** One page of active terms by id (`limit` 1..100); `next` is the cursor of the following page. */
  async list(after: string | undefined, limit: number): Promise<{ items: TaxonomyTerm[]; next: string | null }> {
    const items = await this.deps.taxonomy.page(after, limit + 1);
    const more = items.length > limit;
    const page = more ? items.slice(0, limit) : items;
    return { items: page, next: more ? page[page.length - 1]!.termId : null };
  }

  /** PUT semantics: defines the term, or replaces the labels and synonyms of the active one. */
  async put(ctx: ProfilesContext, input: { termId: string; labels: TaxonomyLabels; synonyms: readonly string[] }): Promise<TaxonomyChange> {
    this.assertAdmin(ctx);
    return (await this.deps.taxonomy.get(input.termId)) ? this.change(ctx, input) : this.define(ctx, input);
  }

  async define(ctx: ProfilesContext, input: { termId: string; labels: TaxonomyLabels; synonyms: readonly string[] }): Promise<TaxonomyChange> {
    this.assertAdmin(ctx);
    if (!(await this.deps.taxonomy.get(input.termId)) && (await this.deps.taxonomy.all()).length >= TAXONOMY_MAX_TERMS) {
      throw new ConflictError('PROFILES.TAXONOMY_FULL', `the taxonomy holds at most ${TAXONOMY_MAX_TERMS} terms`);
    }
    return this.run(ctx, { type: 'DefineTerm', ...input });
  }

  async change(ctx: ProfilesContext, input: { termId: string; labels?: TaxonomyLabels; synonyms?: readonly string[] }): Promise<TaxonomyChange> {
    this.assertAdmin(ctx);
    return this.run(ctx, { type: 'ChangeTerm', ...input });
  }

  async retire(ctx: ProfilesContext, termId: string): Promise<TaxonomyChange> {
    this.assertAdmin(ctx);
    return this.run(ctx, { type: 'RetireTerm', termId });
  }

  private assertAdmin(ctx: ProfilesContext): void {
    if (!isAdmin(ctx.caller)) throw new ForbiddenError('PROFILES.ADMIN_ONLY', 'only admins change the taxonomy');
  }

  private async run(ctx: ProfilesContext, command: TaxonomyCommand): Promise<TaxonomyChange> {
    const result = await executeCommand({
      store: this.deps.store,
      ...(this.deps.readYourWrites ? { readYourWrites: this.deps.readYourWrites } : {}),
      streamId: streamId('taxonomy', command.termId),
      decider: taxonomyDecider,
      command,
      metadata: commandMetadata(ctx),
    });
    return { term: await this.deps.taxonomy.get(command.termId), version: result.version, replayed: result.replayed };
  }
}
