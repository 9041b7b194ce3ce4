import type { ComposerCtaKind } from './api';

/** The composer's call-to-action fields, as typed. */
export interface CtaFields {
  readonly options: readonly string[];
  readonly maxChoices: string;
  readonly closesAt: string;
  readonly dueAt: string;
  readonly deadline: string;
  readonly capacity: string;
}

/** A `datetime-local` input (the reader's time zone) as an ISO instant; empty: undefined; unreadable: as typed (the feed names the field). */
export function instant(local: string): string | undefined {
  if (local.trim() === '') return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? local : new Date(ms).toISOString();
}

/** The call to action as the feed takes it, from the composer's fields. */
export function callToActionOf(kind: ComposerCtaKind, f: CtaFields): Record<string, unknown> {
  switch (kind) {
    case 'vote': {
      const maxChoices = Number(f.maxChoices);
      const closesAt = instant(f.closesAt);
      return { kind, options: f.options, ...(f.maxChoices.trim() && maxChoices !== 1 ? { maxChoices } : {}), ...(closesAt ? { closesAt } : {}) };
    }
    case 'acknowledge': {
      const dueAt = instant(f.dueAt);
      return { kind, ...(dueAt ? { dueAt } : {}) };
    }
    case 'sign-up': {
      const deadline = instant(f.deadline);
      return { kind, ...(f.capacity.trim() ? { capacity: Number(f.capacity) } : {}), ...(deadline ? { deadline } : {}) };
    }
    default:
      return { kind };
  }
}
