import { TAXONOMY_LIMITS, type TaxonomyLabels, type TaxonomyTermChangedV1, type TaxonomyTermDefinedV1, type TaxonomyTermRetiredV1 } from '@plein/profiles/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { ConflictError, NotFoundError, ValidationError, type FieldViolation, type NewEvent } from '@plein/shared/kernel';

export type TaxonomyEvent =
  | NewEvent<TaxonomyTermDefinedV1, 'profiles.taxonomy.term-defined'>
  | NewEvent<TaxonomyTermChangedV1, 'profiles.taxonomy.term-changed'>
  | NewEvent<TaxonomyTermRetiredV1, 'profiles.taxonomy.term-retired'>;

export interface DefineTerm {
  readonly type: 'DefineTerm';
  readonly termId: string;
  readonly labels: TaxonomyLabels;
  readonly synonyms: readonly string[];
}
export interface ChangeTerm {
  readonly type: 'ChangeTerm';
  readonly termId: string;
  readonly labels?: TaxonomyLabels;
  readonly synonyms?: readonly string[];
}
export interface RetireTerm {
  readonly type: 'RetireTerm';
  readonly termId: string;
}
export type TaxonomyCommand = DefineTerm | ChangeTerm | RetireTerm;

export interface TaxonomyState {
  readonly status: 'none' | 'active' | 'retired';
  readonly labels: TaxonomyLabels | null;
  readonly synonyms: readonly string[];
}

export class TermExistsError extends ConflictError {
  constructor(termId: string) {
    super('PROFILES.TERM_EXISTS', 'this term is defined already', { termId });
  }
}
export class TermNotFoundError extends NotFoundError {
  constructor() {
    super('PROFILES.TERM_NOT_FOUND', 'no such taxonomy term');
  }
}

export const TERM_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SPACES = /\s+/g;
const clean = (value: string): string => value.replace(SPACES, ' ').trim();

/** Synonyms trimmed, lower-cased, deduplicated, without the term id itself; or violations. */
function cleanSynonyms(termId: string, synonyms: readonly string[], violations: FieldViolation[]): string[] {
  const out = [...new Set(synonyms.map((s) => clean(s).toLowerCase()).filter((s) => s && s !== termId))];
  if (out.length > TAXONOMY_LIMITS.synonyms) violations.push({ field: 'synonyms', message: `at most ${TAXONOMY_LIMITS.synonyms}` });
  out.forEach((s, i) => {
    if (s.length > TAXONOMY_LIMITS.synonymLength) violations.push({ field: `synonyms[${i}]`, message: `is longer than ${TAXONOMY_LIMITS.synonymLength} characters` });
  });
  return out;
}

function cleanLabels(labels: TaxonomyLabels, violations: FieldViolation[]): TaxonomyLabels {
  const out = { en: clean(labels.en), nl: clean(labels.nl) };
  for (const lang of ['en', 'nl'] as const) {
    if (!out[lang]) violations.push({ field: `labels.${lang}`, message: 'must not be empty' });
    else if (out[lang].length > TAXONOMY_LIMITS.labelLength) violations.push({ field: `labels.${lang}`, message: `is longer than ${TAXONOMY_LIMITS.labelLength} characters` });
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * One curated skill term (stream `taxonomy-<termId>`): defined with English and Dutch labels and
 * synonyms, changed, retired, and defined again after retirement. Changes that change nothing
 * emit nothing. Pure.
 */
export const taxonomyDecider: Decider<TaxonomyCommand, TaxonomyEvent, TaxonomyState> = {
  initialState: () => ({ status: 'none', labels: null, synonyms: [] }),
  decide(command, state) {
    const violations: FieldViolation[] = [];
    if (!TERM_ID.test(command.termId) || command.termId.length > TAXONOMY_LIMITS.termIdLength) violations.push({ field: 'termId', message: 'must be a lower-case slug (a-z, 0-9, dashes)' });
    switch (command.type) {
      case 'DefineTerm': {
        const labels = cleanLabels(command.labels, violations);
        const synonyms = cleanSynonyms(command.termId, command.synonyms, violations);
        if (violations.length) throw new ValidationError('PROFILES.INVALID_TERM', violations);
        if (state.status === 'active') {
          if (same(state.labels, labels) && same(state.synonyms, synonyms)) return [];
          throw new TermExistsError(command.termId);
        }
        return [{ type: 'profiles.taxonomy.term-defined', version: 1, data: { termId: command.termId, labels, synonyms } }];
      }
      case 'ChangeTerm': {
        const labels = command.labels ? cleanLabels(command.labels, violations) : undefined;
        const synonyms = command.synonyms ? cleanSynonyms(command.termId, command.synonyms, violations) : undefined;
        if (violations.length) throw new ValidationError('PROFILES.INVALID_TERM', violations);
        if (state.status !== 'active') throw new TermNotFoundError();
        const data: TaxonomyTermChangedV1 = { termId: command.termId };
        if (labels && !same(labels, state.labels)) data.labels = labels;
        if (synonyms && !same(synonyms, state.synonyms)) data.synonyms = synonyms;
        return Object.keys(data).length > 1 ? [{ type: 'profiles.taxonomy.term-changed', version: 1, data }] : [];
      }
      case 'RetireTerm':
        if (violations.length) throw new ValidationError('PROFILES.INVALID_TERM', violations);
        if (state.status === 'retired') return [];
        if (state.status !== 'active') throw new TermNotFoundError();
        return [{ type: 'profiles.taxonomy.term-retired', version: 1, data: { termId: command.termId } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'profiles.taxonomy.term-defined':
        return { status: 'active', labels: event.data.labels, synonyms: event.data.synonyms };
      case 'profiles.taxonomy.term-changed':
        return { ...state, ...(event.data.labels ? { labels: event.data.labels } : {}), ...(event.data.synonyms ? { synonyms: event.data.synonyms } : {}) };
      case 'profiles.taxonomy.term-retired':
        return { ...state, status: 'retired' };
    }
  },
};
