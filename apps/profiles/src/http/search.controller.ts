import { Controller, UseGuards } from '@nestjs/common';
import { decodeSearchCursor, EMPTY_FILTERS, queryFingerprint, type LanguageFilter, type SearchFilters } from '@plein/profiles/application';
import type { LanguageLevel } from '@plein/profiles/contracts';
import { ProfilesSearch, type SearchPage } from '@plein/profiles/infrastructure';
import { PlatformAuthGuard } from '@plein/shared/auth';
import { Endpoint, RequestInput, type InputOf } from '@plein/shared/platform';
import { SEARCH_PROFILES } from './search.routes';

const languageFilter = (value: string): LanguageFilter => {
  const [code, level] = value.split(':');
  return level ? { code: code!, minLevel: level as LanguageLevel } : { code: code! };
};

/** GET /v1/profiles/search for any signed-in person (the index holds only what every colleague may see). */
@Controller()
@UseGuards(PlatformAuthGuard)
export class SearchController {
  constructor(private readonly search: ProfilesSearch) {}

  @Endpoint(SEARCH_PROFILES)
  async find(@RequestInput() { query }: InputOf<typeof SEARCH_PROFILES>): Promise<SearchPage> {
    const text = query.q?.trim() ?? '';
    const filters: SearchFilters = {
      ...EMPTY_FILTERS,
      skills: query.skill ?? [],
      languages: (query.language ?? []).map(languageFilter),
      departments: query.department ?? [],
      locations: query.location ?? [],
      managementLevels: query.managementLevel ?? [],
    };
    const after = query.cursor ? decodeSearchCursor(query.cursor, queryFingerprint(text, filters)) : undefined;
    return this.search.search({ text, filters, limit: query.limit, ...(after ? { after } : {}) });
  }
}
