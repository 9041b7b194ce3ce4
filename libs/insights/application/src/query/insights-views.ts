import {
  ALL_POSTS,
  GAUGES,
  IDEA_TRANSITIONS,
  isPeopleMetric,
  medianBucket,
  METRICS,
  POST_DIMENSION_KINDS,
  shareOf,
  type DurationFamily,
  type Granularity,
  type PostDimensionKind,
} from '@plein/insights/domain';
import { suppressCompleteness } from './completeness-table';
import { LEVELS, type By, type Figure, type InsightsQuery, type Table, type TableRequest } from './insights-query';

/** The breakdowns of people (not of posts) a composite view offers. */
export type PersonBreakdown = 'orgUnit' | 'location' | 'level';
export const PERSON_BREAKDOWNS: readonly PersonBreakdown[] = ['orgUnit', 'location', 'level'];

/** A range of a composite view: the granularity and inclusive dates. */
export interface ViewRequest {
  readonly granularity: Granularity;
  readonly from: string;
  readonly to: string;
}

export interface ViewSettings {
  /** Share of voice (leaders' posts and comments among all) above which the view warns, in percent. */
  readonly voiceWarningPercent: number;
}

type Shown = number | null;
const value = (f: Figure | undefined): Shown => f?.value ?? null;
const sum = (...xs: Shown[]): Shown => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + b!, 0));
const median = (f: Figure, family: DurationFamily) => (f.counters === null ? null : medianBucket(f.counters, family));
/**
 * A share of a group's people (active of the headcount, acknowledging of the unit) or of a count
 * (questions answered of questions asked): only when the rest (whole minus part) is none or at
 * least k, the remainder rule of ADR 0019 (else 29 of 30 managers active says one manager was not).
 */
export const peopleShare = (part: Shown, whole: Shown, k: number): Shown => (part === null || whole === null || (whole - part > 0 && whole - part < k) ? null : shareOf(part, whole));
/** A count per post (two decimals), only from a shown count and a shown number of posts. */
export const perPost = (count: Shown, posts: Shown): Shown => (count === null || posts === null || posts <= 0 ? null : Math.round((count / posts) * 100) / 100);
/** The engagement counters broken down by post kind and by call to action. */
const ENGAGEMENT_COUNTS = [METRICS.posts, METRICS.comments, METRICS.reactions, METRICS.responses] as const;

/**
 * The composite views of the API (adoption, leadership, engagement): each figure comes from a
 * suppressed table, and every share from a shown numerator and a shown denominator only.
 * Event counts (posts, comments, ...) are not offered per month (see isPeopleMetric).
 */
export class InsightsViews {
  constructor(
    private readonly query: InsightsQuery,
    private readonly settings: ViewSettings,
  ) {}

  /** The last completeness table and the input it was solved from: the gauges change rarely, and solving a large organisation's table takes a fraction of a second. */
  private solved: { input: string; table: ReturnType<typeof suppressCompleteness> } | null = null;

  private completeness(input: Parameters<typeof suppressCompleteness>[0]): ReturnType<typeof suppressCompleteness> {
    const key = JSON.stringify(input);
    if (this.solved?.input !== key) this.solved = { input: key, table: suppressCompleteness(input, this.query.k) };
    return this.solved.table;
  }

  /** A table of the view, or null for an event count per month (not offered). */
  private table(query: InsightsQuery, metric: string, range: ViewRequest, by: By = 'all', parent?: string): Promise<Table | null> {
    if (range.granularity === 'month' && !isPeopleMetric(metric)) return Promise.resolve(null);
    const request: TableRequest = { metric, ...range, by, ...(parent !== undefined ? { parent } : {}) };
    return query.table(request);
  }

