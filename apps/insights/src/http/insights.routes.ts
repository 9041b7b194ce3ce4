import { BREAKDOWNS, PERSON_BREAKDOWNS } from '@plein/insights/application';
import { GRANULARITIES, MAX_RANGE_DAYS, QUERY_METRICS } from '@plein/insights/domain';
import { api, route } from '@plein/shared/platform';
import { z } from 'zod';

/**
 * The insights routes (docs/insights/api.md), declared once: validated by @RequestInput and listed
 * in GET /openapi.json. Every figure is an aggregate over at least k people; a suppressed figure
 * is `null`. No route takes or answers a person: the OpenAPI walker test enforces it.
 */
export const INSIGHTS_VIEWER = 'insights-viewer';
const { text } = api;

const date = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar date YYYY-MM-DD')
    .describe(`${what} (UTC calendar date, inclusive); whole days, ISO weeks or months are answered`);
const range = {
  granularity: z.enum(GRANULARITIES).describe('day, ISO week (Monday to Sunday) or calendar month; event counts (posts, comments, ...) per day or week only'),
  from: date('First day'),
  to: date(`Last day, at most ${MAX_RANGE_DAYS} days after from`),
};
const metric = z.enum(QUERY_METRICS as [string, ...string[]]).describe('A counter of the cells (docs/insights/api.md lists their meaning)');
const by = z
  .enum(BREAKDOWNS as [string, ...string[]])
  .default('all')
  .describe(
    'One dimension at a time: the whole organisation, org units (one level), locations or management levels; for posts, comments, reactions, responses and the people behind them also the kind of post (postKind) or its call to action (callToAction), whose total is every post',
  );
const parent = text(2000, 1)
  .optional()
  .describe('With by=orgUnit: the org unit (normalised path, e.g. `engineering/platform`) whose units right below are answered; the top level without it');

/** A published figure: a number, or null when fewer than k people stand behind it (or it would reveal such a cell). */
const figure = z.number().nullable();
const percent = z.number().nullable().describe('Percent with one decimal; null unless numerator and denominator are both published');
const median = z
  .object({ bucket: z.string(), atMostSeconds: z.number().nullable() })
  .nullable()
  .describe('The histogram bucket holding the median (upper bound in seconds; null for the open last bucket); null when suppressed or empty');
const part = z.object({ key: z.string().describe('The dimension value: org unit path, location or management level'), value: figure });

const seriesResponse = z.object({
  metric: z.string(),
  granularity: z.string(),
  by: z.string(),
  parent: z.string().nullable(),
  k: z.number().int(),
  rows: z.array(z.object({ period: z.string(), total: figure, parts: z.array(part) })),
});

const common = { auth: 'bearer', tags: ['insights'], errors: [403] } as const;
const viewerNote = `Needs the role ${INSIGHTS_VIEWER} (granted by an administrator in identity); everyone else gets 403.`;

export const SERIES = route({
  ...common,
  method: 'get',
  path: '/v1/insights/series',
  summary: 'A metric per period, for the whole organisation and, with `by`, for each value of one dimension.',
  description: `${viewerNote} Figures below k, and those that would let a total minus the shown parts reveal one, are null.`,
  query: z.object({ metric, ...range, by, parent }),
  response: { schema: seriesResponse },
  errors: [403, 404],
});

export const BREAKDOWN = route({
  ...common,
  method: 'get',
  path: '/v1/insights/breakdown',
  summary: 'One period of a metric broken down by one dimension, with each value\'s share of the total.',
  description: `${viewerNote} The period is the day, ISO week or month that holds \`period\`.`,
  query: z.object({ metric, granularity: range.granularity, period: date('A day of the period'), by: z.enum(BREAKDOWNS.filter((b) => b !== 'all') as [string, ...string[]]).describe(by.description ?? ''), parent }),
  response: {
    schema: z.object({
      metric: z.string(),
      granularity: z.string(),
      period: z.string(),
      by: z.string(),
      parent: z.string().nullable(),
      k: z.number().int(),
      total: figure,
      parts: z.array(z.object({ key: z.string(), value: figure, sharePercent: percent })),
    }),
  },
  errors: [403, 404],
});

