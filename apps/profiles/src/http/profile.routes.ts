import { LANGUAGE_LEVELS, PROFILE_LIMITS } from '@plein/profiles/contracts';
import { api, route } from '@plein/shared/platform';
import { z } from 'zod';
import { expertiseStandingsSchema } from './expertise.routes';

const { uuid } = api;

/** The Idempotency-Key header every profiles command documents (the shared rule: 1-200 visible ASCII characters). */
export const IDEMPOTENCY_HEADERS = [
  { name: 'Idempotency-Key', description: 'Repeat the request safely: the same key gives the same answer (1-200 visible ASCII characters).', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } },
];

const bounded = (max: number) => z.string().trim().min(1).max(max);
const yearMonth = z.string().regex(/^[12]\d{3}-(?:0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');

/** The fields of PATCH /v1/profiles/{userId}: every one optional, at least one; a list replaces the whole list, null clears. */
export const profileChangesSchema = z
  .object({
    skills: z.array(bounded(PROFILE_LIMITS.skillLength)).max(PROFILE_LIMITS.skills).optional(),
    languages: z
      .array(z.object({ code: z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code (two lower-case letters)'), level: z.enum(LANGUAGE_LEVELS) }).strict())
      .max(PROFILE_LIMITS.languages)
      .optional(),
    interests: z.array(bounded(PROFILE_LIMITS.interestLength)).max(PROFILE_LIMITS.interests).optional(),
    askMeAbout: z.array(bounded(PROFILE_LIMITS.askMeAboutLength)).max(PROFILE_LIMITS.askMeAbout).optional(),
    experience: z
      .array(z.object({ title: bounded(PROFILE_LIMITS.experienceTextLength), organisation: bounded(PROFILE_LIMITS.experienceTextLength), from: yearMonth, to: yearMonth.nullable() }).strict())
      .max(PROFILE_LIMITS.experience)
      .optional(),
    bio: z.string().max(PROFILE_LIMITS.bioLength).nullable().optional(),
    photoUrl: z
      .string()
      .max(PROFILE_LIMITS.photoUrlLength)
      .regex(/^https:\/\/[^\s/?#]\S*$/, 'must be an https URL')
      .nullable()
      .optional(),
  })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, { message: 'must change at least one field' });

const completeness = z.object({ score: z.number().int().min(0).max(100), missing: z.array(z.string()) });

/** A profile as GET and PATCH answer it. */
export const profileViewSchema = z.object({
  userId: uuid(),
  active: z.boolean(),
  userName: z.string(),
  displayName: z.string(),
  email: z.string().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  title: z.string().optional(),
  department: z.string().optional(),
  location: z.string().optional(),
  managementLevel: z.string(),
  managerId: uuid().nullable(),
  skills: z.array(z.string()),
  languages: z.array(z.object({ code: z.string(), level: z.string() })),
  interests: z.array(z.string()),
  askMeAbout: z.array(z.string()),
  experience: z.array(z.object({ title: z.string(), organisation: z.string(), from: z.string(), to: z.string().nullable() })),
  bio: z.string().nullable(),
  photoUrl: z.string().nullable(),
  profileVersion: z.number().int(),
  updatedAt: z.string(),
  completeness,
  expertise: expertiseStandingsSchema.optional().describe('Standing per topic with the evidence behind it (docs/profiles/expertise.md)'),
});

const userIdParams = z.object({ userId: uuid() });

export const GET_PROFILE = route({
  method: 'get',
  path: '/v1/profiles/{userId}',
  summary: "A person's profile: directory data from identity, their own fields, and how complete it is.",
  description: 'Unknown and deleted people answer 404; a deactivated person is visible to admins only (404 for everyone else).',
  params: userIdParams,
  response: { schema: profileViewSchema },
  errors: [404],
});

export const EDIT_PROFILE = route({
  method: 'patch',
  path: '/v1/profiles/{userId}',
  summary: 'Edit your own profile fields (admins may edit anyone they can see).',
  description:
    'Only the fields given change; a list replaces the whole list, null clears bio or photo. Skills naming a taxonomy term (its id, label or a synonym) are stored as the term id; the bio is sanitised Markdown. ' +
    "Another person's profile answers 403 PROFILES.NOT_YOUR_PROFILE (404 when you cannot see it). Directory data (name, title, department, manager) is identity's and not editable here.",
  params: userIdParams,
  body: profileChangesSchema,
  headers: IDEMPOTENCY_HEADERS,
  response: { schema: profileViewSchema },
  errors: [403, 404],
});