  /**
   * Adoption; with `by` (org units one level at a time under `parent`, locations or levels) also
   * each part's active people and reach (of the part's headcount) per period.
   */
  async adoption(range: ViewRequest, by?: PersonBreakdown, parent?: string) {
    const q = this.query.withReadCache();
    const [activeBy, headcountBy, headcount, completeness] = await Promise.all([
      by ? this.table(q, METRICS.active, range, by, parent) : null,
      by ? q.current(GAUGES.headcount, by, parent ?? null) : null,
      q.current(GAUGES.headcount, 'all'),
      // Completeness is one two-way table (parts x bands) suppressed as a whole, whatever is asked:
      // the organisation's bands, each part's and the parent's agree across every request.
      q.currentOfEveryDimension().then((input) => this.completeness(input)),
    ]);
    const whole = completeness('all', 'all');
    const [active, groups, posts, comments, reactions] = await Promise.all([
      this.table(q, METRICS.active, range),
      this.table(q, METRICS.activeGroups, range),
      this.table(q, METRICS.posts, range),
      this.table(q, METRICS.comments, range),
      this.table(q, METRICS.reactions, range),
    ]);
    return {
      headcount: value(headcount.total),
      profileCompleteness: whole.bands,
      ...(by && headcountBy
        ? {
            // Per part (the same parts as activity below): its counted people and their bands; nothing of a part of fewer than k.
            profileCompletenessByPart: headcountBy.parts.map(({ key }) => ({ key, ...completeness(by, key) })),
            ...(parent !== undefined && by === 'orgUnit' ? { profileCompletenessOfParent: { key: parent, ...completeness('orgUnit', parent) } } : {}),
          }
        : {}),
      periods: active!.rows.map((row, i) => ({
        period: row.period,
        activePeople: value(row.total),
        reachPercent: peopleShare(value(row.total), value(headcount.total), this.query.k),
        ...(activeBy && headcountBy
          ? {
              parts: activeBy.rows[i]!.parts.map(({ key, figure }) => ({
                key,
                activePeople: value(figure),
                reachPercent: peopleShare(value(figure), value(headcountBy.parts.find((p) => p.key === key)?.figure), this.query.k),
              })),
            }
          : {}),
        activeGroups: value(groups!.rows[i]!.total),
        ...(posts ? { posts: value(posts.rows[i]!.total), comments: value(comments!.rows[i]!.total), reactions: value(reactions!.rows[i]!.total) } : {}),
      })),
    };
  }

  async leadership(range: ViewRequest, orgUnit?: string) {
    const q = this.query.withReadCache();
    const headcountByLevel = await q.current(GAUGES.headcount, 'level');
    const [activeByLevel, roleModels, answerPeople, answerPeopleByUnit, postsByLevel, commentsByLevel, acknowledgers, acknowledgements, ackPosts] = await Promise.all([
      this.table(q, METRICS.active, range, 'level'),
      this.table(q, METRICS.roleModels, range),
      this.table(q, METRICS.mgrAnswerPeople, range),
      this.table(q, METRICS.mgrAnswerPeople, range, 'orgUnit', orgUnit),
      this.table(q, METRICS.posts, range, 'level'),
      this.table(q, METRICS.comments, range, 'level'),
      this.table(q, METRICS.activeKind('acknowledged'), range, 'orgUnit', orgUnit),
      this.table(q, METRICS.acknowledgements, range, 'orgUnit', orgUnit),
      this.table(q, METRICS.ackPosts, range),
    ]);
    const unitHeadcount = await q.current(GAUGES.headcount, 'orgUnit', orgUnit ?? null);
    const headcountOf = (level: string) => value(headcountByLevel.parts.find((p) => p.key === level)?.figure);
    return {
      periods: activeByLevel!.rows.map((row, i) => {
        const part = (t: Table | null, level: string) => value(t?.rows[i]!.parts.find((p) => p.key === level)?.figure);
        // Leaders' voice is the shown total minus the shown employees: exactly the difference the
        // suppression engine keeps at k people or more (or hides), so it reveals no hidden level.
        const all = postsByLevel && commentsByLevel ? sum(value(postsByLevel.rows[i]!.total), value(commentsByLevel.rows[i]!.total)) : null;
        const employees = postsByLevel && commentsByLevel ? sum(part(postsByLevel, 'employee'), part(commentsByLevel, 'employee')) : null;
        const voice = postsByLevel && commentsByLevel ? { leaders: all === null || employees === null ? null : all - employees, all } : null;
        const voicePercent = voice ? shareOf(voice.leaders, voice.all) : null;
        return {
          period: row.period,
          activeShareByLevel: LEVELS.map((level) => ({ level, activePeople: part(activeByLevel, level), activePercent: peopleShare(part(activeByLevel, level), headcountOf(level), this.query.k) })),
          roleModels: value(roleModels!.rows[i]!.total),
          managerAnswerTime: median(answerPeople!.rows[i]!.total, 'mgr_answer'),
          // Per org unit of the askers (one level, under orgUnit): each from its shown cell's histogram.
          managerAnswerTimeByOrgUnit: answerPeopleByUnit!.rows[i]!.parts.map(({ key, figure }) => ({ orgUnit: key, answeringLeaders: value(figure), median: median(figure, 'mgr_answer') })),
          ...(voice ? { shareOfVoice: { leadersPercent: voicePercent, warning: voicePercent !== null && voicePercent > this.settings.voiceWarningPercent } } : {}),
          acknowledgementByOrgUnit: acknowledgers!.rows[i]!.parts.map(({ key, figure }) => {
            const headcount = value(unitHeadcount.parts.find((p) => p.key === key)?.figure);
            // Completion: acknowledgements given by the unit over what was asked of it (organisation-wide
            // acknowledgement posts of the period x the unit's headcount); per day and week only.
            const given = acknowledgements ? value(acknowledgements.rows[i]!.parts.find((p) => p.key === key)?.figure) : null;
            const asked = ackPosts ? value(ackPosts.rows[i]!.total) : null;
            return {
              orgUnit: key,
              acknowledgedPeople: value(figure),
              acknowledgedPercent: peopleShare(value(figure), headcount, this.query.k),
              ...(acknowledgements ? { completionPercent: shareOf(given, asked === null || headcount === null ? null : asked * headcount) } : {}),
            };
          }),
        };
      }),
      voiceWarningPercent: this.settings.voiceWarningPercent,
    };
  }

