import { EVIDENCE_KINDS } from '@plein/profiles/domain';
import { api, route } from '@plein/shared/platform';
import { z } from 'zod';

/**
 * Expertise and endorsement routes (docs/profiles/expertise.md), declared once: validated by
 * @RequestInput and listed in GET /openapi.json. Every one needs a platform token; someone
 * profiles does not know, deleted or deactivated answers 404 PROFILES.PERSON_NOT_FOUND.
 */
const { uuid } = api;

const IDEMPOTENCY_KEY = [{ name: 'Idempotency-Key', description: 'Repeat the request safely: the same key gives the same answer (1-200 visible ASCII characters).', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } }];
const endorsementParams = z.object({
  userId: uuid(),
  skill: z.string().min(1).max(100).describe('The skill as a hashtag (`kubernetes`, `#Kubernetes` or `Event storming`: normalised like hashtags)'),
});
const endorsement = z.object({ userId: z.string(), skill: z.string(), endorsed: z.boolean() });
const counts = z.object(Object.fromEntries(EVIDENCE_KINDS.map((k) => [k, z.number().int()])) as Record<(typeof EVIDENCE_KINDS)[number], z.ZodNumber>);
const standing = z.object({
  topic: z.string(),
  score: z.number(),
  recent: counts.describe('Evidence of the last 90 days per kind (endorsements and the declared skill: the current ones)'),
  total: counts,
  explanation: z.object({ en: z.string(), nl: z.string() }),
});

/** A person's standings, highest first (GET .../expertise and the profile view's `expertise`). */
export const expertiseStandingsSchema = z.array(standing);

export const ENDORSE = route({
  method: 'put',
  path: '/v1/profiles/{userId}/endorsements/{skill}',
  summary: 'Endorse a colleague for a skill (once per skill; idempotent).',
  description: 'Nobody endorses themself (400 PROFILES.SELF_ENDORSEMENT naming path.userId). Endorsing again changes nothing.',
  tags: ['expertise'],
  params: endorsementParams,
  headers: IDEMPOTENCY_KEY,
  response: { schema: endorsement },
  errors: [404],
});

export const WITHDRAW_ENDORSEMENT = route({
  method: 'delete',
  path: '/v1/profiles/{userId}/endorsements/{skill}',
  summary: 'Withdraw your endorsement of a colleague for a skill (idempotent).',
  tags: ['expertise'],
  params: endorsementParams,
  headers: IDEMPOTENCY_KEY,
  status: 204,
  errors: [404],
});

export const EXPERTISE = route({
  method: 'get',
  path: '/v1/profiles/{userId}/expertise',
  summary: "A colleague's standing per topic, with the evidence behind each score (English and Dutch).",
  description:
    'Scores decay with EXPERTISE_HALF_LIFE_DAYS and are the same for every reader: only organisation-wide and open-group content counts, never followers-only, closed- or secret-group content. At most 20 topics, highest first.',
  tags: ['expertise'],
  params: z.object({ userId: uuid() }),
  response: { schema: z.object({ userId: z.string(), topics: expertiseStandingsSchema, computedAt: z.string() }) },
  errors: [404],
});
