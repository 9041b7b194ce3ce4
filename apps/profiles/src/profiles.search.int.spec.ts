import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { EMPTY_FILTERS, decodeSearchCursor, queryFingerprint, type ProfileSearchRequest, type SearchFilters } from '@plein/profiles/application';
import { PROFILES_INDEX_DEFINITION, ProfilesSearch, ProfilesSearchIndex, SearchUnavailableError, type SearchPage, type SearchTaxonomyTerm } from '@plein/profiles/infrastructure';
import { uuidv7, ValidationError, type EventEnvelope } from '@plein/shared/kernel';

/**
 * Profiles search against the real Elasticsearch: a generated organisation of 200
 * people, the expected top results written down per query (Dutch and English, inflections,
 * typos, synonyms, languages with levels, natural questions), facets, cursor paging, the
 * versioned writes, and a blue-green rebuild under concurrent searches. Own index prefix per run
 * (the search source is an index too).
 */
const TAXONOMY: SearchTaxonomyTerm[] = [
  { termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s', 'kube'] },
  { termId: 'french', labels: { en: 'French', nl: 'Frans' }, synonyms: [] },
  { termId: 'kafka', labels: { en: 'Apache Kafka', nl: 'Apache Kafka' }, synonyms: ['event streaming'] },
  { termId: 'accounting', labels: { en: 'Accounting', nl: 'Boekhouding' }, synonyms: [] },
];

interface Person {
  readonly name: string;
  readonly title?: string;
  readonly department: string;
  readonly location: string;
  readonly managementLevel: 'employee' | 'manager' | 'director' | 'board';
  readonly skills: string[];
  readonly askMeAbout: string[];
  readonly bio?: string;
  readonly languages: { code: string; level: 'A1' | 'A2' | 'B1' | 'B2' | 'C1' | 'C2' | 'native' }[];
}

/** The people the queries are about; everyone else is generated filler that matches none of them. */
const NAMED: Record<string, Person> = {
  ada: { name: 'Ada Lovelace', title: 'Platform engineer', department: 'IT', location: 'Utrecht', managementLevel: 'employee', skills: ['kubernetes', 'Go'], askMeAbout: ['Clusters upgraden zonder downtime'], languages: [{ code: 'nl', level: 'native' }, { code: 'en', level: 'C1' }] },
  bram: { name: 'Bram de Wit', title: 'Ontwikkelaar mobiele apps', department: 'IT', location: 'Amsterdam', managementLevel: 'employee', skills: ['Swift'], askMeAbout: [], bio: 'Ik bouw de app waarmee collega’s hun rooster bekijken.', languages: [{ code: 'nl', level: 'native' }] },
  chloe: { name: 'Chloé Martin', title: 'Juriste', department: 'Legal', location: 'Rotterdam', managementLevel: 'employee', skills: ['Contractrecht'], askMeAbout: [], languages: [{ code: 'fr', level: 'native' }, { code: 'nl', level: 'B2' }] },
  frank: { name: 'Frank Visser', title: 'Inkoper', department: 'Operations', location: 'Eindhoven', managementLevel: 'employee', skills: ['Inkoop'], askMeAbout: [], languages: [{ code: 'nl', level: 'native' }, { code: 'fr', level: 'B1' }] },
  dirk: { name: 'Dirk Jansen', title: 'Engineering manager', department: 'IT', location: 'Utrecht', managementLevel: 'manager', skills: ['Coaching'], askMeAbout: ['Onboarding new developers'], languages: [{ code: 'nl', level: 'native' }, { code: 'en', level: 'C2' }] },
  eva: { name: 'Eva Smit', title: 'Data engineer', department: 'IT', location: 'Amsterdam', managementLevel: 'employee', skills: ['kafka'], askMeAbout: [], languages: [{ code: 'nl', level: 'native' }] },
  femke: { name: 'Femke Bos', title: 'Integratiespecialist', department: 'IT', location: 'Amsterdam', managementLevel: 'employee', skills: ['kafka'], askMeAbout: [], languages: [{ code: 'nl', level: 'native' }] },
  gijs: { name: 'Gijs Kubernetes-Fan', title: 'Cloud engineer', department: 'IT', location: 'Utrecht', managementLevel: 'employee', skills: ['kubernetes'], askMeAbout: [], languages: [{ code: 'nl', level: 'native' }] },
  hanna: { name: 'Hanna Peeters', title: 'Vertaler', department: 'Communicatie', location: 'Rotterdam', managementLevel: 'employee', skills: ['french'], askMeAbout: ['Vertalingen naar het Frans'], languages: [{ code: 'nl', level: 'native' }] },
  // Dutch compounds: each says in one word or in parts what the queries below type the other way.
  ivo: { name: 'Ivo Claes', title: 'Softwareontwikkelaar', department: 'IT', location: 'Eindhoven', managementLevel: 'employee', skills: ['TypeScript'], askMeAbout: [], languages: [{ code: 'nl', level: 'native' }] },
  karin: { name: 'Karin Smeets', title: 'Project lead', department: 'Operations', location: 'Utrecht', managementLevel: 'manager', skills: ['Prince2'], askMeAbout: ['Een project leiden'], languages: [{ code: 'nl', level: 'native' }] },
  lisa: { name: 'Lisa Maas', title: 'Medewerker klantenservice', department: 'Klantenservice', location: 'Rotterdam', managementLevel: 'employee', skills: ['Klachtafhandeling'], askMeAbout: [], languages: [{ code: 'nl', level: 'native' }] },
};

const FIRST = ['Sanne', 'Lars', 'Noor', 'Daan', 'Julia', 'Sem', 'Lotte', 'Finn', 'Emma', 'Luuk', 'Tess', 'Milan', 'Isa', 'Thijs', 'Fleur', 'Jesse', 'Roos', 'Ruben', 'Anouk', 'Stijn'];
const LAST = ['Bakker', 'Mulder', 'Meijer', 'Vos', 'Peters', 'Hendriks', 'Dekker', 'Brouwer', 'Koster', 'Prins'];
const FILLER_TITLES = ['Medewerker financiën', 'HR adviseur', 'Marketeer', 'Office manager', 'Accountmanager', 'Controller', 'Recruiter', 'Teamleider klantenservice'];
const FILLER_SKILLS = ['Excel', 'Planning', 'Budgettering', 'Recruitment', 'Payroll', 'Marketing', 'Copywriting', 'Evenementen', 'Facilitair beheer', 'Klantcontact', 'accounting'];
const DEPARTMENTS = ['Finance', 'HR', 'Marketing', 'Sales', 'Operations', 'Klantenservice'];
const LOCATIONS = ['Amsterdam', 'Utrecht', 'Rotterdam', 'Eindhoven'];
const LEVELS = ['employee', 'employee', 'employee', 'employee', 'manager', 'employee', 'director'] as const;

/** 188 generated people: deterministic, none with a skill, title or language the queries look for. */
function filler(i: number): Person {
  return {
    name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`,
    title: FILLER_TITLES[i % FILLER_TITLES.length]!,
    department: DEPARTMENTS[i % DEPARTMENTS.length]!,
    location: LOCATIONS[(i * 7) % LOCATIONS.length]!,
    managementLevel: LEVELS[i % LEVELS.length]!,
    skills: [FILLER_SKILLS[i % FILLER_SKILLS.length]!, FILLER_SKILLS[(i * 3 + 1) % FILLER_SKILLS.length]!].filter((v, k, a) => a.indexOf(v) === k),
    askMeAbout: i % 5 === 0 ? ['Declaraties indienen'] : [],
    languages: i % 4 === 0 ? [{ code: 'nl', level: 'native' }, { code: 'en', level: 'B2' }] : [{ code: 'nl', level: 'native' }],
  };
}

describe('profiles search (real Elasticsearch, 200 generated people)', () => {
  const suffix = randomBytes(4).toString('hex');
  const indexPrefix = `t${suffix}-`;
  let client: Client;
  let search: ProfilesSearch;
  const ids = new Map<string, string>();
  const people = new Map<string, Person>();
  const sequences = new Map<string, number>();

  const envelope = (userId: string, aggregateType: 'user' | 'profile', type: string, data: unknown): EventEnvelope => {
    const key = `${aggregateType}:${userId}`;
    const sequence = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, sequence);
    const source = aggregateType === 'user' ? 'plein/identity' : 'plein/profiles';
    return { id: uuidv7(), type, version: 1, source, aggregateType, aggregateId: userId, sequence, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(), correlationId: 'c', causationId: 'c', actorId: 'system:test', data };
  };
  const provision = async (key: string, person: Person): Promise<void> => {
    const id = uuidv7();
    ids.set(key, id);
    people.set(key, person);
    await search.apply(
      envelope(id, 'user', 'identity.user.provisioned', {
        externalId: id,
        userName: key,
        displayName: person.name,
        ...(person.title ? { title: person.title } : {}),
        department: person.department,
        location: person.location,
        managementLevel: person.managementLevel,
        badges: [],
        roles: ['employee'],
        managerId: null,
      }),
    );
    await search.apply(envelope(id, 'profile', 'profiles.profile.edited', { userId: id, changes: { skills: person.skills, languages: person.languages, askMeAbout: person.askMeAbout, ...(person.bio ? { bio: person.bio } : {}) } }));
  };
  const request = (text: string, filters: Partial<SearchFilters> = {}, limit = 10): ProfileSearchRequest => ({ text, filters: { ...EMPTY_FILTERS, ...filters }, limit });
  const find = (text: string, filters: Partial<SearchFilters> = {}, limit = 10): Promise<SearchPage> => search.index.search(request(text, filters, limit));
  const keysOf = (page: SearchPage): string[] => page.items.map((item) => [...ids].find(([, id]) => id === item.userId)?.[0] ?? item.userId);
  const id = (key: string): string => ids.get(key)!;

  beforeAll(async () => {
    client = new Client({ node: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' });
    search = new ProfilesSearch({
      elasticsearch: client,
      indexPrefix,
      taxonomy: async () => TAXONOMY,
      extraSynonyms: [{ term: 'french', synonyms: ['frans'] }],
      taxonomyCacheMs: 0,
    });
    await search.ensure();
    for (const [key, person] of Object.entries(NAMED)) await provision(key, person);
    for (let i = 0; i < 188; i++) await provision(`filler${i}`, filler(i));
    // Gijs knows kubernetes too, but was deactivated: he must never be found.
    await search.apply(envelope(id('gijs'), 'user', 'identity.user.deactivated', { reason: 'deprovisioned' }));
    // Evidence (the expertise part): Femke is the strongest on Kafka.
    await search.applyExpertise(id('femke'), '2026-01-02T00:00:00.000Z', [{ topic: 'kafka', score: 0.9, explanation: 'Answered 12 questions about Kafka' }]);
    await search.index.refresh();
  }, 240_000);

  afterAll(async () => {
    await search?.stopScheduledRebuilds();
    await client?.indices.delete({ index: `${indexPrefix}*` }, { ignore: [404] }).catch(() => undefined);
    await client?.close();
  });

  it('holds 200 people, the deactivated one flagged and never answered', async () => {
    expect(await search.source.count()).toBe(200);
    const all = await find('', {}, 100);
    expect(all.total).toBe(199);
    const gijs = await client.get<{ active: boolean }>({ index: search.index.alias, id: id('gijs') });
    expect(gijs._source?.active).toBe(false);
    expect(keysOf(await find('kubernetes'))).not.toContain('gijs');
  });

  it.each([
    // [query, expected top results in order]
    ['kubernetes', ['ada']],
    ['k8s', ['ada']], // synonym from the taxonomy
    ['kuberentes', ['ada']], // typo (swapped letters; the stemmers do not help here)
    ['Lovelase', ['ada']], // typo in a name
    ['who knows kubernetes?', ['ada']], // natural question, English
    ['wie kan helpen met Kubernetes', ['ada']], // natural question, Dutch
    ['ontwikkelaars', ['bram']], // Dutch inflection → "Ontwikkelaar mobiele apps"
    ['developer', ['dirk']], // English inflection → "Onboarding new developers"
    ['Frans', ['hanna']], // synonym: Frans = French (skill and ask-me-about)
    ['event streaming', ['femke', 'eva']], // multi-word synonym of Apache Kafka; Femke has evidence
    // Dutch compounds (dictionary_decompounder in the `.nl` analysis, index and search time):
    ['kubernetesbeheer', ['ada']], // compound query → the part "kubernetes" in Ada's skills
    ['softwareontwikkelaar', ['ivo', 'bram']], // the same compound first, then "Ontwikkelaar mobiele apps"
    ['software', ['ivo']], // reverse: a part finds the compound in Ivo's title
    ['projectleider', ['karin']], // "Project lead", "Een project leiden"
    ['klantenservicemedewerker', ['lisa']], // "Medewerker klantenservice": both parts
  ])('"%s" finds %j first', async (query, expected) => {
    const page = await find(query);
    expect(keysOf(page).slice(0, expected.length)).toEqual(expected);
    expect(page.items[0]!.highlights).not.toEqual({});
  });

  it('finds a taxonomy term by its Dutch label: everyone with `accounting` for "boekhouding"', async () => {
    const page = await find('boekhouding', {}, 100);
    const expected = [...people].filter(([k, p]) => k !== 'gijs' && p.skills.includes('accounting')).map(([k]) => k);
    expect(expected.length).toBeGreaterThan(10);
    expect(keysOf(page).sort()).toEqual(expected.sort());
  });

  it('ranks by expertise evidence among people with the same skill and says why', async () => {
    const page = await find('kafka');
    expect(keysOf(page).slice(0, 2)).toEqual(['femke', 'eva']);
    expect(page.items[0]!.why.expertise).toEqual([{ topic: 'kafka', score: 0.9, explanation: 'Answered 12 questions about Kafka' }]);
    expect(page.items[0]!.why.matchedFields).toContain('skills');
    expect(page.items[0]!.highlights['skills']).toEqual([expect.stringContaining('<em>Kafka</em>')]);
  });

  it('turns "wie spreekt Frans?" into a language filter, with levels', async () => {
    const spoken = await find('wie spreekt Frans?');
    expect(spoken.interpreted).toEqual({ text: '', languages: ['fr'] });
    expect(keysOf(spoken).sort()).toEqual(['chloe', 'frank']);
    expect(keysOf(await find('who speaks French')).sort()).toEqual(['chloe', 'frank']);
    expect(keysOf(await find('', { languages: [{ code: 'fr', minLevel: 'C1' }] }))).toEqual(['chloe']);
    expect(keysOf(await find('', { languages: [{ code: 'fr', minLevel: 'B1' }] })).sort()).toEqual(['chloe', 'frank']);
  });

  it('counts facets over the matching people and filters on each', async () => {
    const all = await find('', {}, 1);
    const active = [...people].filter(([k]) => k !== 'gijs').map(([, p]) => p);
    const count = (values: string[]) => {
      const m = new Map<string, number>();
      for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
      return m;
    };
    const asMap = (facet: readonly { value: string; count: number }[]) => new Map(facet.map((b) => [b.value, b.count]));
    expect(asMap(all.facets.department)).toEqual(count(active.map((p) => p.department)));
    expect(asMap(all.facets.location)).toEqual(count(active.map((p) => p.location)));
    expect(asMap(all.facets.managementLevel)).toEqual(count(active.map((p) => p.managementLevel)));
    expect(asMap(all.facets.language)).toEqual(count(active.flatMap((p) => p.languages.map((l) => l.code))));
    expect(all.facets.languageLevel.find((b) => b.value === 'fr:native')).toEqual({ value: 'fr:native', count: 1 });
    expect(all.facets.skill.find((b) => b.value === 'kafka')).toEqual({ value: 'kafka', count: 2 });
    const labelled = await search.search(request('', {}, 1));
    expect(labelled.facets.skill.find((b) => b.value === 'accounting')?.labels).toEqual(['Accounting', 'Boekhouding']);
    expect(labelled.facets.skill.find((b) => b.value === 'excel')?.labels).toEqual(['excel']);

    const it = await find('', { departments: ['IT'], locations: ['Utrecht'] }, 100);
    expect(keysOf(it).sort()).toEqual(['ada', 'dirk']);
    expect(asMap(it.facets.department)).toEqual(new Map([['IT', 2]]));
    expect(keysOf(await find('', { skills: ['KAFKA'] })).sort()).toEqual(['eva', 'femke']);
    expect(keysOf(await find('', { managementLevels: ['manager'], departments: ['IT'] }))).toEqual(['dirk']);
  });

  it('pages with an opaque cursor: every active person once, in a stable order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const filters = EMPTY_FILTERS;
      const after = cursor ? decodeSearchCursor(cursor, queryFingerprint('', filters)) : undefined;
      const page: SearchPage = await search.index.search({ text: '', filters, limit: 30, ...(after ? { after } : {}) });
      seen.push(...page.items.map((i) => i.userId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(7); // 199 = 6 × 30 + 19
    expect(seen).toHaveLength(199);
    expect(new Set(seen).size).toBe(199);
    expect(seen).not.toContain(id('gijs'));

    const first = await find('kafka', {}, 1);
    expect(() => decodeSearchCursor(first.nextCursor!, queryFingerprint('kubernetes', EMPTY_FILTERS))).toThrow(ValidationError);
    expect(() => decodeSearchCursor('not-a-cursor', queryFingerprint('kafka', EMPTY_FILTERS))).toThrow(ValidationError);
  });

  it('applies a redelivered event once and never lets an older revision overwrite a newer one', async () => {
    const event = envelope(id('dirk'), 'user', 'identity.user.attributes-changed', { changes: { title: 'Head of engineering' } });
    await search.apply(event);
    const before = await client.get({ index: search.index.alias, id: id('dirk') });
    const row = await search.source.get(id('dirk'));
    await search.apply(event); // redelivery
    await search.apply(event);
    const after = await client.get({ index: search.index.alias, id: id('dirk') });
    expect(after._version).toBe(before._version);
    expect((await search.source.get(id('dirk')))?.revision).toBe(row?.revision);
    expect(after._version).toBe(row?.revision);
    // A stale write (an older revision) is refused by Elasticsearch.
    expect(await search.index.write(id('dirk'), row!.revision - 1, null)).toBe('duplicate');
    expect((await client.get<{ title: string }>({ index: search.index.alias, id: id('dirk') }))._source?.title).toBe('Head of engineering');
  });

  it('answers "unavailable" (503) while no index version exists yet, instead of failing', async () => {
    const empty = new ProfilesSearchIndex({ client, indexPrefix: `${indexPrefix}none-`, synonyms: async () => [] });
    await expect(empty.search(request('kafka'))).rejects.toBeInstanceOf(SearchUnavailableError);
  });

  it('removes a deleted person from the index', async () => {
    const extra = 'deleted-person';
    await provision(extra, { ...filler(500), name: 'Zoë Weg' });
    await search.apply(envelope(id(extra), 'user', 'identity.user.deactivated', { reason: 'deprovisioned' }));
    await search.apply(envelope(id(extra), 'user', 'identity.user.deleted', {}));
    expect(await client.exists({ index: search.index.alias, id: id(extra) })).toBe(false);
    expect((await search.source.get(id(extra)))?.deleted).toBe(true);
  });

  it('rebuilds blue-green while searches keep answering, and keeps writes made during the rebuild', async () => {
    const before = await search.index.activeIndex();
    let running = true;
    let searches = 0;
    const failures: unknown[] = [];
    const wrongTop: string[][] = [];
    const searching = (async () => {
      while (running) {
        try {
          const page = await find('k8s', {}, 3);
          searches++;
          if (keysOf(page)[0] !== 'ada') wrongTop.push(keysOf(page));
        } catch (error) {
          failures.push(error);
        }
      }
    })();
    const rebuilding = search.rebuild({ dropDelayMs: 500 });
    // A live write while the rebuild runs reaches both versions.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await search.apply(envelope(id('eva'), 'user', 'identity.user.attributes-changed', { changes: { title: 'Streaming architect' } }));
    const report = await rebuilding;
    await new Promise((resolve) => setTimeout(resolve, 700)); // past the drop of the old version
    running = false;
    await searching;
    expect(report.from).toBe(before);
    expect(report.to).not.toBe(before);
    expect(await search.index.activeIndex()).toBe(report.to);
    expect(await client.indices.exists({ index: before! })).toBe(false);
    expect(failures).toEqual([]);
    expect(wrongTop).toEqual([]);
    expect(searches).toBeGreaterThan(5);
    await search.index.refresh();
    expect(keysOf(await find('streaming architect'))[0]).toBe('eva');
    expect((await find('', {}, 1)).total).toBe(199);
  }, 60_000);

  it('lets only one of two simultaneous rebuilds through; the other changes nothing', async () => {
    const before = await search.index.activeIndex();
    const results = await Promise.allSettled([search.rebuild({ dropDelayMs: 0 }), search.rebuild({ dropDelayMs: 0 })]);
    const done = results.filter((r) => r.status === 'fulfilled');
    expect(done).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([expect.stringMatching(/another rebuild/)]);
    const active = await search.index.activeIndex();
    expect(active).toBe((done[0] as PromiseFulfilledResult<{ to: string }>).value.to);
    expect(active).not.toBe(before);
    expect(await client.indices.existsAlias({ name: search.index.nextAlias })).toBe(false);
    expect(keysOf(await find('k8s'))[0]).toBe('ada');
  }, 60_000);

  it('rebuilds, blue-green, an active index of an older definition when the service starts', async () => {
    const before = await search.index.activeIndex();
    // An index created before compounds were analysed: definition 1 (no `_meta`, or 1).
    await client.indices.putMapping({ index: before!, _meta: { definition: 1 } });
    expect(await search.index.activeDefinition()).toBe(1);
    await search.ensure();
    let active = before;
    for (let i = 0; i < 150 && active === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      active = await search.index.activeIndex();
    }
    expect(active).not.toBe(before);
    expect(await search.index.activeDefinition()).toBe(PROFILES_INDEX_DEFINITION);
    await search.index.refresh();
    expect((await find('', {}, 1)).total).toBe(199);
    expect(keysOf(await find('klantenservicemedewerker'))[0]).toBe('lisa');
    // Started again on the current definition: nothing is rebuilt.
    await search.ensure();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await search.index.activeIndex()).toBe(active);
    expect(await client.indices.existsAlias({ name: search.index.nextAlias })).toBe(false);
  }, 60_000);
});
