/**
 * The composer's autocomplete, as plain logic: which `@mention` or `#hashtag` the writer is typing
 * at the caret, how a pick replaces it, which known hashtags fit, and keyboard movement in the
 * suggestion list. Every scan is bounded (at most TOKEN_MAX characters back from the caret).
 */

export interface Token {
  readonly kind: 'mention' | 'hashtag';
  /** What follows the `@` or `#` up to the caret. */
  readonly query: string;
  /** Index of the `@` or `#`. */
  readonly start: number;
  /** The caret. */
  readonly end: number;
}

const TOKEN_MAX = 64;
const isWordChar = (c: string | undefined): boolean => c !== undefined && /^[\p{L}\p{M}\p{N}_]$/u.test(c);
/** Characters a handle or a name being typed after `@` may have (a name may have a dot or a hyphen). */
const isMentionChar = (c: string): boolean => isWordChar(c) || c === '.' || c === '-';

/** The mention or hashtag being typed right before the caret, or null. */
export function tokenAt(text: string, caret: number): Token | null {
  const end = Math.max(0, Math.min(caret, text.length));
  for (let i = end - 1; i >= 0 && end - i <= TOKEN_MAX + 1; i--) {
    const c = text[i]!;
    if (c === '@' || c === '#') {
      // Like the feed: `a#b`, `C#` and `me@example.org` are no hashtag or mention.
      if (isWordChar(text[i - 1]) || text[i - 1] === '&' || text[i - 1] === '\\') return null;
      const query = text.slice(i + 1, end);
      if (c === '#' && [...query].some((ch) => !isWordChar(ch))) return null;
      if (c === '@' && query.startsWith('[')) return null;
      return { kind: c === '@' ? 'mention' : 'hashtag', query, start: i, end };
    }
    if (!isMentionChar(c)) return null;
  }
  return null;
}

/** The text with the token replaced by `insert` and a space, and the caret after it. */
export function applyPick(text: string, token: Token, insert: string): { text: string; caret: number } {
  const after = text.slice(token.end);
  const spaced = after.startsWith(' ') ? insert : `${insert} `;
  return { text: text.slice(0, token.start) + spaced + after, caret: token.start + spaced.length };
}

/** How a picked person is written: their handle (user name, possibly an e-mail address) when it is one the feed reads whole, else the id form. */
export const mentionText = (person: { readonly userId: string; readonly userName?: string | null }): string =>
  person.userName && /^[A-Za-z0-9._@-]{1,100}$/.test(person.userName) && !person.userName.endsWith('.') ? `@${person.userName}` : `@[${person.userId}]`;

/** Known hashtags that start with the query (case-insensitive), shortest first, at most `limit`. */
export function matchHashtags(known: Iterable<string>, query: string, limit = 8): string[] {
  const q = query.normalize('NFC').toLowerCase();
  const hits: string[] = [];
  for (const tag of known) if (tag.startsWith(q) && tag !== q) hits.push(tag);
  return hits.sort((a, b) => a.length - b.length || a.localeCompare(b)).slice(0, limit);
}

/** People whose name starts with the query first (then in the search's order), at most `limit`. */
export function rankPeople<T extends { readonly name: string }>(people: readonly T[], query: string, limit = 8): T[] {
  const q = query.toLowerCase();
  const starts = (p: T) => p.name.toLowerCase().split(/\s+/).some((word) => word.startsWith(q));
  return [...people.filter(starts), ...people.filter((p) => !starts(p))].slice(0, limit);
}

/** The active option after a key press (null: none active), or undefined when the key is not the list's. */
export function moveActive(active: number | null, count: number, key: string): number | null | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return active === null ? 0 : (active + 1) % count;
    case 'ArrowUp':
      return active === null ? count - 1 : (active - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** Hashtags the reader has met this session (timelines, posts, follows): the composer offers them. */
const KNOWN_MAX = 500;
const known = new Set<string>();
export function rememberHashtags(tags: readonly string[]): void {
  for (const tag of tags) {
    known.delete(tag);
    known.add(tag);
    if (known.size > KNOWN_MAX) known.delete(known.values().next().value!);
  }
}
export const knownHashtags = (): ReadonlySet<string> => known;
