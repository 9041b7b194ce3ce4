import { useEffect, useState, type FormEvent } from 'react';
import { Button, Checkbox, CheckboxGroup, Form, Input, Label, Link, SearchField, Text } from 'react-aria-components';
import { call } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { rememberName } from '../../names';
import { navigate } from '../../router';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { FacetValue, SearchAnswer, SearchHit } from './api';
import { useLocationSearch } from './location';
import { FACETS, highlightParts, isEmptySearch, languageName, peopleHref, searchApiPath, searchFromQuery, searchHref, toggleFilter, type Facet, type PeopleSearch } from './model';

const PAGE = 20;

type Results = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; answer: SearchAnswer; items: readonly SearchHit[]; loadingMore: boolean };

/** `/people`: the search box and the filters live in the URL (linkable); results with why each person matched; paged. */
export default function SearchPage() {
  const { t } = useI18n();
  const query = useLocationSearch();
  const search = searchFromQuery(new URLSearchParams(query));
  const key = searchHref(search);
  const [text, setText] = useState(search.q);
  const [results, setResults] = useState<Results>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => setText(search.q), [search.q]);

  useEffect(() => {
    const controller = new AbortController();
    setResults({ state: 'loading' });
    call<SearchAnswer>('GET', searchApiPath(search, PAGE), { signal: controller.signal })
      .then((answer) => {
        for (const hit of answer.items) rememberName(hit.userId, hit.name);
        setResults({ state: 'ready', answer, items: answer.items, loadingMore: false });
      })
      .catch((error: unknown) => !controller.signal.aborted && setResults({ state: 'error', error }));
    return () => controller.abort();
    // `key` names the whole search.
  }, [key, attempt]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(searchHref({ ...search, q: text.trim() }));
  };

  const more = async () => {
    if (results.state !== 'ready' || !results.answer.nextCursor) return;
    setResults({ ...results, loadingMore: true });
    try {
      const answer = await call<SearchAnswer>('GET', searchApiPath(search, PAGE, results.answer.nextCursor));
      for (const hit of answer.items) rememberName(hit.userId, hit.name);
      setResults({ state: 'ready', answer, items: [...results.items, ...answer.items], loadingMore: false });
    } catch (error) {
      setResults({ state: 'error', error });
    }
  };

  return (
    <section aria-labelledby="people-title" className="people">
      <h1 id="people-title">{t('peopleTitle')}</h1>
      <Form role="search" onSubmit={submit} className="people-search">
        <SearchField value={text} onChange={setText} className="field" aria-describedby="people-search-hint">
          <Label>{t('peopleSearchLabel')}</Label>
          <Input />
          <Text slot="description" id="people-search-hint">
            {t('peopleSearchHint')}
          </Text>
        </SearchField>
        <Button type="submit" className="button primary">
          {t('peopleSearchButton')}
        </Button>
      </Form>
      {results.state === 'error' && <ProblemMessage error={results.error} onRetry={() => setAttempt((n) => n + 1)} />}
      <div className="people-layout">
        {results.state === 'ready' && <Filters search={search} answer={results.answer} />}
        <section aria-labelledby="people-results-title" className="people-results">
          <h2 id="people-results-title">{t('peopleResults')}</h2>
          <p role="status" className="meta">
            {results.state === 'loading' ? t('loading') : results.state === 'ready' ? (results.answer.totalIsLowerBound ? t('peopleResultCountAtLeast', { n: results.answer.total }) : t('peopleResultCount', { n: results.answer.total })) : ''}
          </p>
          {results.state === 'ready' && results.items.length === 0 && (
            <div className="card">
              <p>{t('peopleNoMatch')}</p>
              {!isEmptySearch(search) && <Link href={peopleHref.search}>{t('peopleClearFilters')}</Link>}
            </div>
          )}
          {results.state === 'ready' && results.items.length > 0 && (
            <ol className="people-list">
              {results.items.map((hit) => (
                <li key={hit.userId}>
                  <Hit hit={hit} />
                </li>
              ))}
            </ol>
          )}
          {results.state === 'ready' && results.answer.nextCursor && (
            <Button className="button secondary" isDisabled={results.loadingMore} onPress={() => void more()}>
              {results.loadingMore ? t('loading') : t('peopleMore')}
            </Button>
          )}
        </section>
      </div>
    </section>
  );
}

