import { POLL_OPTIONS_MAX, POLL_OPTIONS_MIN, type CallToAction, type PostKind } from '@plein/feed/contracts';
import { ERROR_CODES, invalid } from '../errors';

/** What the author asks for, as typed in; buildCallToAction checks it and fixes option ids. */
export type CallToActionInput =
  | { readonly kind: 'answer' }
  | { readonly kind: 'share-ideas' }
  | { readonly kind: 'fyi' }
  | { readonly kind: 'sign-up'; readonly capacity?: number; readonly deadline?: string }
  | { readonly kind: 'acknowledge'; readonly dueAt?: string }
  | { readonly kind: 'vote'; readonly options: readonly string[]; readonly maxChoices?: number; readonly closesAt?: string };

const MAX_HORIZON_MS = 2 * 366 * 24 * 3600 * 1000;
const code = ERROR_CODES.invalidCallToAction;

/**
 * A question asks for answers and only a question does. Deadlines lie in the future (within two
 * years); a poll has 2..10 distinct options and 1..options choices per person.
 */
export function buildCallToAction(kind: PostKind, input: CallToActionInput, now: Date): CallToAction {
  if ((kind === 'question') !== (input.kind === 'answer')) {
    throw invalid(code, 'callToAction.kind', kind === 'question' ? 'a question asks for answers' : 'only a question asks for answers');
  }
  switch (input.kind) {
    case 'answer':
    case 'share-ideas':
    case 'fyi':
      return { kind: input.kind };
    case 'sign-up': {
      if (input.capacity !== undefined && (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1_000_000)) {
        throw invalid(code, 'callToAction.capacity', 'must be a whole number from 1 to 1,000,000');
      }
      const deadline = futureInstant(input.deadline, 'callToAction.deadline', now);
      return { kind: 'sign-up', ...(input.capacity !== undefined ? { capacity: input.capacity } : {}), ...(deadline ? { deadline } : {}) };
    }
    case 'acknowledge': {
      const dueAt = futureInstant(input.dueAt, 'callToAction.dueAt', now);
      return { kind: 'acknowledge', ...(dueAt ? { dueAt } : {}) };
    }
    case 'vote': {
      const labels = input.options.map((o) => o.replace(/\s+/g, ' ').trim());
      if (labels.length < POLL_OPTIONS_MIN || labels.length > POLL_OPTIONS_MAX) {
        throw invalid(code, 'callToAction.options', `a poll has ${POLL_OPTIONS_MIN} to ${POLL_OPTIONS_MAX} options`);
      }
      if (labels.some((l) => l === '' || [...l].length > 200)) throw invalid(code, 'callToAction.options', 'every option needs 1-200 characters');
      if (new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) throw invalid(code, 'callToAction.options', 'options must differ');
      const maxChoices = input.maxChoices ?? 1;
      if (!Number.isInteger(maxChoices) || maxChoices < 1 || maxChoices > labels.length) {
        throw invalid(code, 'callToAction.maxChoices', `must be 1 to ${labels.length}`);
      }
      const closesAt = futureInstant(input.closesAt, 'callToAction.closesAt', now);
      return { kind: 'vote', options: labels.map((label, k) => ({ id: String(k + 1), label })), maxChoices, ...(closesAt ? { closesAt } : {}) };
    }
  }
}

/** ISO-8601 instant in (now, now + 2 years], normalised to UTC milliseconds; undefined passes. */
export function futureInstant(value: string | undefined, field: string, now: Date, codeOverride: `FEED.${string}` = code): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) throw invalid(codeOverride, field, 'is not an ISO-8601 date-time');
  if (ms <= now.getTime()) throw invalid(codeOverride, field, 'must lie in the future');
  if (ms > now.getTime() + MAX_HORIZON_MS) throw invalid(codeOverride, field, 'must lie within two years');
  return new Date(ms).toISOString();
}

/**
 * Does the call to action still take responses at `now`? Closed by the author, or a sign-up
 * deadline / poll closing time passed. An acknowledgement due date is a target, not a cut-off:
 * late acknowledgements still count (and show as late).
 */
export function isCallToActionOpen(cta: CallToAction, closed: boolean, now: Date): boolean {
  if (closed) return false;
  if (cta.kind === 'sign-up' && cta.deadline) return now.getTime() < Date.parse(cta.deadline);
  if (cta.kind === 'vote' && cta.closesAt) return now.getTime() < Date.parse(cta.closesAt);
  return true;
}
