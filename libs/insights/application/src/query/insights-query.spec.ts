import { daysOfWeek, guardOf, METRICS, UNKNOWN, type Cell } from '@plein/insights/domain';
import { FixedClock, NotFoundError, ValidationError } from '@plein/shared/kernel';
import { InMemoryInsightsCells } from '../ingest/insights-cells.port';
import { InsightsQuery, type Table } from './insights-query';
import { InsightsViews, tableCsv, viewCsv } from './insights-views';
import { withCompletenessGauges } from './completeness-cells';
import { cellsOf, completenessCellsOf, type TestActivity, type TestPerson } from './test-organisation';

const K = 5;
const WEEK = daysOfWeek('2026-W48'); // 2026-11-23 .. 2026-11-29
const clock = new FixedClock(new Date('2026-12-06T12:00:00Z'));

/** A small organisation with known answers: units of 1 to 20 people, four levels, three locations. */
function organisation(): { people: TestPerson[]; activities: TestActivity[] } {
  const people: TestPerson[] = [];
  const add = (n: number, orgUnit: string | null, level: TestPerson['level'] = 'employee', location: string | null = 'amsterdam') => {
    for (let i = 0; i < n; i++) people.push({ orgUnit, level, location });
  };
  add(18, 'engineering/platform');
  add(2, 'engineering/platform', 'manager');
  add(11, 'engineering/web', 'employee', 'utrecht');
  add(1, 'engineering/web', 'manager', 'utrecht');
  add(3, 'engineering', 'director');
  add(8, 'sales/north', 'employee', 'utrecht');
  add(3, 'sales/south', 'employee', null);
  add(2, 'support');
  add(6, 'hr', 'employee', 'amsterdam');
  add(1, null, 'board');
  // A fixed pseudo-random activity pattern (no Math.random: the test must be reproducible).
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const activities: TestActivity[] = [];
  people.forEach((_, person) => {
    WEEK.forEach((day, d) => {
      if (next() < (d < 5 ? 0.6 : 0.15)) activities.push({ person, day, metric: METRICS.active });
      if (next() < 0.3) activities.push({ person, day, metric: METRICS.posts, count: 1 + Math.floor(next() * 3) });
    });
  });
  return { people, activities };
}

const { people, activities } = organisation();
const cells = cellsOf(people, activities);
const truth = (granularity: string, period: string, dimension: string, value: string, metric: string): number =>
  cells.find((c: Cell) => c.granularity === granularity && c.period === period && c.dimension === dimension && c.value === value)?.metrics[metric] ?? 0;
const query = () => new InsightsQuery(new InMemoryInsightsCells(cells), { k: K, clock });

/**
 * The attacker's sum: a shown total minus its shown parts. Safe when it is 0 with nothing
 * hidden, or covers at least k people and never exactly one hidden part.
 */
function assertDifferencingRevealsNothing(table: Table, dimension: string, granularity = table.granularity) {
  let checked = 0;
  for (const row of table.rows) {
    if (row.total.value === null) {
      expect(row.parts.every((p) => p.figure.value === null)).toBe(true);
      continue;
    }
    const guard = guardOf(table.metric);
    const hidden = row.parts.filter((p) => p.figure.value === null);
    const totalPeople = truth(granularity, row.period, table.parent === null ? 'all' : 'orgUnit', table.parent ?? 'all', guard);
    const visiblePeople = row.parts.filter((p) => p.figure.value !== null).reduce((s, p) => s + truth(granularity, row.period, dimension, p.key, guard), 0);
    const revealedPeople = totalPeople - visiblePeople;
    const partsPeople = row.parts.reduce((s, p) => s + truth(granularity, row.period, dimension, p.key, guard), 0);
    const remainder = Math.max(0, totalPeople - partsPeople);
    if (hidden.length === 0) expect(remainder === 0 || remainder >= K).toBe(true);
    else if (hidden.length < row.parts.length) {
      expect(revealedPeople).toBeGreaterThanOrEqual(K);
      expect(hidden.length + (remainder > 0 ? 1 : 0)).toBeGreaterThanOrEqual(2);
    }
    checked += hidden.length;
  }
  return checked;
}

