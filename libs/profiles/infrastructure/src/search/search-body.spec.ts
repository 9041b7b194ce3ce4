import { EMPTY_FILTERS } from '@plein/profiles/application';
import { compoundParts, DUTCH_COMPOUND_PARTS, profilesIndexDefinition, synonymRules } from './index-definition';
import { buildSearchBody } from './search-body';

describe('compoundParts', () => {
  it('adds the taxonomy words of 4-20 letters, lowercased and accents folded, to the built-in list', () => {
    const parts = compoundParts([
      { term: 'Kubernetes', synonyms: ['k8s', 'kube'] },
      { term: 'Événementen', synonyms: ['Apache Kafka', 'go', 'c#', 'x'.repeat(21)] },
    ]);
    expect(parts).toEqual(expect.arrayContaining(['kubernetes', 'kube', 'evenementen', 'apache', 'kafka', 'beheer', 'ontwikkelaar']));
    expect(parts).not.toEqual(expect.arrayContaining(['k8s']));
    expect(parts.filter((p) => p === 'go' || p === 'c#' || p.length > 20)).toEqual([]);
    expect(parts).toEqual([...new Set(parts)].sort());
  });

  it('is bounded whatever the taxonomy holds', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => ({ term: `term${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26) % 26)}${String.fromCharCode(97 + Math.floor(i / 676))}`, synonyms: [] }));
    expect(compoundParts(many).length).toBeLessThanOrEqual(DUTCH_COMPOUND_PARTS.length + 2_000);
    expect(compoundParts(many).length).toBeGreaterThan(DUTCH_COMPOUND_PARTS.length + 1_000);
  });

  it('puts the decompounder in the Dutch analyzers, before the stemmer, at index and search time', () => {
    const analysis = profilesIndexDefinition([]).settings['analysis'] as { analyzer: Record<string, { filter: string[] }> };
    for (const name of ['plein_nl', 'plein_nl_search']) {
      const filters = analysis.analyzer[name]!.filter;
      expect(filters.indexOf('plein_nl_decompound')).toBeGreaterThan(-1);
      expect(filters.indexOf('plein_nl_decompound')).toBeLessThan(filters.indexOf('plein_nl_stemmer'));
    }
    expect(analysis.analyzer['plein_text']!.filter).not.toContain('plein_nl_decompound');
  });
});

describe('synonymRules', () => {
  it('makes one equivalence per term, lowercased, without the characters that mean something in a rule', () => {
    expect(
      synonymRules([
        { term: 'Kubernetes', synonyms: ['k8s', 'KUBE', 'k8s'] },
        { term: 'C#', synonyms: ['c sharp, java => evil', 'a\\b'] },
        { term: 'lonely', synonyms: [] },
        { term: 'Same', synonyms: ['same'] },
      ]),
    ).toEqual(['c#, c sharp java evil, a b', 'kubernetes, k8s, kube']);
  });

  it('keeps a valid synonym filter when there are no rules', () => {
    const filter = (profilesIndexDefinition([]).settings['analysis'] as { filter: Record<string, { synonyms: string[] }> }).filter['plein_synonyms'];
    expect(filter?.synonyms).toHaveLength(1);
  });
});

describe('buildSearchBody', () => {
  const filters = (body: Record<string, unknown>) =>
    ((body['query'] as { function_score: { query: { bool: { filter: unknown[]; must?: unknown[] } } } }).function_score.query.bool);

  it('always filters out deactivated people, also without text', () => {
    const { body, text } = buildSearchBody({ text: '', filters: EMPTY_FILTERS, limit: 5 });
    expect(text).toBe('');
    expect(filters(body).filter).toEqual([{ term: { active: true } }]);
    expect(filters(body).must).toBeUndefined();
    expect(body['size']).toBe(5);
    expect(body['sort']).toEqual([{ _score: 'desc' }, { userId: 'asc' }]);
  });

  it('turns a question into text and a language filter, and a level into the levels at or above it', () => {
    const { body, text, questionLanguages } = buildSearchBody({
      text: 'wie spreekt Frans en kent Kafka?',
      filters: { ...EMPTY_FILTERS, languages: [{ code: 'de', minLevel: 'C2' }], departments: ['IT', 'HR'] },
      limit: 20,
    });
    expect([text, questionLanguages]).toEqual(['Kafka', ['fr']]);
    expect(filters(body).filter).toEqual([
      { term: { active: true } },
      { terms: { languageLevels: ['de:C2', 'de:native'] } },
      { term: { languages: 'fr' } },
      { terms: { department: ['IT', 'HR'] } },
    ]);
    expect(filters(body).must).toHaveLength(1);
  });

  it('continues after the cursor position', () => {
    const { body } = buildSearchBody({ text: 'x', filters: EMPTY_FILTERS, limit: 2, after: { score: 3.5, userId: 'u1', query: 'q' } });
    expect(body['search_after']).toEqual([3.5, 'u1']);
  });
});
