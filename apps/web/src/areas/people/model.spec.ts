import { editFieldOf, highlightParts, languageName, isEmptySearch, parseLanguages, parseList, parsePeoplePath, searchApiPath, searchFromQuery, searchHref, termMatches, toggleFilter, topicOf } from './model';

const ID = '0190B7A4-1A2B-7C3D-8E4F-0123456789AB';

describe('people paths', () => {
  it('owns /people, /people/<id>, /profile, /org and /org/<id>; ids are lower-cased', () => {
    expect(parsePeoplePath('/people')).toEqual({ page: 'search' });
    expect(parsePeoplePath(`/people/${ID}`)).toEqual({ page: 'profile', userId: ID.toLowerCase() });
    expect(parsePeoplePath('/profile')).toEqual({ page: 'edit' });
    expect(parsePeoplePath('/org')).toEqual({ page: 'org', userId: null });
    expect(parsePeoplePath(`/org/${ID}`)).toEqual({ page: 'org', userId: ID.toLowerCase() });
  });

  it('answers not-found for a bad id and null for paths that are not the area\'s', () => {
    expect(parsePeoplePath('/people/not-an-id')).toEqual({ page: 'not-found' });
    expect(parsePeoplePath('/org/123')).toEqual({ page: 'not-found' });
    expect(parsePeoplePath('/people/a/b')).toBeNull();
    expect(parsePeoplePath('/groups')).toBeNull();
    expect(parsePeoplePath('/peoples')).toBeNull();
  });
});

describe('people search in the URL', () => {
  it('reads q and comma-separated facets, each value once, and writes them back', () => {
    const search = searchFromQuery(new URLSearchParams('q=+kafka+&language=fr,fr,&department=Engineering/Platform'));
    expect(search).toEqual({ q: 'kafka', filters: { skill: [], language: ['fr'], department: ['Engineering/Platform'], location: [], managementLevel: [] } });
    expect(searchHref(search)).toBe('/people?q=kafka&language=fr&department=Engineering%2FPlatform');
    expect(searchFromQuery(new URLSearchParams(searchHref(search).split('?')[1]))).toEqual(search);
  });

  it('asks the profiles API with the same filters, a page size and the cursor', () => {
    const search = toggleFilter(searchFromQuery(new URLSearchParams('q=wie spreekt frans')), 'location', 'Utrecht', true);
    expect(searchApiPath(search, 20, 'abc_1')).toBe('/api/profiles/v1/profiles/search?q=wie+spreekt+frans&location=Utrecht&limit=20&cursor=abc_1');
  });

  it('switches filter values on and off, and knows an empty search', () => {
    const empty = searchFromQuery(new URLSearchParams(''));
    expect(isEmptySearch(empty)).toBe(true);
    const on = toggleFilter(toggleFilter(empty, 'skill', 'kafka', true), 'skill', 'go', true);
    expect(on.filters.skill).toEqual(['kafka', 'go']);
    expect(isEmptySearch(on)).toBe(false);
    expect(toggleFilter(on, 'skill', 'kafka', false).filters.skill).toEqual(['go']);
    expect(searchHref(empty)).toBe('/people');
  });
});

describe('profile editing', () => {
  it('reads lists and languages as people type them', () => {
    expect(parseList(' kafka, go\nKafka ,,go ')).toEqual(['kafka', 'go', 'Kafka']);
    expect(parseLanguages('FR:c1, en:native, de')).toEqual([
      { code: 'fr', level: 'C1' },
      { code: 'en', level: 'native' },
      { code: 'de', level: 'B1' },
    ]);
  });

  it('names the form field of a violation', () => {
    expect(editFieldOf('body.languages[1].code')).toBe('languages');
    expect(editFieldOf('body.bio')).toBe('bio');
    expect(editFieldOf('skills')).toBe('skills');
  });

  it('normalises skills as expertise topics and matches taxonomy terms on labels and synonyms', () => {
    expect(topicOf('Event storming')).toBe('eventstorming');
    expect(topicOf('#Kubernetes')).toBe('kubernetes');
    const term = { termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s'] };
    expect(termMatches(term, 'K8')).toBe(true);
    expect(termMatches(term, 'kafka')).toBe(false);
  });
});

describe('search highlights and language names', () => {
  it('reads highlights as text parts, matches marked, entities decoded, no HTML kept', () => {
    expect(highlightParts('Spreekt <em>Frans</em> &amp; &lt;b&gt;Duits')).toEqual([
      { text: 'Spreekt ', match: false },
      { text: 'Frans', match: true },
      { text: ' & <b>Duits', match: false },
    ]);
  });

  it('names languages in the reader\'s language, the code for an unknown one', () => {
    expect(languageName('fr', 'nl').toLowerCase()).toBe('frans');
    expect(languageName('fr', 'en')).toBe('French');
    expect(languageName('not a code', 'en')).toBe('not a code');
  });
});
