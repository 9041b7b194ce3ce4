import { EMPTY_FILTERS } from '@plein/profiles/application';
import { profilesIndexDefinition, synonymRules } from './index-definition';
import { buildSearchBody } from './search-body';

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
