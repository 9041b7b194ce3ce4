import { api, route } from '@plein/shared/platform';
import { z } from 'zod';

/**
 * The org chart, directory and department routes (docs/profiles/org.md), declared once: the
 * controller validates with them and GET /openapi.json lists them. Every one needs a platform
 * token; deactivated, deleted and unknown people all answer 404 PROFILES.PERSON_NOT_FOUND.
 */
const { uuid, text, pageLimit } = api;

const userId = z.object({ userId: uuid() });
/** `nextCursor` of the previous page; opaque, only this service's cursors are accepted. */
const cursor = z
  .string()
  .max(600)
  .regex(/^[\w-]*$/, 'is not a cursor of this list')
  .optional()
  .describe('`nextCursor` of the previous page; a cursor this service did not issue answers 400 PROFILES.INVALID_CURSOR');
const page = (fallback: number) => ({ cursor, limit: pageLimit(fallback) });

const person = z.object({
  userId: z.string(),
  displayName: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  location: z.string().nullable(),
  managementLevel: z.string(),
});
const peoplePage = z.object({ items: z.array(person), nextCursor: z.string().nullable() });
const department = z.object({ path: z.string(), name: z.string(), headCount: z.number().int(), directHeadCount: z.number().int(), subDepartmentCount: z.number().int() });

export const ORG_CHART = route({
  method: 'get',
  path: '/v1/profiles/{userId}/org-chart',
  summary: "A person's managers to the top, and the first page of their direct reports and peers.",
  description:
    'Managers: manager first, at most 50 (`managersTruncated` when cut); a deactivated manager appears as `{ userId, active: false }`. ' +
    'Direct reports and peers (same manager) A–Z, `limit` each; more with the reports and peers routes and their `nextCursor`.',
  auth: 'bearer',
  tags: ['org'],
  params: userId,
  query: z.object({ limit: pageLimit(20) }),
  response: {
    schema: z.object({
      person,
      managers: z.array(z.union([person, z.object({ userId: z.string(), active: z.literal(false) })])),
      managersTruncated: z.boolean(),
      directReports: peoplePage,
      directReportCount: z.number().int(),
      peers: peoplePage,
    }),
  },
  errors: [404],
});

export const ORG_REPORTS = route({
  method: 'get',
  path: '/v1/profiles/{userId}/org-chart/reports',
  summary: "A person's active direct reports, A–Z (cursor paged).",
  auth: 'bearer',
  tags: ['org'],
  params: userId,
  query: z.object(page(50)),
  response: { schema: peoplePage },
  errors: [404],
});

export const ORG_PEERS = route({
  method: 'get',
  path: '/v1/profiles/{userId}/org-chart/peers',
  summary: 'The active people with the same manager as this person, A–Z, without them (cursor paged).',
  auth: 'bearer',
  tags: ['org'],
  params: userId,
  query: z.object(page(50)),
  response: { schema: peoplePage },
  errors: [404],
});

export const DIRECTORY = route({
  method: 'get',
  path: '/v1/profiles/directory',
  summary: 'Active colleagues A–Z, in a department (and the departments below it) and/or a location (cursor paged).',
  description: 'Names sort case- and accent-insensitively; `department` is a path such as `Engineering/Platform` (case, accents and spaces around `/` do not matter).',
  auth: 'bearer',
  tags: ['org'],
  query: z.object({ department: text(2000, 1).optional(), location: text(200, 1).optional(), ...page(50) }),
  response: { schema: peoplePage },
});

export const DEPARTMENTS = route({
  method: 'get',
  path: '/v1/profiles/departments',
  summary: 'The department tree one level at a time: the departments below `parent` (the top level without it), with head counts.',
  description:
    "Departments are identity's `department` attribute read as a path (`Engineering/Platform/Search`). `headCount` counts the active people in the department " +
    'and every department below it, `directHeadCount` those in it directly. Counts are at most 10 seconds old.',
  auth: 'bearer',
  tags: ['org'],
  query: z.object({ parent: text(2000, 1).optional(), ...page(100) }),
  response: { schema: z.object({ parent: z.string().nullable(), items: z.array(department), nextCursor: z.string().nullable() }) },
  errors: [404],
});
