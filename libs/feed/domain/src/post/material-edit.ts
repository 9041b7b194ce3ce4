import type { PostContent } from '@plein/feed/contracts';
import { markdownToPlainText } from '../markdown';

const MAX_TYPO_FIXES = 2;
const MIN_TYPO_WORD = 4;
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’.,:/-][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * Could this edit change what readers acknowledged? Not material: changes to formatting,
 * whitespace, punctuation between words or letter case, and at most two typo fixes (one
 * letter added, dropped, replaced or two swapped, in words of four letters or more without
 * digits). Everything else is material: other word changes, any number, title, link or
 * attachment change, mentions. Short words never count as typos ("now" -> "not" flips meaning).
 */
export function isMaterialEdit(before: PostContent, after: PostContent): boolean {
  if (!sameList(words(before.title ?? ''), words(after.title ?? ''))) return true;
  if (!sameList(before.links, after.links)) return true;
  if (!sameList(before.attachments.map((a) => a.id), after.attachments.map((a) => a.id))) return true;
  if (!sameList([...before.mentions].sort(), [...after.mentions].sort())) return true;
  const a = words(markdownToPlainText(before.body));
  const b = words(markdownToPlainText(after.body));
  if (a.length !== b.length) return true;
  let fixes = 0;
  for (let k = 0; k < a.length; k++) {
    if (a[k] === b[k]) continue;
    if (!isTypoFix(a[k]!, b[k]!) || ++fixes > MAX_TYPO_FIXES) return true;
  }
  return false;
}

export const words = (text: string): string[] => (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).map((w) => w.replace(/’/g, "'"));

function isTypoFix(a: string, b: string): boolean {
  if (/\p{N}/u.test(a) || /\p{N}/u.test(b)) return false;
  if (Math.min([...a].length, [...b].length) < MIN_TYPO_WORD) return false;
  return editDistanceAtMostOne([...a], [...b]);
}

/** Damerau-Levenshtein distance <= 1: one insertion, deletion, substitution or adjacent swap. */
function editDistanceAtMostOne(a: string[], b: string[]): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: number, y: number) => a.slice(x).join('\u0000') === b.slice(y).join('\u0000');
  if (a.length === b.length) return rest(i + 1, i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2, i + 2));
  return a.length > b.length ? rest(i + 1, i) : rest(i, i + 1);
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, k) => x === b[k]);