const viewRange = z.object(range);

const completenessBands = z.array(z.object({ band: z.string().describe('Completeness band in percent, e.g. 75-99'), count: figure, sharePercent: percent.describe('Of the counted people of the same row') }));
const completenessRow = z.object({ profiles: figure.describe('People counted (active people with a profile)'), bands: completenessBands });

export const ADOPTION = route({
  ...common,
  method: 'get',
  path: '/v1/insights/adoption',
  summary:
    'Adoption: active people, reach, active groups, posts, comments and reactions per period; profile completeness now; with `by`, active people and reach per org unit, location or management level, and each one\'s profile completeness.',
  description: `${viewerNote} Event counts are absent per month (a month is not made of whole weeks). A reach is given only when the people not active are none or at least k. Profile completeness per part is one table of parts x bands with its totals (each part's people, each band's people in the organisation and in the parent), suppressed as a whole: no row, column or parent-minus-children difference gives a figure of fewer than k people; a part of fewer than k people shows nothing.`,
  query: z.object({
    ...range,
    by: z
      .enum(PERSON_BREAKDOWNS as [string, ...string[]])
      .optional()
      .describe('Also each org unit (one level), location or management level: its active people and reach per period'),
    parent,
  }),
  response: {
    schema: z.object({
      k: z.number().int(),
      headcount: figure,
      profileCompleteness: completenessBands,
      profileCompletenessByPart: z
        .array(completenessRow.extend({ key: z.string().describe('The org unit path, location or management level (the same parts as `periods[].parts`)') }))
        .optional()
        .describe('With `by`: each part\'s profile completeness as it stands now'),
      profileCompletenessOfParent: completenessRow.extend({ key: z.string().describe('The parent org unit') }).optional().describe('With `by=orgUnit` and `parent`: the parent unit\'s own profile completeness'),
      periods: z.array(
        z.object({
          period: z.string(),
          activePeople: figure,
          reachPercent: percent,
          activeGroups: figure,
          posts: figure.optional(),
          comments: figure.optional(),
          reactions: figure.optional(),
          parts: z.array(z.object({ key: z.string().describe('The org unit path, location or management level'), activePeople: figure, reachPercent: percent })).optional(),
        }),
      ),
    }),
  },
});

export const LEADERSHIP = route({
  ...common,
  method: 'get',
  path: '/v1/insights/leadership',
  summary: 'Leadership participation: active share per management level, role models, manager answer time, share of voice, acknowledgement by org unit.',
  description: `${viewerNote} Share of voice warns when leaders write more than the configured share of posts and comments.`,
  query: z.object({ ...range, orgUnit: parent.describe('The org unit whose units right below get the acknowledgement figures; the top level without it') }),
  response: {
    schema: z.object({
      k: z.number().int(),
      voiceWarningPercent: z.number(),
      periods: z.array(
        z.object({
          period: z.string(),
          activeShareByLevel: z.array(z.object({ level: z.string(), activePeople: figure, activePercent: percent })),
          roleModels: figure,
          managerAnswerTime: median,
          managerAnswerTimeByOrgUnit: z
            .array(z.object({ orgUnit: z.string(), answeringLeaders: figure, median }))
            .describe("How fast leaders answer questions of their own org unit, per org unit of the askers (one level); guarded by the answering leaders"),
          shareOfVoice: z.object({ leadersPercent: percent, warning: z.boolean() }).optional(),
          acknowledgementByOrgUnit: z.array(z.object({ orgUnit: z.string(), acknowledgedPeople: figure, acknowledgedPercent: percent, completionPercent: percent.optional() })),
        }),
      ),
    }),
  },
  errors: [403, 404],
});

/** Engagement with posts of one kind (or call to action): counts and counts per post. */
const postEngagement = z
  .array(
    z.object({
      key: z.string().describe('The kind of post or call to action; `all` for every post'),
      posts: figure,
      comments: figure,
      reactions: figure,
      responses: figure,
      perPost: z.object({ comments: figure, reactions: figure, responses: figure }).describe('Comments, reactions and responses per post (two decimals), only from shown counts'),
    }),
  )
  .optional()
  .describe('Per day and week only (event counts); counted when the activity happened, in the cells of the post it was on');

