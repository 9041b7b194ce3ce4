import { MANAGEMENT_LEVELS } from '@plein/identity/contracts';
import { LANGUAGE_LEVELS } from '@plein/profiles/contracts';
import { SEARCH_CURSOR_MAX, SEARCH_FILTER_VALUE_MAX, SEARCH_FILTER_VALUES_MAX, SEARCH_PAGE_DEFAULT, SEARCH_TEXT_MAX } from '@plein/profiles/application';
import { api, route } from '@plein/shared/platform';
import { z } from 'zod';

/**
 * GET /v1/profiles/search (docs/profiles/search.md), declared once: the controller validates with
 * it and GET /openapi.json lists it. Filters take comma-separated values.
 */
const { text, pageLimit } = api;

/** `a,b,c`: 1..SEARCH_FILTER_VALUES_MAX values of 1..SEARCH_FILTER_VALUE_MAX characters each. */
const list = (item: z.ZodType<string>, description: string) =>
  z
    .string()
    .max(SEARCH_FILTER_VALUES_MAX * (SEARCH_FILTER_VALUE_MAX + 1))
    .transform((raw, ctx) => {
      const values = [...new Set(raw.split(',').map((v) => v.trim()))];
      if (values.length > SEARCH_FILTER_VALUES_MAX) ctx.addIssue({ code: 'custom', message: `at most ${SEARCH_FILTER_VALUES_MAX} values` });
      for (const value of values) {
        const parsed = item.safeParse(value);
        if (!parsed.success) ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 40)}" ${parsed.error.issues[0]?.message ?? 'is not valid'}` });
      }
      return values;
    })
    .optional()
    .describe(description);

const value = z.string().min(1, 'must not be empty').max(SEARCH_FILTER_VALUE_MAX, `must be at most ${SEARCH_FILTER_VALUE_MAX} characters`);
const languageValue = z.string().regex(new RegExp(`^[a-z]{2}(?::(?:${LANGUAGE_LEVELS.join('|')}))?$`), `must be an ISO 639-1 code, optionally with a minimum level (${LANGUAGE_LEVELS.join(', ')}), e.g. fr or fr:C1`);
const managementLevel = z.enum(MANAGEMENT_LEVELS, { error: `must be one of ${MANAGEMENT_LEVELS.join(', ')}` });

const facet = z.array(z.object({ value: z.string(), count: z.number().int() }));
const hit = z.object({
  userId: z.string(),
  name: z.string(),
  title: z.string().optional(),
  department: z.string().optional(),
  location: z.string().optional(),
  managementLevel: z.string().optional(),
  skills: z.array(z.string()),
  languages: z.array(z.object({ code: z.string(), level: z.string() })),
  askMeAbout: z.array(z.string()),
  score: z.number(),
  highlights: z.record(z.string(), z.array(z.string())).describe('Why this person matched: field → fragments, HTML-escaped, matches in <em>'),
  why: z.object({
    matchedFields: z.array(z.string()),
    expertise: z.array(z.object({ topic: z.string(), score: z.number(), explanation: z.string() })).describe('Strongest evidence first (at most 3)'),
  }),
});

export const SEARCH_PROFILES = route({
  method: 'get',
  path: '/v1/profiles/search',
  summary: 'Find colleagues: full text in Dutch and English (names, titles, skills, ask-me-about, bio), typos and synonyms, natural questions, facets.',
  description:
    'Natural questions work: "wie spreekt Frans?" becomes the language filter fr, "who knows kubernetes?" searches kubernetes. ' +
    'Ordered by relevance (evidence of expertise lifts a person); deactivated people never appear. Filters: every listed skill and language (a level is a minimum), ' +
    'any listed department, location and management level. Facets count the matching people. Paging: `nextCursor`, valid for the same q and filters.',
  auth: 'bearer',
  tags: ['search'],
  query: z.object({
    q: text(SEARCH_TEXT_MAX).optional().describe('Words or a question, Dutch or English'),
    skill: list(value, 'Skills (taxonomy term ids or free text), comma-separated; every one must match'),
    language: list(languageValue, 'Languages `code` or `code:minLevel`, comma-separated; every one must match'),
    department: list(value, 'Departments, comma-separated; any may match'),
    location: list(value, 'Locations, comma-separated; any may match'),
    managementLevel: list(managementLevel, `Management levels (${MANAGEMENT_LEVELS.join(', ')}), comma-separated; any may match`),
    cursor: z
      .string()
      .max(SEARCH_CURSOR_MAX)
      .regex(/^[\w-]*$/, 'is not a cursor of this search')
      .optional()
      .describe('`nextCursor` of the previous page; another search\'s cursor answers 400 PROFILES.INVALID_CURSOR'),
    limit: pageLimit(SEARCH_PAGE_DEFAULT),
  }),
  response: {
    schema: z.object({
      items: z.array(hit),
      total: z.number().int(),
      totalIsLowerBound: z.boolean(),
      facets: z.object({ skill: z.array(z.object({ value: z.string(), count: z.number().int(), labels: z.array(z.string()).describe('English and Dutch label of a taxonomy term; the value itself for free text') })), language: facet, languageLevel: facet, department: facet, location: facet, managementLevel: facet }),
      interpreted: z.object({ text: z.string(), languages: z.array(z.string()) }).describe('The words searched after question words were dropped, and the languages a question asked for'),
      nextCursor: z.string().nullable(),
    }),
  },
  errors: [],
});
