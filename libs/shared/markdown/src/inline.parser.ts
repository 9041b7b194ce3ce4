import { isUuid } from '@plein/shared/kernel';
import { HASHTAG_MAX } from './markdown.ast';
import { isSpace, isWordChar, type Inline } from './markdown.ast';
import { attachmentRef, safeUrl } from './safe-url';

/** CommonMark's escapable characters: ASCII punctuation. */
const ESCAPABLE = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
export const isEscapable = (c: string | undefined): boolean => c !== undefined && ESCAPABLE.has(c);

const MAX_NESTING = 10;
const MAX_LINK_TEXT = 1_000;
const MAX_LINK_DESTINATION = 2_048;
// Anchored patterns, matched against a bounded window so each attempt costs O(window), not O(n).
const BARE_URL = /^https?:\/\/[^\s<>]+/;
const ANGLE_URL = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/;
const ID_MENTION = /^@\[([0-9A-Fa-f-]{36})\]/;
const HANDLE_MENTION = /^@([A-Za-z0-9](?:[A-Za-z0-9._-]{0,126}[A-Za-z0-9])?(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+){1,10})?)/;
const HASHTAG = /^#([\p{L}\p{M}\p{N}_]+)/u;
const MAX_LINK_TITLE = 500;

export interface InlineOptions {
  /** Attachment ids of the post; only images of these survive. */
  readonly attachmentIds: ReadonlySet<string>;
}

interface LinkMatch {
  readonly image: boolean;
  readonly textStart: number;
  readonly textEnd: number;
  readonly destination: string;
  /** Index after the closing parenthesis. */
  readonly end: number;
}

/** Parses inline Markdown into the subset's nodes. Linear-ish: failed searches are memoised. */
export function parseInlines(src: string, options: InlineOptions): Inline[] {
  return new InlineParser(src, options).parse(0, src.length, false, 0);
}

class InlineParser {
  /** `<key>` -> smallest start position from which a search for that key already failed. */
  private readonly failedFrom = new Map<string, number>();
  /** end -> position of a `[` -> position of its closing `]`, or -1 when it has none in reach. */
  private readonly brackets = new Map<number, Map<number, number>>();

  constructor(
    private readonly s: string,
    private readonly options: InlineOptions,
  ) {}

