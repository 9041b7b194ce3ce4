import { useEffect, useState } from 'react';
import { call } from '../../api';
import { profilesPath, type TaxonomyTerm } from './api';

/** How many taxonomy terms the client reads (pages of 100): bounded, the curated list is small. */
export const MAX_TERMS = 500;

let terms: Promise<readonly TaxonomyTerm[]> | null = null;

/** The curated skill terms, read once per page life; none when the taxonomy cannot be read (skills then show as stored). */
function loadTaxonomy(): Promise<readonly TaxonomyTerm[]> {
  terms ??= (async () => {
    const all: TaxonomyTerm[] = [];
    let cursor: string | null = null;
    try {
      do {
        const page: { items: TaxonomyTerm[]; next: string | null } = await call('GET', profilesPath(`/taxonomy?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
        all.push(...page.items);
        cursor = page.next;
      } while (cursor && all.length < MAX_TERMS);
    } catch {
      // A help only: asked again on the next page that wants it.
      terms = null;
    }
    return all;
  })();
  return terms;
}

export function useTaxonomy(): readonly TaxonomyTerm[] {
  const [loaded, setLoaded] = useState<readonly TaxonomyTerm[]>([]);
  useEffect(() => {
    let live = true;
    void loadTaxonomy().then((t) => live && setLoaded(t));
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}
