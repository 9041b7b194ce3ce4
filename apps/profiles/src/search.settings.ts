import { z } from 'zod';

/** Search settings, the `search` section of the profiles config (docs/configuration.md, docs/profiles/search.md). */
export const searchSettings = () =>
  z
    .object({
      // A taxonomy change rebuilds the search index this many seconds after the last change.
      SEARCH_TAXONOMY_REBUILD_DELAY_SECONDS: z
        .string()
        .default('10')
        .refine((raw) => /^\d{1,4}$/.test(raw.trim()) && Number(raw) <= 3_600, 'must be an integer between 0 and 3600')
        .transform(Number),
    })
    .transform((e) => ({ taxonomyRebuildDelayMs: e.SEARCH_TAXONOMY_REBUILD_DELAY_SECONDS * 1_000 }));