  parse(start: number, end: number, inLink: boolean, depth: number): Inline[] {
    const s = this.s;
    const out: Inline[] = [];
    let buf = '';
    const flush = () => {
      if (buf) out.push({ t: 'text', value: buf });
      buf = '';
    };
    let i = start;
    while (i < end) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < end && isEscapable(s[i + 1])) {
        buf += s[i + 1];
        i += 2;
      } else if (c === '\n') {
        buf = trimEndSpaceTab(buf);
        flush();
        out.push({ t: 'break' });
        i++;
        while (i < end && (s[i] === ' ' || s[i] === '\t')) i++;
      } else if (c === '`') {
        const span = this.codeSpan(i, end);
        if (span) {
          flush();
          out.push({ t: 'code', value: span.value });
          i = span.end;
        } else {
          const run = runLength(s, i, end);
          buf += s.slice(i, i + run);
          i += run;
        }
      } else if (c === '*' || c === '_') {
        const run = runLength(s, i, end);
        const emphasis = depth < MAX_NESTING && this.emphasis(i, end, run, inLink, depth);
        if (emphasis) {
          flush();
          out.push(emphasis.node);
          i = emphasis.end;
        } else {
          buf += s.slice(i, i + run);
          i += run;
        }
      } else if ((c === '[' || (c === '!' && s[i + 1] === '[')) && !inLink) {
        const link = this.link(i, end);
        if (!link) {
          buf += c;
          i++;
          continue;
        }
        flush();
        out.push(...this.linkNodes(link, depth));
        i = link.end;
      } else if (c === '<' && !inLink && this.angleUrl(i, end)) {
        const m = this.angleUrl(i, end)!;
        const href = safeUrl(m.url);
        if (href) {
          flush();
          out.push({ t: 'autolink', href });
        } else buf += s.slice(i, m.end);
        i = m.end;
      } else if (c === 'h' && !inLink && !isWordChar(s[i - 1]) && this.bareUrl(i, end)) {
        const m = this.bareUrl(i, end)!;
        const href = safeUrl(m.url);
        if (href) {
          flush();
          out.push({ t: 'autolink', href });
        } else buf += m.url;
        i = m.end;
      } else if (c === '@' && !inLink && !isWordChar(s[i - 1]) && this.mention(i, end)) {
        const m = this.mention(i, end)!;
        flush();
        out.push(m.node);
        i = m.end;
      } else if (c === '#' && !inLink && !isWordChar(s[i - 1]) && s[i - 1] !== '&' && this.hashtag(i, end)) {
        const m = this.hashtag(i, end)!;
        flush();
        out.push(m.node);
        i = m.end;
      } else {
        buf += c;
        i++;
      }
    }
    flush();
    return out;
  }

  private window(i: number, end: number, size: number): string {
    return this.s.slice(i, Math.min(end, i + size));
  }

  private codeSpan(i: number, end: number): { value: string; end: number } | undefined {
    const s = this.s;
    const n = runLength(s, i, end);
    const key = `code${n}:${end}`;
    if ((this.failedFrom.get(key) ?? Infinity) <= i) return undefined;
    for (let j = i + n; j < end; j++) {
      if (s[j] !== '`') continue;
      const m = runLength(s, j, end);
      if (m === n) {
        let value = s.slice(i + n, j).replace(/\n/g, ' ');
        if (value.length >= 2 && value.startsWith(' ') && value.endsWith(' ') && value.trim() !== '') value = value.slice(1, -1);
        return { value, end: j + m };
      }
      j += m - 1;
    }
    this.failedFrom.set(key, Math.min(i, this.failedFrom.get(key) ?? Infinity));
    return undefined;
  }

  /** `*x*` / `_x_` (em), `**x**` / `__x__` (strong). Openers need a non-space after; `_` no word before. */
  private emphasis(i: number, end: number, run: number, inLink: boolean, depth: number): { node: Inline; end: number } | undefined {
    const s = this.s;
    const ch = s[i]!;
    if (isSpace(s[i + run]) || (ch === '_' && isWordChar(s[i - 1]))) return undefined;
    for (const need of run >= 2 ? [2, 1] : [1]) {
      const closer = this.closer(i + need, end, ch, need);
      if (closer === undefined) continue;
      const children = this.parse(i + need, closer, inLink, depth + 1);
      return { node: need === 2 ? { t: 'strong', children } : { t: 'em', children }, end: closer + need };
    }
    return undefined;
  }

  /** Start of the `need` closing delimiters (the last `need` of a closing run), skipping atoms. */
  private closer(from: number, end: number, ch: string, need: number): number | undefined {
    const s = this.s;
    const key = `${ch}${need}:${end}`;
    if ((this.failedFrom.get(key) ?? Infinity) <= from) return undefined;
    let j = from;
    while (j < end) {
      const atomEnd = this.atomEnd(j, end);
      if (atomEnd !== undefined) {
        j = atomEnd;
        continue;
      }
      if (s[j] === ch) {
        const r = runLength(s, j, end);
        const canClose = !isSpace(s[j - 1]) && (ch !== '_' || !isWordChar(s[j + r]));
        // Exact runs only (a run of three closes strong and em together), so `*a **b** c*` nests.
        if (canClose && (r === need || r === 3) && j + r - need > from) return j + r - need;
        j += r;
        continue;
      }
      j++;
    }
    this.failedFrom.set(key, Math.min(from, this.failedFrom.get(key) ?? Infinity));
    return undefined;
  }

  /** End of an escape, code span, link or autolink starting at j: delimiters inside them do not count. */
  private atomEnd(j: number, end: number): number | undefined {
    const s = this.s;
    const c = s[j];
    if (c === '\\') return isEscapable(s[j + 1]) && j + 1 < end ? j + 2 : undefined;
    if (c === '`') return this.codeSpan(j, end)?.end ?? j + runLength(s, j, end);
    if (c === '[' || (c === '!' && s[j + 1] === '[')) return this.link(j, end)?.end;
    if (c === '<') return this.angleUrl(j, end)?.end;
    if (c === 'h' && !isWordChar(s[j - 1])) return this.bareUrl(j, end)?.end;
    return undefined;
  }

  /** `[text](destination "title")` or `![alt](destination)`; the title is accepted and dropped. */
  private link(i: number, end: number): LinkMatch | undefined {
    const s = this.s;
    const image = s[i] === '!';
    const textStart = i + (image ? 2 : 1);
    const j = this.closingBracket(textStart - 1, end);
    if (j === undefined || s[j + 1] !== '(') return undefined;
    const textEnd = j;
    const m = this.destination(j + 1, Math.min(end, j + 1 + MAX_LINK_DESTINATION + 520));
    if (!m || m.destination.length > MAX_LINK_DESTINATION) return undefined;
    return { image, textStart, textEnd, destination: m.destination, end: m.end };
  }

  /**
   * The `]` that closes the `[` at `open` within MAX_LINK_TEXT characters (brackets balanced,
   * escapes and code spans skipped), or undefined. Memoised per end: scanning `[[[[…` again from
   * every opener would cost MAX_LINK_TEXT steps per character. One pass resolves the openers it
   * meets (two scans that reach the same position continue identically, so their results are
   * shared); when an inner opener cannot be closed within its reach, neither can any outer one.
   */
  private closingBracket(open: number, end: number): number | undefined {
    const s = this.s;
    let memo = this.brackets.get(end);
    if (!memo) this.brackets.set(end, (memo = new Map()));
    const known = memo.get(open);
    if (known !== undefined) return known < 0 ? undefined : known;
    const stack = [open];
    const fail = () => {
      for (const q of stack) memo.set(q, -1);
      return undefined;
    };
    let j = open + 1;
    while (stack.length > 0) {
      const q = stack[stack.length - 1]!;
      if (j >= Math.min(end, q + 1 + MAX_LINK_TEXT)) return fail();
      const c = s[j];
      if (c === '\\' && isEscapable(s[j + 1])) j += 2;
      else if (c === '`') j = this.codeSpan(j, end)?.end ?? j + runLength(s, j, end);
      else if (c === '[') {
        const inner = memo.get(j);
        if (inner === undefined) stack.push(j++);
        else if (inner < 0) return fail();
        else j = inner + 1;
      } else if (c === ']') {
        memo.set(stack.pop()!, j);
        if (stack.length === 0) return j;
        j++;
      } else j++;
    }
    return undefined;
  }

  /**
   * `(destination "title")` from the `(` at i, before `limit`: whitespace, the destination (no
   * whitespace, `<` or `>`; parentheses only as balanced pairs one level deep), optionally
   * whitespace and a title in double or single quotes (at most MAX_LINK_TITLE characters, one
   * line), whitespace, `)`. Scanned by hand, in one pass: as a regular expression the three
   * whitespace runs could trade characters and backtrack cubically.
   */
  private destination(i: number, limit: number): { destination: string; end: number } | undefined {
    const s = this.s;
    let j = i + 1;
    while (j < limit && isWhitespace(s[j])) j++;
    const start = j;
    while (j < limit) {
      if (isDestinationChar(s[j])) j++;
      else if (s[j] === '(') {
        let k = j + 1;
        while (k < limit && isDestinationChar(s[k])) k++;
        if (k < limit && s[k] === ')') j = k + 1;
        else break;
      } else break;
    }
    const close = this.titleAndClose(j, limit);
    if (close !== undefined) return { destination: s.slice(start, j), end: close };
    // No destination, only whitespace and a title: `( "a title")`.
    const quote = s[start];
    if (start > i + 1 && (quote === '"' || quote === "'")) {
      const titleOnly = this.titleAndClose(i + 1, limit);
      if (titleOnly !== undefined) return { destination: '', end: titleOnly };
    }
    return undefined;
  }

  /** From the end of a destination: optional whitespace and title, whitespace, `)`; the index after it. */
  private titleAndClose(from: number, limit: number): number | undefined {
    const s = this.s;
    let k = from;
    while (k < limit && isWhitespace(s[k])) k++;
    const quote = s[k];
    if (k > from && (quote === '"' || quote === "'")) {
      let q = k + 1;
      const titleLimit = Math.min(limit, q + MAX_LINK_TITLE + 1);
      while (q < titleLimit && s[q] !== quote && s[q] !== '\n') q++;
      if (q >= titleLimit || s[q] !== quote) return undefined;
      k = q + 1;
      while (k < limit && isWhitespace(s[k])) k++;
    }
    return k < limit && s[k] === ')' ? k + 1 : undefined;
  }


  private linkNodes(link: LinkMatch, depth: number): Inline[] {
    const children = this.parse(link.textStart, link.textEnd, true, depth + 1);
    if (link.image) {
      const alt = textOf(children);
      const attachmentId = attachmentRef(link.destination, this.options.attachmentIds);
      if (attachmentId) return [{ t: 'image', attachmentId, alt }];
      return alt ? [{ t: 'text', value: alt }] : [];
    }
    const href = safeUrl(link.destination);
    if (!href) return children;
    return children.length ? [{ t: 'link', href, children }] : [{ t: 'autolink', href }];
  }

  private angleUrl(i: number, end: number): { url: string; end: number } | undefined {
    const m = ANGLE_URL.exec(this.window(i, end, MAX_LINK_DESTINATION + 2));
    return m ? { url: m[1]!, end: i + m[0].length } : undefined;
  }

  /** A bare http(s) URL; trailing punctuation and unbalanced closing parentheses stay text. */
  private bareUrl(i: number, end: number): { url: string; end: number } | undefined {
    const m = BARE_URL.exec(this.window(i, end, MAX_LINK_DESTINATION));
    if (!m) return undefined;
    let url = m[0];
    for (;;) {
      const last = url[url.length - 1]!;
      if (/[.,:;!?'"*_~]/.test(last)) url = url.slice(0, -1);
      else if (last === ')' && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
      else break;
    }
    return /^https?:\/\/[^/?#]/.test(url) ? { url, end: i + url.length } : undefined;
  }

  private mention(i: number, end: number): { node: Inline; end: number } | undefined {
    const w = this.window(i, end, 400);
    const byId = ID_MENTION.exec(w);
    if (byId && isUuid(byId[1]!.toLowerCase())) return { node: { t: 'mention', ref: { kind: 'id', id: byId[1]!.toLowerCase() } }, end: i + byId[0].length };
    const byHandle = HANDLE_MENTION.exec(w);
    if (!byHandle || isWordChar(w[byHandle[0].length]) || byHandle[0].length === 400) return undefined;
    return { node: { t: 'mention', ref: { kind: 'handle', handle: byHandle[1]! } }, end: i + byHandle[0].length };
  }

  /** `#tag`: letters, marks, digits, underscore, at least one letter, at most HASHTAG_MAX after normalising. */
  private hashtag(i: number, end: number): { node: Inline; end: number } | undefined {
    const size = HASHTAG_MAX * 4 + 2;
    const m = HASHTAG.exec(this.window(i, end, size));
    // A tag that fills the whole window may go on beyond it: far too long to be a hashtag anyway.
    if (!m || m[0].length === size) return undefined;
    const raw = m[1]!;
    const tag = normaliseHashtag(raw);
    if (!/\p{L}/u.test(raw) || tag.length > HASHTAG_MAX) return undefined;
    return { node: { t: 'hashtag', raw, tag }, end: i + m[0].length };
  }
}

/** NFC then lower-case (locale-independent), so #Café, #CAFÉ and #cafe\u0301 are one tag. */
export const normaliseHashtag = (raw: string): string => raw.normalize('NFC').toLowerCase().normalize('NFC');

const isWhitespace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isDestinationChar = (c: string | undefined): boolean => c !== undefined && c !== '(' && c !== ')' && c !== '<' && c !== '>' && !isWhitespace(c);

function trimEndSpaceTab(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return s.slice(0, end);
}

function runLength(s: string, i: number, end: number): number {
  let j = i;
  while (j < end && s[j] === s[i]) j++;
  return j - i;
}

const count = (s: string, c: string): number => s.split(c).length - 1;

function textOf(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => (n.t === 'text' || n.t === 'code' ? n.value : n.t === 'em' || n.t === 'strong' || n.t === 'link' ? textOf(n.children) : n.t === 'break' ? ' ' : ''))
    .join('');
}
