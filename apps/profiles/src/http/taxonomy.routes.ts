import { TAXONOMY_LIMITS } from '@plein/profiles/contracts';
import { route } from '@plein/shared/platform';
import { z } from 'zod';
import { IDEMPOTENCY_HEADERS } from './profile.routes';

const termId = z
  .string()
  .max(TAXONOMY_LIMITS.termIdLength)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug (a-z, 0-9, dashes)');
const label = z.string().trim().min(1).max(TAXONOMY_LIMITS.labelLength);

export const taxonomyTermSchema = z.object({ termId: z.string(), labels: z.object({ en: z.string(), nl: z.string() }), synonyms: z.array(z.string()) });

export const LIST_TAXONOMY = route({
  method: 'get',
  path: '/v1/profiles/taxonomy',
  summary: 'The curated skill terms (English and Dutch labels, synonyms), by id, a page at a time.',
  query: z.object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: termId.optional(),
  }),
  response: { schema: z.object({ items: z.array(taxonomyTermSchema), next: z.string().nullable() }) },
});

export const PUT_TAXONOMY_TERM = route({
  method: 'put',
  path: '/v1/profiles/taxonomy/terms/{termId}',
  summary: 'Define a skill term, or replace its labels and synonyms (admins).',
  description: 'Synonyms are matched case-insensitively (`k8s` finds `kubernetes`); a retired term is defined again. Others answer 403 PROFILES.ADMIN_ONLY.',
  params: z.object({ termId }),
  body: z.object({ labels: z.object({ en: label, nl: label }).strict(), synonyms: z.array(z.string().trim().min(1).max(TAXONOMY_LIMITS.synonymLength)).max(TAXONOMY_LIMITS.synonyms).default([]) }).strict(),
  headers: IDEMPOTENCY_HEADERS,
  response: { schema: taxonomyTermSchema },
  errors: [403, 409],
});

export const RETIRE_TAXONOMY_TERM = route({
  method: 'delete',
  path: '/v1/profiles/taxonomy/terms/{termId}',
  summary: 'Retire a skill term (admins): no longer suggested or expanded; profiles naming it keep the id as text.',
  params: z.object({ termId }),
  headers: IDEMPOTENCY_HEADERS,
  status: 204,
  errors: [403, 404],
});