  async engagement(range: ViewRequest) {
    const q = this.query.withReadCache();
    const [questions, answered, accepted, acceptedPeople, ideaAuthors] = await Promise.all([
      this.table(q, METRICS.questions, range),
      this.table(q, METRICS.questionsAnswered, range),
      this.table(q, METRICS.questionsAccepted, range),
      this.table(q, METRICS.acceptedAnswerPeople, range),
      this.table(q, METRICS.ideaAuthors, range),
    ]);
    // Per post kind and per call to action: event counts, so per day and week only (null tables per month).
    const byPost = await Promise.all(POST_DIMENSION_KINDS.map(async (by) => ({ by, tables: await Promise.all(ENGAGEMENT_COUNTS.map((metric) => this.table(q, metric, range, by))) })));
    const postEngagement = (by: PostDimensionKind, i: number) => {
      const tables = byPost.find((b) => b.by === by)!.tables;
      if (tables.some((t) => t === null)) return null;
      const [posts, comments, reactions, responses] = tables.map((t) => t!.rows[i]!);
      const figures = (pick: (row: Table['rows'][number]) => Figure | undefined) => {
        const [p, c, r, s] = [posts, comments, reactions, responses].map((row) => value(pick(row!)));
        return { posts: p!, comments: c!, reactions: r!, responses: s!, perPost: { comments: perPost(c!, p!), reactions: perPost(r!, p!), responses: perPost(s!, p!) } };
      };
      return [{ key: ALL_POSTS, ...figures((row) => row.total) }, ...posts!.parts.map(({ key }) => ({ key, ...figures((row) => row.parts.find((part) => part.key === key)?.figure) }))];
    };
    const ideaPosts = byPost.find((b) => b.by === 'postKind')!.tables[0];
    // Idea moves are event figures guarded by the idea authors: shown only with them; not per month (see isPeopleMetric).
    const moves = (figure: Figure, which: (from: string, to: string) => boolean): Shown =>
      figure.counters === null || range.granularity === 'month' ? null : IDEA_TRANSITIONS.filter(([from, to]) => which(from, to)).reduce((n, [from, to]) => n + (figure.counters![METRICS.ideaTransition(from, to)] ?? 0), 0);
    return {
      periods: ideaAuthors!.rows.map((row, i) => ({
        period: row.period,
        ...(range.granularity === 'month' ? {} : { byPostKind: postEngagement('postKind', i) ?? [], byCallToAction: postEngagement('callToAction', i) ?? [] }),
        // The remainder rule on questions too: the unanswered (not accepted) questions are counted by
        // no people metric that could guard them, so a share is given only when they are none or at least k.
        ...(questions ? { questions: value(questions.rows[i]!.total), answeredPercent: peopleShare(value(answered!.rows[i]!.total), value(questions.rows[i]!.total), this.query.k), acceptedPercent: peopleShare(value(accepted!.rows[i]!.total), value(questions.rows[i]!.total), this.query.k) } : {}),
        timeToAcceptedAnswer: median(acceptedPeople!.rows[i]!.total, 'accepted_answer'),
        ideas: {
          authorCount: value(row.total),
          // Times in state come from the same shown cell's histograms.
          transitions: IDEA_TRANSITIONS.map(([from, to]) => ({ from, to, count: moves(row.total, (f, t) => f === from && t === to) })),
          // The funnel: ideas posted, picked up (out of proposed, not declined), done (from any state).
          funnel: {
            proposed: ideaPosts ? value(ideaPosts.rows[i]!.parts.find((p) => p.key === 'idea')?.figure) : null,
            pickedUp: moves(row.total, (from, to) => from === 'proposed' && to !== 'declined'),
            done: moves(row.total, (_, to) => to === 'done'),
          },
          timeInState: (['proposed', 'under-review', 'planned'] as const).map((state) => ({ state, median: median(row.total, `idea_time_${state}`) })),
        },
      })),
    };
  }
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** The label naming an item of a view's list (a kind, band, level, org unit, state or move). */
const LABEL_FIELDS = ['key', 'band', 'level', 'orgUnit', 'state'] as const;

/**
 * RFC 4180 CSV of a composite view (adoption, leadership, engagement): one line per figure,
 * `period,figure,value,suppressed`, the figure named by its path (`byPostKind.question.reactions`,
 * `parts.engineering.reachPercent`); figures of no period (headcount, completeness) have period
 * `current`; a median is its bucket; a suppressed figure is empty with `suppressed` true. The same
 * figures as the JSON view, nothing else.
 */
export function viewCsv(view: Readonly<Record<string, unknown>>): string {
  const lines = ['period,figure,value,suppressed'];
  const walk = (period: string, path: string, v: unknown): void => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') {
      lines.push([period, path, v === null ? '' : String(v), String(v === null)].map(csvCell).join(','));
    } else if (Array.isArray(v)) {
      v.forEach((item: Record<string, unknown>, i) => {
        const field = LABEL_FIELDS.find((f) => typeof item[f] === 'string');
        const label = field ? (item[field] as string) : typeof item['from'] === 'string' ? `${item['from'] as string}>${item['to'] as string}` : String(i);
        const rest = Object.fromEntries(Object.entries(item).filter(([k]) => k !== field && !(field === undefined && (k === 'from' || k === 'to'))));
        walk(period, `${path}.${label}`, rest);
      });
    } else if (typeof v === 'object' && v !== undefined) {
      const o = v as Record<string, unknown>;
      if (typeof o['bucket'] === 'string') return void lines.push([period, path, o['bucket'], 'false'].map(csvCell).join(','));
      for (const [k, x] of Object.entries(o)) walk(period, path ? `${path}.${k}` : k, x);
    }
  };
  for (const [name, v] of Object.entries(view)) if (name !== 'periods' && name !== 'k' && name !== 'voiceWarningPercent') walk('current', name, v);
  for (const { period, ...figures } of (view['periods'] as readonly Record<string, unknown>[] | undefined) ?? []) walk(String(period), '', figures);
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 CSV of a table: one line per period and part; a suppressed figure is empty with `suppressed` true. */
export function tableCsv(table: Table): string {
  const lines = ['period,dimension,value,metric,figure,suppressed'];
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (const row of table.rows) {
    const total = table.parent ?? 'all';
    lines.push([row.period, table.parent === null ? 'all' : 'orgUnit', total, table.metric, row.total.value ?? '', row.total.value === null].map((v) => cell(String(v))).join(','));
    for (const part of row.parts) lines.push([row.period, table.by, part.key, table.metric, part.figure.value ?? '', part.figure.value === null].map((v) => cell(String(v))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
