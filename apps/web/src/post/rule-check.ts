import { useEffect, useState } from 'react';
import { call } from '../api';

/** A rule that would block the draft, at the field it matched. */
export interface RuleWarning {
  readonly field: 'title' | 'body';
  readonly message: string;
}

interface CheckAnswer {
  readonly outcome?: string;
  readonly matches?: readonly { readonly action?: string; readonly publicMessage?: string; readonly field?: string }[];
}

/** Moderation checks drafts up to this size (RULE_INPUT_MAX); longer ones are checked on publish only. */
export const RULE_CHECK_MAX = 50_000;
export const RULE_CHECK_DELAY_MS = 600;

/** The blocking matches of a check answer, one per message, at the field they name (the message otherwise). */
export function blockingWarnings(answer: CheckAnswer): RuleWarning[] {
  const seen = new Set<string>();
  const out: RuleWarning[] = [];
  for (const m of answer.matches ?? []) {
    if (m.action !== 'block' || typeof m.publicMessage !== 'string' || m.publicMessage.trim() === '') continue;
    const field = typeof m.field === 'string' && /(?:^|\.)title$/.test(m.field) ? 'title' : 'body';
    const key = `${field}:${m.publicMessage}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message: m.publicMessage });
  }
  return out;
}

/**
 * Checks the draft against moderation's compose-time rules while it is written: once typing
 * pauses, the latest draft only (an older answer arriving late is dropped). Moderation unreachable
 * or refusing: no warning, no error (publishing checks again anyway).
 */
export function useRuleCheck(draft: { title: string; body: string; groupId: string | undefined }): RuleWarning[] {
  const [warnings, setWarnings] = useState<RuleWarning[]>([]);
  const { title, body, groupId } = draft;
  useEffect(() => {
    if (body.trim() === '' && title.trim() === '') {
      setWarnings([]);
      return;
    }
    if (body.length > RULE_CHECK_MAX || title.length > 200) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      call<CheckAnswer>('POST', '/api/moderation/v1/moderation/rules/check', {
        body: { body, ...(title.trim() ? { title } : {}), ...(groupId ? { groupId } : {}) },
        signal: controller.signal,
      })
        .then((answer) => !controller.signal.aborted && setWarnings(blockingWarnings(answer)))
        .catch(() => !controller.signal.aborted && setWarnings([]));
    }, RULE_CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [title, body, groupId]);
  return warnings;
}
