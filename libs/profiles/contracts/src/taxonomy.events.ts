import { defineEvent, defineTopic, object, setOf, text, topicName, type JsonSchema } from '@plein/shared/contracts';

/** The curated skills taxonomy admins maintain: one aggregate per term, keyed by its id (a slug). */
export const profilesTaxonomyTopic = defineTopic({
  name: topicName('profiles', 'taxonomy', 1),
  aggregateType: 'taxonomy',
  description: 'Curated skill terms with English and Dutch labels and synonyms, maintained by admins.',
  key: { description: 'The term id, a lower-case slug such as `kubernetes`.', example: 'kubernetes' },
});

export const TAXONOMY_LIMITS = { termIdLength: 60, labelLength: 80, synonyms: 20, synonymLength: 80 } as const;
/** A term id: lower-case letters and digits in dash-separated words (linear: no nested quantifier overlap). */
export const TERM_ID_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

export interface TaxonomyLabels {
  en: string;
  nl: string;
}

export interface TaxonomyTermDefinedV1 {
  termId: string;
  labels: TaxonomyLabels;
  /** Other names people type for it (`k8s`), matched case-insensitively. */
  synonyms: string[];
}

export interface TaxonomyTermChangedV1 {
  termId: string;
  labels?: TaxonomyLabels;
  synonyms?: string[];
}

export interface TaxonomyTermRetiredV1 {
  termId: string;
}

const termId: JsonSchema = { type: 'string', minLength: 1, maxLength: TAXONOMY_LIMITS.termIdLength, pattern: TERM_ID_PATTERN };
export const taxonomyFieldSchemas = {
  termId,
  labels: object({ en: text(TAXONOMY_LIMITS.labelLength), nl: text(TAXONOMY_LIMITS.labelLength) }, ['en', 'nl']),
  synonyms: setOf(text(TAXONOMY_LIMITS.synonymLength), TAXONOMY_LIMITS.synonyms),
} satisfies Record<string, JsonSchema>;

const common = { version: 1, aggregateType: 'taxonomy', topic: profilesTaxonomyTopic } as const;

export const taxonomyTermDefinedV1 = defineEvent<TaxonomyTermDefinedV1>({
  ...common,
  type: 'profiles.taxonomy.term-defined',
  description: 'An admin added a curated skill term (or defined a retired one again).',
  schema: object(taxonomyFieldSchemas, ['termId', 'labels', 'synonyms']),
  example: { termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s', 'kube'] },
});

export const taxonomyTermChangedV1 = defineEvent<TaxonomyTermChangedV1>({
  ...common,
  type: 'profiles.taxonomy.term-changed',
  description: "An admin changed a term's labels or synonyms; only changed parts are present (synonyms replace the list).",
  schema: object(taxonomyFieldSchemas, ['termId'], { minProperties: 2 }),
  example: { termId: 'french', labels: { en: 'French', nl: 'Frans' } },
});

export const taxonomyTermRetiredV1 = defineEvent<TaxonomyTermRetiredV1>({
  ...common,
  type: 'profiles.taxonomy.term-retired',
  description: 'An admin retired a term: it is no longer suggested or expanded; profiles naming it keep it as free text.',
  schema: object({ termId }, ['termId']),
  example: { termId: 'kubernetes' },
});

export const taxonomyContracts = [taxonomyTermDefinedV1, taxonomyTermChangedV1, taxonomyTermRetiredV1];