const LEVELS = new Set(['board', 'director', 'manager', 'employee']);

function facetLabel(facet: Facet, value: FacetValue, lang: 'nl' | 'en', t: (key: MessageKey) => string): string {
  if (facet === 'language') return languageName(value.value, lang);
  if (facet === 'managementLevel' && LEVELS.has(value.value)) return t(`peopleLevel_${value.value}` as MessageKey);
  if (facet === 'skill' && value.labels && value.labels.length > 0) return (lang === 'nl' ? value.labels[1] : value.labels[0]) ?? value.labels[0]!;
  return value.value;
}

/** The facets of the answer as checkable filters with counts; a chosen value stays listed even when the answer no longer counts it. */
function Filters({ search, answer }: { search: PeopleSearch; answer: SearchAnswer }) {
  const { t, lang } = useI18n();
  const groups = FACETS.map((facet) => {
    const counted = answer.facets[facet] ?? [];
    const chosen = search.filters[facet].filter((v) => !counted.some((c) => c.value === v)).map((value) => ({ value, count: 0 }));
    return { facet, values: [...chosen, ...counted] };
  }).filter((g) => g.values.length > 0);
  if (groups.length === 0) return null;
  return (
    <aside aria-labelledby="people-filters-title" className="people-filters">
      <h2 id="people-filters-title">{t('peopleFilters')}</h2>
      {groups.map(({ facet, values }) => (
        <CheckboxGroup
          key={facet}
          className="field people-facet"
          value={[...search.filters[facet]]}
          onChange={(next) => {
            const before = new Set(search.filters[facet]);
            const after = new Set(next);
            let changed = search;
            for (const v of values.map((x) => x.value)) if (before.has(v) !== after.has(v)) changed = toggleFilter(changed, facet, v, after.has(v));
            navigate(searchHref(changed));
          }}
        >
          <Label>{t(`peopleFacet_${facet}` as MessageKey)}</Label>
          {values.map((v) => (
            <Checkbox key={v.value} value={v.value} className="checkbox">
              <span className="box" aria-hidden="true" />
              {t('peopleFacetValue', { value: facetLabel(facet, v, lang, t), count: v.count })}
            </Checkbox>
          ))}
        </CheckboxGroup>
      ))}
    </aside>
  );
}

/** The search fields with a name of their own in the catalogue; any other is shown as the API names it. */
const MATCHED_FIELDS = new Set(['name', 'title', 'skills', 'askMeAbout', 'bio', 'languages', 'department', 'location', 'interests']);

function Hit({ hit }: { hit: SearchHit }) {
  const { t, lang } = useI18n();
  const fields = hit.why.matchedFields.map((f) => (MATCHED_FIELDS.has(f) ? t(`peopleField_${f}` as MessageKey) : f));
  const highlights = Object.entries(hit.highlights).flatMap(([field, fragments]) => fragments.slice(0, 2).map((fragment, i) => ({ key: `${field}:${i}`, fragment })));
  return (
    <article className="card person-hit" aria-labelledby={`hit-${hit.userId}`}>
      <h3 id={`hit-${hit.userId}`}>
        <Link href={peopleHref.profile(hit.userId)}>{hit.name}</Link>
      </h3>
      <p className="meta">{[hit.title, hit.department, hit.location].filter(Boolean).join(' · ')}</p>
      {hit.languages.length > 0 && <p className="meta">{hit.languages.map((l) => `${languageName(l.code, lang)} (${l.level})`).join(', ')}</p>}
      {(fields.length > 0 || hit.why.expertise.length > 0 || highlights.length > 0) && (
        <div className="why">
          <h4>{t('peopleWhy')}</h4>
          {fields.length > 0 && <p>{t('peopleMatched', { fields: fields.join(', ') })}</p>}
          {highlights.length > 0 && (
            <ul className="highlights">
              {highlights.map(({ key, fragment }) => (
                <li key={key}>
                  {highlightParts(fragment).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                </li>
              ))}
            </ul>
          )}
          {hit.why.expertise.length > 0 && (
            <ul className="evidence">
              {hit.why.expertise.map((e) => (
                <li key={e.topic}>
                  <strong>#{e.topic}</strong>: {e.explanation}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </article>
  );
}