export const ENGAGEMENT = route({
  ...common,
  method: 'get',
  path: '/v1/insights/engagement',
  summary: 'Engagement: per post kind and per call to action (posts, comments, reactions, responses, and per post); questions answered and time to an accepted answer; the idea funnel with time in state.',
  description: `${viewerNote} Each figure per kind is guarded by the distinct people behind it (posters, commenters, reactors, responders on such posts).`,
  query: viewRange,
  response: {
    schema: z.object({
      k: z.number().int(),
      periods: z.array(
        z.object({
          period: z.string(),
          byPostKind: postEngagement,
          byCallToAction: postEngagement,
          questions: figure.optional(),
          answeredPercent: percent.optional(),
          acceptedPercent: percent.optional(),
          timeToAcceptedAnswer: median,
          ideas: z.object({
            authorCount: figure,
            transitions: z.array(z.object({ from: z.string(), to: z.string(), count: figure })),
            funnel: z
              .object({ proposed: figure, pickedUp: figure, done: figure })
              .describe('Ideas posted in the period, ideas picked up (from proposed to under review, planned or done) and ideas done; per day and week'),
            timeInState: z.array(z.object({ state: z.string(), median })),
          }),
        }),
      ),
    }),
  },
});

export const EXPORT_CSV = route({
  ...common,
  method: 'get',
  path: '/v1/insights/export.csv',
  summary: 'The series as CSV (RFC 4180): period, dimension, value, metric, figure, suppressed; the same suppression as the API.',
  description: viewerNote,
  query: z.object({ metric, ...range, by, parent }),
  response: { contentType: 'text/csv', schema: { type: 'string' } },
  errors: [403, 404],
});

/** The composite views as CSV: `period,figure,value,suppressed`, one line per figure of the JSON view. */
const viewCsvRoute = (view: typeof ADOPTION | typeof LEADERSHIP | typeof ENGAGEMENT, name: string) =>
  route({
    ...common,
    method: 'get',
    path: `/v1/insights/${name}.csv`,
    summary: `The ${name} view as CSV (RFC 4180): period, figure (its path in the JSON view, e.g. byPostKind.question.reactions), value, suppressed; the same suppression.`,
    description: viewerNote,
    query: view.query!,
    response: { contentType: 'text/csv', schema: { type: 'string' } },
    errors: [403, 404],
  });
export const ADOPTION_CSV = viewCsvRoute(ADOPTION, 'adoption');
export const LEADERSHIP_CSV = viewCsvRoute(LEADERSHIP, 'leadership');
export const ENGAGEMENT_CSV = viewCsvRoute(ENGAGEMENT, 'engagement');

const words = z.object({ en: z.string(), nl: z.string() });

export const TRANSPARENCY = route({
  method: 'get',
  path: '/v1/insights/transparency',
  summary: 'What insights measures, the smallest group shown (k), how long person-level facts are kept and who can see the figures (every signed-in person).',
  auth: 'bearer',
  tags: ['insights'],
  response: {
    schema: z.object({
      k: z.number().int(),
      retentionDays: z.number().int(),
      viewerRole: z.string(),
      measured: z.array(words),
      notMeasured: z.array(words),
      whoCanSee: words,
      privacy: z.array(words),
    }),
  },
});

export const TRANSPARENCY_PAGE = route({
  method: 'get',
  path: '/v1/insights/transparency.html',
  summary: 'The same statement as a plain HTML page in Dutch and English (no scripts; it holds no figures, so it needs no sign-in).',
  auth: 'none',
  tags: ['insights'],
  response: { contentType: 'text/html', schema: { type: 'string' } },
});

export const INSIGHTS_ROUTES = [SERIES, BREAKDOWN, ADOPTION, LEADERSHIP, ENGAGEMENT, EXPORT_CSV, ADOPTION_CSV, LEADERSHIP_CSV, ENGAGEMENT_CSV, TRANSPARENCY, TRANSPARENCY_PAGE];