describe('insights query side: suppression of what the API answers', () => {
  it('shows true figures of k or more and hides smaller ones (level breakdown of a week)', async () => {
    const table = await query().table({ metric: METRICS.active, granularity: 'week', from: WEEK[0]!, to: WEEK[6]!, by: 'level' });
    const row = table.rows[0]!;
    expect(row.period).toBe('2026-W48');
    expect(row.total.value).toBe(truth('week', '2026-W48', 'all', 'all', 'active'));
    const byLevel = Object.fromEntries(row.parts.map((p) => [p.key, p.figure.value]));
    // board (1 person) and director (3) are below k; manager (3) too: all leaders hidden, employees shown.
    expect(byLevel).toEqual({ employee: truth('week', '2026-W48', 'level', 'employee', 'active'), manager: null, director: null, board: null });
    for (const p of row.parts) if (p.figure.value !== null) expect(truth('week', '2026-W48', 'level', p.key, 'active')).toBeGreaterThanOrEqual(K);
  });

  it('attack: total minus the visible parts (levels, locations, top org units, every day) reveals nothing', async () => {
    const q = query();
    let hidden = 0;
    for (const by of ['level', 'location', 'orgUnit'] as const) {
      for (const granularity of ['day', 'week'] as const) {
        const table = await q.table({ metric: METRICS.active, granularity, from: WEEK[0]!, to: WEEK[6]!, by });
        hidden += assertDifferencingRevealsNothing(table, by);
      }
    }
    expect(hidden).toBeGreaterThan(0); // the organisation does have small cells to protect
  });

  it('attack: parent minus its children reveals nothing, and a hidden unit hides its children', async () => {
    const q = query();
    const engineering = await q.table({ metric: METRICS.active, granularity: 'day', from: WEEK[0]!, to: WEEK[6]!, by: 'orgUnit', parent: 'engineering' });
    assertDifferencingRevealsNothing(engineering, 'orgUnit');
    // engineering holds 3 people directly: parent minus platform minus web would be those 3 when both were shown.
    for (const row of engineering.rows) if (row.total.value !== null) expect(row.parts.some((p) => p.figure.value === null)).toBe(true);
    const sales = await q.table({ metric: METRICS.active, granularity: 'week', from: WEEK[0]!, to: WEEK[6]!, by: 'orgUnit', parent: 'sales' });
    const top = await q.table({ metric: METRICS.active, granularity: 'week', from: WEEK[0]!, to: WEEK[6]!, by: 'orgUnit' });
    const salesAtTop = top.rows[0]!.parts.find((p) => p.key === 'sales')!.figure.value;
    expect(sales.rows[0]!.total.value).toBe(salesAtTop);
    if (salesAtTop === null) expect(sales.rows[0]!.parts.every((p) => p.figure.value === null)).toBe(true);
  });

  it('attack: two overlapping queries agree on every shared cell (days, and a unit at two levels)', async () => {
    const q = query();
    const a = await q.table({ metric: METRICS.active, granularity: 'day', from: WEEK[0]!, to: WEEK[2]!, by: 'orgUnit' });
    const b = await q.table({ metric: METRICS.active, granularity: 'day', from: WEEK[1]!, to: WEEK[6]!, by: 'orgUnit' });
    for (const day of [WEEK[1]!, WEEK[2]!]) expect(a.rows.find((r) => r.period === day)).toEqual(b.rows.find((r) => r.period === day));
    const top = await q.table({ metric: METRICS.active, granularity: 'day', from: WEEK[0]!, to: WEEK[6]!, by: 'orgUnit' });
    const drill = await q.table({ metric: METRICS.active, granularity: 'day', from: WEEK[0]!, to: WEEK[6]!, by: 'orgUnit', parent: 'engineering' });
    top.rows.forEach((row, i) => expect(drill.rows[i]!.total).toEqual(row.parts.find((p) => p.key === 'engineering')!.figure));
  });

  it('attack: a week minus its days reveals no day of fewer than k posters', async () => {
    const q = query();
    const week = await q.table({ metric: METRICS.posts, granularity: 'week', from: WEEK[0]!, to: WEEK[6]!, by: 'orgUnit' });
    const days = await q.table({ metric: METRICS.posts, granularity: 'day', from: WEEK[0]!, to: WEEK[6]!, by: 'orgUnit' });
    const posters = METRICS.activeKind('posted');
    let attacked = 0;
    for (const unit of ['all', ...week.rows[0]!.parts.map((p) => p.key)]) {
      const weekly = unit === 'all' ? week.rows[0]!.total : week.rows[0]!.parts.find((p) => p.key === unit)!.figure;
      const daily = days.rows.map((r) => ({ day: r.period, figure: unit === 'all' ? r.total : r.parts.find((p) => p.key === unit)!.figure }));
      if (weekly.value === null) {
        expect(daily.every((d) => d.figure.value === null)).toBe(true);
        continue;
      }
      const hiddenDays = daily.filter((d) => d.figure.value === null);
      if (hiddenDays.length === 0 || hiddenDays.length === 7) continue;
      attacked++;
      // The attacker learns the posts of the hidden days together: at least two days, at least k posters behind them.
      expect(hiddenDays.length).toBeGreaterThanOrEqual(2);
      const dimension = unit === 'all' ? 'all' : 'orgUnit';
      expect(hiddenDays.reduce((s, d) => s + truth('day', d.day, dimension, unit, posters), 0)).toBeGreaterThanOrEqual(K);
      const visible = daily.filter((d) => d.figure.value !== null).reduce((s, d) => s + d.figure.value!, 0);
      expect(weekly.value - visible).toBe(hiddenDays.reduce((s, d) => s + truth('day', d.day, dimension, unit, 'posts'), 0));
    }
    expect(attacked).toBeGreaterThan(0);

    // Pointed: 10 people post every weekday, 2 of them on Saturday, nobody on Sunday.
    const team: TestPerson[] = Array.from({ length: 10 }, () => ({ orgUnit: 'ops', level: 'employee' as const, location: 'x' }));
    const acts: TestActivity[] = team.flatMap((_, person) => WEEK.slice(0, person < 2 ? 6 : 5).map((day) => ({ person, day, metric: METRICS.posts, count: 2 })));
    const small = new InsightsQuery(new InMemoryInsightsCells(cellsOf(team, acts)), { k: K, clock });
    const [weekly] = (await small.table({ metric: METRICS.posts, granularity: 'week', from: WEEK[0]!, to: WEEK[6]!, by: 'all' })).rows;
    const daily = (await small.table({ metric: METRICS.posts, granularity: 'day', from: WEEK[0]!, to: WEEK[6]!, by: 'all' })).rows;
    expect(weekly!.total.value).toBe(104);
    const shownDays = daily.filter((d) => d.total.value !== null);
    // Without a second hidden weekday, 104 - 5 x 20 = 4 would be Saturday's posts by 2 people.
    expect(shownDays).toHaveLength(4);
    expect(104 - shownDays.reduce((s, d) => s + d.total.value!, 0)).toBe(24);
  });

  it('attack: a week minus its days counts the hidden days\' people once, however many days they posted on', async () => {
    // 5 people post on Monday; 3 others post on Tuesday and again on Wednesday. Tuesday and
    // Wednesday are 3 + 3 posters but the same 3 people: the week minus Monday would be theirs.
    const team: TestPerson[] = Array.from({ length: 8 }, () => ({ orgUnit: 'ops', level: 'employee' as const, location: 'x' }));
    const acts: TestActivity[] = team.flatMap((_, person) => (person < 5 ? [WEEK[0]!] : [WEEK[1]!, WEEK[2]!]).map((day) => ({ person, day, metric: METRICS.posts, count: 2 })));
    const small = new InsightsQuery(new InMemoryInsightsCells(cellsOf(team, acts)), { k: K, clock });
    expect((await small.table({ metric: METRICS.posts, granularity: 'week', from: WEEK[0]!, to: WEEK[6]!, by: 'all' })).rows[0]!.total.value).toBe(22);
    const daily = (await small.table({ metric: METRICS.posts, granularity: 'day', from: WEEK[0]!, to: WEEK[6]!, by: 'all' })).rows;
    expect(daily.map((d) => d.total.value)).toEqual([null, null, null, null, null, null, null]);
  });

  it('engagement per post kind and call to action: hidden kinds of the same few people are protected by the largest of them', async () => {
    const question = { kind: 'question', callToAction: 'answer' };
    const update = { kind: 'update', callToAction: 'fyi' };
    const idea = { kind: 'idea', callToAction: 'share-ideas' };
    const personal = { kind: 'personal', callToAction: 'fyi' };
    const article = { kind: 'article', callToAction: 'fyi' };
    const team: TestPerson[] = Array.from({ length: 21 }, () => ({ orgUnit: 'ops', level: 'employee' as const, location: 'x' }));
    const day = WEEK[1]!;
    const acts: TestActivity[] = team.flatMap((_, person): TestActivity[] => [
      // Posts: 8 questions, 6 updates, 5 ideas, 1 personal post and 1 article, each by its own author.
      { person, day, metric: METRICS.posts, post: person < 8 ? question : person < 14 ? update : person < 19 ? idea : person === 19 ? personal : article },
      // Reactions: 10 people, 2 on questions and 1 on updates each; 3 of them also react to the personal post and the article.
      ...(person < 10 ? [{ person, day, metric: METRICS.reactions, count: 2, post: question }, { person, day, metric: METRICS.reactions, post: update }] : []),
      ...(person < 3 ? [{ person, day, metric: METRICS.reactions, post: personal }, { person, day, metric: METRICS.reactions, post: article }] : []),
      // Comments: 6 people, one each on a question.
      ...(person >= 10 && person < 16 ? [{ person, day, metric: METRICS.comments, post: question }] : []),
    ]);
    const q = new InsightsQuery(new InMemoryInsightsCells(cellsOf(team, acts)), { k: K, clock });
    const week = { granularity: 'week' as const, from: WEEK[0]!, to: WEEK[6]! };
    const reactions = (await q.table({ metric: METRICS.reactions, ...week, by: 'postKind' })).rows[0]!;
    // 36 reactions by 10 people. Personal and article (3 + 3 reactions, the same 3 people) are
    // hidden; summing their people (6) would have shown the questions, and 36 - 20 - 10 would be
    // the 6 reactions of 3 people. The same people count once: the questions are hidden too.
    expect(reactions.total.value).toBe(36);
    expect(Object.fromEntries(reactions.parts.map((p) => [p.key, p.figure.value]))).toEqual({ update: 10, question: null, idea: null, personal: null, article: null, announcement: null });

    const views = new InsightsViews(q, { voiceWarningPercent: 60 });
    const [period] = (await views.engagement(week)).periods;
    const kinds = Object.fromEntries(period!.byPostKind!.map(({ key, ...figures }) => [key, figures]));
    expect(kinds['all']).toEqual({ posts: 21, comments: 6, reactions: 36, responses: null, perPost: { comments: 0.29, reactions: 1.71, responses: null } });
    expect(kinds['update']).toEqual({ posts: 6, comments: null, reactions: 10, responses: null, perPost: { comments: null, reactions: 1.67, responses: null } });
    // Posts: ideas (5 authors) hidden with the personal post and the article, so 21 - 8 - 6 covers 7 authors.
    expect(kinds['question']).toMatchObject({ posts: 8, comments: null, reactions: null });
    expect(kinds['idea']).toMatchObject({ posts: null });
    const ctas = Object.fromEntries(period!.byCallToAction!.map(({ key, posts }) => [key, posts]));
    expect(ctas).toEqual({ all: 21, answer: 8, 'share-ideas': null, 'sign-up': null, acknowledge: null, vote: null, fyi: 8 });
    // Months: event counts are not offered, so no breakdown by post.
    expect((await views.engagement({ granularity: 'month', from: '2026-11-01', to: '2026-11-30' })).periods[0]).not.toHaveProperty('byPostKind');
  });

  it('refuses months of event counts, long and future ranges, and unknown org units', async () => {
    const q = query();
    const field = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as ValidationError).violations?.map((v) => v.field);
    expect(await field(q.table({ metric: METRICS.posts, granularity: 'month', from: '2026-11-01', to: '2026-11-30', by: 'all' }))).toEqual(['query.granularity']);
    expect(await field(q.table({ metric: METRICS.active, granularity: 'day', from: '2025-01-01', to: '2026-02-10', by: 'all' }))).toEqual(['query.to']);
    expect(await field(q.table({ metric: METRICS.active, granularity: 'day', from: '2026-12-01', to: '2026-12-31', by: 'all' }))).toEqual(['query.to']);
    expect(await field(q.table({ metric: METRICS.active, granularity: 'day', from: '2026-02-30', to: '2026-03-01', by: 'all' }))).toEqual(['query.from']);
    await expect(q.table({ metric: METRICS.active, granularity: 'week', from: WEEK[0]!, to: WEEK[6]!, by: 'orgUnit', parent: 'legal' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await field(q.table({ metric: METRICS.active, granularity: 'week', from: WEEK[0]!, to: WEEK[6]!, by: 'postKind' }))).toEqual(['query.by']);
    expect(() => new InsightsQuery(new InMemoryInsightsCells([]), { k: 4 })).toThrow(RangeError);
  });

  it('adoption: reach only from a shown numerator and a shown headcount; the CSV export keeps the suppression', async () => {
    const q = query();
    const views = new InsightsViews(q, { voiceWarningPercent: 60 });
    const adoption = await views.adoption({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! });
    const active = truth('week', '2026-W48', 'all', 'all', 'active');
    expect(adoption.headcount).toBe(people.length);
    // 53 of 55 people active: the 2 who were not are fewer than k, so the reach is not given.
    expect([active, people.length]).toEqual([53, 55]);
    expect(adoption.periods[0]).toMatchObject({ period: '2026-W48', activePeople: active, reachPercent: null });
    const quieter = cellsOf(people, activities.filter((a) => a.person >= 10 || a.metric !== METRICS.active));
    const quiet = quieter.find((c) => c.granularity === 'week' && c.dimension === 'all')?.metrics['active'] ?? 0;
    const lessActive = await new InsightsViews(new InsightsQuery(new InMemoryInsightsCells(quieter), { k: K, clock }), { voiceWarningPercent: 60 }).adoption({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! });
    expect(people.length - quiet).toBeGreaterThanOrEqual(K);
    expect(lessActive.periods[0]).toMatchObject({ activePeople: quiet, reachPercent: Math.round((quiet / people.length) * 1000) / 10 });
    const monthly = await views.adoption({ granularity: 'month', from: '2026-11-01', to: '2026-11-30' });
    expect(monthly.periods[0]).not.toHaveProperty('posts');

    const table = await q.table({ metric: METRICS.active, granularity: 'week', from: WEEK[0]!, to: WEEK[6]!, by: 'level' });
    const csv = tableCsv(table).split('\r\n');
    expect(csv[0]).toBe('period,dimension,value,metric,figure,suppressed');
    expect(csv).toContain('2026-W48,level,board,active,,true');
    expect(csv).toContain(`2026-W48,all,all,active,${active},false`);
  });

  it('adoption: completeness bands are a breakdown of the counted profiles (a small band hides the smallest other one)', async () => {
    const band = (metrics: Record<string, number>): Cell => ({ granularity: 'current', period: 'current', dimension: 'all', value: 'all', metrics });
    const counted = { profiles: 43, 'profiles_0-24': 3, 'profiles_25-49': 10, 'profiles_50-74': 10, 'profiles_75-99': 12, profiles_100: 8 };
    const withBands = withCompletenessGauges(new InMemoryInsightsCells(cells), async () => [band(counted)]);
    const views = new InsightsViews(new InsightsQuery(withBands, { k: K, clock }), { voiceWarningPercent: 60 });
    const adoption = await views.adoption({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! });
    // The headcount of the same cell is still there (the gauges are merged into it).
    expect(adoption.headcount).toBe(people.length);
    // 0-24 (3 people) is hidden, and 100 (8) with it: else 43 - 10 - 10 - 12 - 8 = 3.
    expect(adoption.profileCompleteness).toEqual([
      { band: '0-24', count: null, sharePercent: null },
      { band: '25-49', count: 10, sharePercent: 23.3 },
      { band: '50-74', count: 10, sharePercent: 23.3 },
      { band: '75-99', count: 12, sharePercent: 27.9 },
      { band: '100', count: null, sharePercent: null },
    ]);
    const few = withCompletenessGauges(new InMemoryInsightsCells(cells), async () => [band({ profiles: 4, 'profiles_25-49': 4 })]);
    const hidden = await new InsightsViews(new InsightsQuery(few, { k: K, clock }), { voiceWarningPercent: 60 }).adoption({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! });
    expect(hidden.profileCompleteness.every((b) => b.count === null)).toBe(true);
  });

  describe('adoption: profile completeness per part (a two-way table of parts x bands)', () => {
    // Every person in a known band (a fixed pseudo-random pattern, more complete towards the top).
    let seed = 11;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const BANDS = ['0-24', '25-49', '50-74', '75-99', '100'] as const;
    const bands = people.map((p) => BANDS[Math.min(4, Math.floor(next() * 4) + (p.level === 'employee' ? 0 : 1))]!);
    const gauges = completenessCellsOf(people, bands);
    const views = new InsightsViews(new InsightsQuery(withCompletenessGauges(new InMemoryInsightsCells(cells), async () => gauges), { k: K, clock }), { voiceWarningPercent: 60 });
    const range = { granularity: 'week', from: WEEK[0]!, to: WEEK[6]! } as const;
    // The true figures, straight from the people.
    const inRow = (kind: string, value: string) => people.map((p, i) => ({ p, i })).filter(({ p }) => kind === 'all' || (kind === 'orgUnit' ? (p.orgUnit ?? UNKNOWN) === value || (p.orgUnit ?? '').startsWith(`${value}/`) : (kind === 'location' ? (p.location ?? UNKNOWN) : p.level) === value));
    const trueRow = (kind: string, value: string) => ({ profiles: inRow(kind, value).length, bands: BANDS.map((b) => inRow(kind, value).filter(({ i }) => bands[i] === b).length) });
    type Row = { profiles: number | null; bands: readonly { band: string; count: number | null; sharePercent: number | null }[] };

    /** Every shown figure is true and of k or more; a row total minus its visible bands is nothing or k or more. */
    function assertRowSafe(kind: string, value: string, row: Row) {
      const truth = trueRow(kind, value);
      if (row.profiles !== null) expect(row.profiles).toBe(truth.profiles);
      row.bands.forEach((b, j) => {
        if (b.count === null) return;
        expect(b.count).toBe(truth.bands[j]);
        expect(b.count).toBeGreaterThanOrEqual(K);
        expect(row.profiles).not.toBeNull();
      });
      if (row.profiles !== null) {
        const left = row.profiles - row.bands.reduce((s, b) => s + (b.count ?? 0), 0);
        expect(left === 0 || left >= K).toBe(true);
      } else expect(row.bands.every((b) => b.count === null)).toBe(true);
    }

    /** A band's total (the organisation's or the parent's) minus the parts' visible counts: nothing, or k or more people. */
    function assertColumnsSafe(total: Row, parts: readonly Row[]) {
      BANDS.forEach((_, j) => {
        const all = total.bands[j]!.count;
        if (all === null) return;
        const left = all - parts.reduce((s, p) => s + (p.bands[j]!.count ?? 0), 0);
        expect(left === 0 || left >= K).toBe(true);
      });
      if (total.profiles !== null && parts.every((p) => p.profiles !== null)) {
        const direct = total.profiles - parts.reduce((s, p) => s + p.profiles!, 0);
        expect(direct === 0 || direct >= K).toBe(true);
      }
    }

    it('shows each part\'s true counts and shares, nothing of a part of fewer than k, and resists row and column differencing', async () => {
      for (const by of ['orgUnit', 'location', 'level'] as const) {
        const adoption = await views.adoption(range, by);
        const parts = adoption.profileCompletenessByPart!;
        expect(parts.map((p) => p.key)).toEqual((await views.adoption(range, by)).periods[0]!.parts!.map((p) => p.key));
        for (const part of parts) assertRowSafe(by, part.key, part);
        assertRowSafe('all', 'all', { profiles: trueRow('all', 'all').profiles, bands: adoption.profileCompleteness });
        assertColumnsSafe({ profiles: people.length, bands: adoption.profileCompleteness }, parts);
      }
      const top = await views.adoption(range, 'orgUnit');
      // support: 2 people; the board member: 1 (in no unit): nothing at all.
      for (const key of ['support', UNKNOWN]) expect(top.profileCompletenessByPart!.find((p) => p.key === key)).toMatchObject({ profiles: null, bands: BANDS.map((band) => ({ band, count: null, sharePercent: null })) });
      const engineering = top.profileCompletenessByPart!.find((p) => p.key === 'engineering')!;
      expect(engineering.profiles).toBe(35);
      const shown = engineering.bands.filter((b) => b.count !== null);
      expect(shown.length).toBeGreaterThan(0);
      for (const b of shown) expect(b.sharePercent).toBe(Math.round((b.count! / 35) * 1000) / 10);
    });

    it('parent and its children: the parent minus its children (3 directors directly in engineering) reveals nothing, and both requests agree', async () => {
      const top = await views.adoption(range, 'orgUnit');
      const under = await views.adoption(range, 'orgUnit', 'engineering');
      const parent = under.profileCompletenessOfParent!;
      expect(parent.key).toBe('engineering');
      // The same cell in two requests: the same answer.
      expect({ profiles: parent.profiles, bands: parent.bands }).toEqual({ profiles: top.profileCompletenessByPart!.find((p) => p.key === 'engineering')!.profiles, bands: top.profileCompletenessByPart!.find((p) => p.key === 'engineering')!.bands });
      expect(under.profileCompleteness).toEqual(top.profileCompleteness);
      expect(under.profileCompletenessByPart!.map((p) => p.key)).toEqual(['engineering/platform', 'engineering/web']);
      for (const part of under.profileCompletenessByPart!) assertRowSafe('orgUnit', part.key, part);
      assertColumnsSafe(parent, under.profileCompletenessByPart!);
      // Sales: north 8, south 3 (hidden, and so is north's band that would give it away).
      const sales = await views.adoption(range, 'orgUnit', 'sales');
      expect(sales.profileCompletenessByPart!.find((p) => p.key === 'sales/south')!.profiles).toBeNull();
      assertColumnsSafe(sales.profileCompletenessOfParent!, sales.profileCompletenessByPart!);
    });

    it('the CSV export lists each part\'s completeness, suppressed figures empty', async () => {
      const csv = viewCsv(await views.adoption(range, 'orgUnit')).split('\r\n');
      expect(csv).toContain(`current,profileCompletenessByPart.engineering.profiles,${trueRow('orgUnit', 'engineering').profiles},false`);
      expect(csv).toContain('current,profileCompletenessByPart.support.profiles,,true');
      expect(csv).toContain('current,profileCompletenessByPart.support.bands.0-24.count,,true');
    });
  });

  it('leadership: share of voice warns when leaders write more than the threshold', async () => {
    // 6 managers write 10 posts each on Monday, 7 employees 1 each: leaders have 60/67 of the voice.
    // Directors and board (0 people) are hidden, so the smallest other level (managers) is hidden
    // too: the leaders' share is the shown total minus the shown employees.
    const staff: TestPerson[] = [...Array.from({ length: 6 }, () => ({ orgUnit: 'ops', level: 'manager' as const, location: 'x' })), ...Array.from({ length: 7 }, () => ({ orgUnit: 'ops', level: 'employee' as const, location: 'x' }))];
    const acts: TestActivity[] = staff.flatMap((p, i) => [
      { person: i, day: WEEK[0]!, metric: METRICS.posts, count: p.level === 'manager' ? 10 : 1 },
      { person: i, day: WEEK[0]!, metric: METRICS.comments, count: 0 },
      { person: i, day: WEEK[0]!, metric: METRICS.active },
      // The employees acknowledge the one organisation-wide announcement a manager posted.
      ...(p.level === 'employee' ? [{ person: i, day: WEEK[1]!, metric: METRICS.acknowledgements }] : []),
    ]);
    acts.push({ person: 0, day: WEEK[0]!, metric: METRICS.ackPosts });
    const views = new InsightsViews(new InsightsQuery(new InMemoryInsightsCells(cellsOf(staff, acts)), { k: K, clock }), { voiceWarningPercent: 60 });
    const [week] = (await views.leadership({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! })).periods;
    expect(week!.shareOfVoice).toEqual({ leadersPercent: 89.6, warning: true });
    expect(week!.activeShareByLevel.find((l) => l.level === 'manager')).toEqual({ level: 'manager', activePeople: null, activePercent: null });
    expect(week!.activeShareByLevel.find((l) => l.level === 'employee')).toEqual({ level: 'employee', activePeople: 7, activePercent: 100 });
    // 7 acknowledgements of 1 announcement x 13 people in ops.
    expect(week!.acknowledgementByOrgUnit).toEqual([{ orgUnit: 'ops', acknowledgedPeople: 7, acknowledgedPercent: 53.8, completionPercent: 53.8 }]);
    const calm = new InsightsViews(new InsightsQuery(new InMemoryInsightsCells(cellsOf(staff, acts)), { k: K, clock }), { voiceWarningPercent: 95 });
    expect((await calm.leadership({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! })).periods[0]!.shareOfVoice).toEqual({ leadersPercent: 89.6, warning: false });
  });

  it('a share of people is hidden when the people outside it are fewer than k (29 of 30 managers active names the one who was not)', async () => {
    const staff: TestPerson[] = [...Array.from({ length: 30 }, () => ({ orgUnit: 'ops', level: 'manager' as const, location: 'x' })), ...Array.from({ length: 20 }, () => ({ orgUnit: 'ops', level: 'employee' as const, location: 'x' }))];
    // 28 managers and 15 employees active: 2 managers and 5 employees were not.
    const acts: TestActivity[] = staff.flatMap((p, i) => ((p.level === 'manager' ? i < 28 : i < 45) ? [{ person: i, day: WEEK[0]!, metric: METRICS.active }] : []));
    const views = new InsightsViews(new InsightsQuery(new InMemoryInsightsCells(cellsOf(staff, acts)), { k: K, clock }), { voiceWarningPercent: 60 });
    const [week] = (await views.leadership({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! })).periods;
    expect(week!.activeShareByLevel.find((l) => l.level === 'manager')).toEqual({ level: 'manager', activePeople: 28, activePercent: null });
    // Employees (15) are hidden with the empty director and board levels.
    expect(week!.activeShareByLevel.find((l) => l.level === 'employee')).toEqual({ level: 'employee', activePeople: null, activePercent: null });
    const [adopted] = (await views.adoption({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! }, 'level')).periods;
    expect(adopted!.reachPercent).toBe(86); // 43 of 50: the 7 not active are at least k
    // Per level: the managers' reach would name the 2 not active; the employees are hidden with the empty levels.
    expect(adopted!.parts).toEqual([
      { key: 'employee', activePeople: null, reachPercent: null },
      { key: 'manager', activePeople: 28, reachPercent: null },
      { key: 'director', activePeople: null, reachPercent: null },
      { key: 'board', activePeople: null, reachPercent: null },
    ]);
  });

  it('leadership: how fast leaders answer their own people, per org unit of the askers, from shown cells only', async () => {
    // Counted in the askers' cells: 6 leaders answered questions of ops/a within the hour, 5 those
    // of ops/b within a day, 2 those of ops/c within three days.
    const leaders: TestPerson[] = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'c', 'c'].map((unit) => ({ orgUnit: `ops/${unit}`, level: 'manager' as const, location: 'x' }));
    const bucket = (unit: string | null | undefined) => (unit === 'ops/a' ? '1h' : unit === 'ops/b' ? '1d' : '3d');
    const acts: TestActivity[] = leaders.flatMap((p, person) => [
      { person, day: WEEK[1]!, metric: METRICS.mgrAnswerPeople },
      { person, day: WEEK[1]!, metric: `mgr_answer_le_${bucket(p.orgUnit)}` },
    ]);
    const views = new InsightsViews(new InsightsQuery(new InMemoryInsightsCells(cellsOf(leaders, acts)), { k: K, clock }), { voiceWarningPercent: 60 });
    const [week] = (await views.leadership({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! }, 'ops')).periods;
    // 13 answers: the 7th is within a day.
    expect(week!.managerAnswerTime).toEqual({ bucket: '1d', atMostSeconds: 86_400 });
    // ops/c (2 leaders) is hidden, and ops/b with it (else 13 - 6 - 5 = the 2).
    expect(week!.managerAnswerTimeByOrgUnit).toEqual([
      { orgUnit: 'ops/a', answeringLeaders: 6, median: { bucket: '1h', atMostSeconds: 3_600 } },
      { orgUnit: 'ops/b', answeringLeaders: null, median: null },
      { orgUnit: 'ops/c', answeringLeaders: null, median: null },
    ]);
  });

  it('a composite view reads each cell range once, whatever number of metrics it shows', async () => {
    const inner = new InMemoryInsightsCells(cells);
    const reads: string[] = [];
    const counting = { read: (q: Parameters<InMemoryInsightsCells['read']>[0]) => (reads.push(JSON.stringify(q)), inner.read(q)), values: inner.values.bind(inner) };
    const views = new InsightsViews(new InsightsQuery(counting, { k: K, clock }), { voiceWarningPercent: 60 });
    await views.leadership({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! });
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads).size).toBe(reads.length);
  });

  it('engagement: the idea funnel counts every move the feed allows, skipped steps too', async () => {
    const team: TestPerson[] = Array.from({ length: 7 }, () => ({ orgUnit: 'ops', level: 'employee' as const, location: 'x' }));
    const idea = { kind: 'idea', callToAction: 'share-ideas' };
    const update = { kind: 'update', callToAction: 'fyi' };
    const acts: TestActivity[] = team.flatMap((_, person): TestActivity[] => [
      // 7 ideas and 6 updates posted on Monday.
      { person, day: WEEK[0]!, metric: METRICS.posts, post: idea },
      ...(person < 6 ? [{ person, day: WEEK[0]!, metric: METRICS.posts, post: update }] : []),
      // Wednesday: 3 ideas straight to done, 2 to under review, 1 declined; Friday: the 2 under review done.
      ...(person < 3 ? [{ person, day: WEEK[2]!, metric: 'idea_proposed_to_done' }] : []),
      ...(person === 3 || person === 4 ? [{ person, day: WEEK[2]!, metric: 'idea_proposed_to_under-review' }, { person, day: WEEK[4]!, metric: 'idea_under-review_to_done' }] : []),
      ...(person === 5 ? [{ person, day: WEEK[2]!, metric: 'idea_proposed_to_declined' }] : []),
    ]);
    const views = new InsightsViews(new InsightsQuery(new InMemoryInsightsCells(cellsOf(team, acts)), { k: K, clock }), { voiceWarningPercent: 60 });
    const { ideas } = (await views.engagement({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! })).periods[0]!;
    expect(ideas.authorCount).toBe(6);
    // Ideas: 7 posters; updates (6) are hidden with the kinds nobody used.
    expect(ideas.funnel).toEqual({ proposed: 7, pickedUp: 5, done: 5 });
    expect(ideas.transitions.filter((t) => t.count !== 0)).toEqual([
      { from: 'proposed', to: 'under-review', count: 2 },
      { from: 'proposed', to: 'done', count: 3 },
      { from: 'under-review', to: 'done', count: 2 },
      { from: 'proposed', to: 'declined', count: 1 },
    ]);
    // As CSV: one line per figure, named by its path (a move by from>to), the same suppression.
    const csv = viewCsv(await views.engagement({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! })).split('\r\n');
    expect(csv[0]).toBe('period,figure,value,suppressed');
    expect(csv).toEqual(expect.arrayContaining(['2026-W48,ideas.funnel.done,5,false', '2026-W48,ideas.transitions.proposed>done.count,3,false', '2026-W48,byPostKind.update.posts,,true', '2026-W48,ideas.timeInState.proposed.median,,true']));
  });

  it('engagement: the share of questions answered or accepted only when the unanswered ones are none or at least k', async () => {
    const askers: TestPerson[] = Array.from({ length: 12 }, () => ({ orgUnit: 'ops', level: 'employee' as const, location: 'x' }));
    const shares = async (answered: number, accepted: number) => {
      const acts: TestActivity[] = askers.flatMap((_, person) => [
        { person, day: WEEK[2]!, metric: METRICS.questions },
        ...(person < answered ? [{ person, day: WEEK[3]!, metric: METRICS.questionsAnswered }] : []),
        ...(person < accepted ? [{ person, day: WEEK[3]!, metric: METRICS.questionsAccepted }] : []),
      ]);
      const views = new InsightsViews(new InsightsQuery(new InMemoryInsightsCells(cellsOf(askers, acts)), { k: K, clock }), { voiceWarningPercent: 60 });
      const { questions, answeredPercent, acceptedPercent } = (await views.engagement({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! })).periods[0]!;
      return { questions, answeredPercent, acceptedPercent };
    };
    // 12 asked, 10 answered: the 2 unanswered (< k = 5) would follow from 83 %; 12 accepted: none left.
    expect(await shares(10, 12)).toEqual({ questions: 12, answeredPercent: null, acceptedPercent: 100 });
    // 6 answered (6 unanswered), 7 accepted (5 not): both shown.
    expect(await shares(6, 7)).toEqual({ questions: 12, answeredPercent: 50, acceptedPercent: 58.3 });
  });

  it('engagement: idea transitions only with their authors shown, and never per month', async () => {
    const team: TestPerson[] = Array.from({ length: 6 }, () => ({ orgUnit: 'ops', level: 'employee' as const, location: 'x' }));
    const acts: TestActivity[] = team.map((_, person) => ({ person, day: WEEK[2]!, metric: 'idea_proposed_to_under-review' }));
    const views = new InsightsViews(new InsightsQuery(new InMemoryInsightsCells(cellsOf(team, acts)), { k: K, clock }), { voiceWarningPercent: 60 });
    const weekly = (await views.engagement({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! })).periods[0]!;
    expect(weekly.ideas.authorCount).toBe(6);
    expect(weekly.ideas.transitions[0]).toEqual({ from: 'proposed', to: 'under-review', count: 6 });
    const monthly = (await views.engagement({ granularity: 'month', from: '2026-11-01', to: '2026-11-30' })).periods[0]!;
    expect(monthly.ideas.authorCount).toBe(6);
    expect(monthly.ideas.transitions[0]).toEqual({ from: 'proposed', to: 'under-review', count: null });
    expect(monthly).not.toHaveProperty('questions');
    const few = new InsightsViews(new InsightsQuery(new InMemoryInsightsCells(cellsOf(team.slice(0, 4), acts.slice(0, 4))), { k: K, clock }), { voiceWarningPercent: 60 });
    expect((await few.engagement({ granularity: 'week', from: WEEK[0]!, to: WEEK[6]! })).periods[0]!.ideas.transitions[0]!.count).toBeNull();
  });
});
