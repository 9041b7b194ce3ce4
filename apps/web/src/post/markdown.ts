/**
 * The client's reader of the feed's Markdown subset (docs/feed/markdown.md): paragraphs and line
 * breaks, emphasis and strong, inline code and code blocks, links (http, https and mailto only),
 * flat lists, quotes (three levels), headings, mentions and hashtags. The feed stores the subset
 * canonically (sanitised), but this reader assumes nothing of its input: anything it does not
 * recognise stays text, and React escapes all text, so no HTML is ever made from a post.
 *
 * Linear work for any input: lines are split once; every search for a closing delimiter starts at
 * the opener and a failed search is remembered (no later opener of the same kind can succeed
 * either), so each character is scanned a bounded number of times; nesting is capped.
 */

export type Inline =
  | { readonly t: 'text'; readonly v: string }
  | { readonly t: 'br' }
  | { readonly t: 'em' | 'strong'; readonly c: readonly Inline[] }
  | { readonly t: 'code'; readonly v: string }
  | { readonly t: 'link'; readonly href: string; readonly c: readonly Inline[] }
  | { readonly t: 'mention'; readonly id: string }
  | { readonly t: 'hashtag'; readonly tag: string };

export type Block =
  | { readonly t: 'p'; readonly c: readonly Inline[] }
  | { readonly t: 'h'; readonly level: 2 | 3 | 4; readonly c: readonly Inline[] }
  | { readonly t: 'pre'; readonly v: string }
  | { readonly t: 'quote'; readonly c: readonly Block[] }
  | { readonly t: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly Inline[])[] };

/** Longer input is shown as plain text: the feed never stores more (RAW_BODY_MAX). */
export const MARKDOWN_MAX = 100_000;
const MAX_QUOTE_DEPTH = 3;
const MAX_INLINE_DEPTH = 6;
const LINK_TEXT_MAX = 1_000;
const URL_MAX = 2_048;
const HASHTAG_MAX = 64;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ESCAPABLE = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split(''));

const isWordChar = (c: string | undefined): boolean => c !== undefined && /^[\p{L}\p{M}\p{N}_]$/u.test(c);
const isLetter = (c: string): boolean => /^[\p{L}\p{M}]$/u.test(c);
const isSpace = (c: string | undefined): boolean => c === undefined || /^\s$/u.test(c);

/** A link target the client follows: http(s) with a host and no credentials, or mailto; anything else is no link. */
export function safeHref(raw: string): string | null {
  if (raw.length === 0 || raw.length > URL_MAX || /[\s\p{Cc}]/u.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'mailto:') return raw.toLowerCase().startsWith('mailto:') && raw.length > 7 ? raw : null;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!/^https?:\/\/[^/]/i.test(raw) || url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return raw;
}

// ---- blocks ----

const FENCE = /^(`{3,}|~{3,})/;
const HEADING = /^(#{1,6}) +(\S.*)$/;
const BULLET = /^[-+*] +(\S.*)$/;
const ORDERED = /^(\d{1,9})[.)] +(\S.*)$/;
const QUOTE = /^> ?(.*)$/;

export function parseMarkdown(input: string): Block[] {
  const text = input.length > MARKDOWN_MAX ? input.slice(0, MARKDOWN_MAX) : input;
  return parseBlocks(text.replace(/\r\n?/g, '\n').split('\n'), 0);
}

function parseBlocks(lines: readonly string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let k = 0;
  while (k < lines.length) {
    const line = lines[k]!;
    if (line.trim() === '') {
      k++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      k++;
      while (k < lines.length && !(lines[k]!.startsWith(marker) && lines[k]!.slice(marker.length).trim() === '')) body.push(lines[k++]!);
      k++; // the closing fence (or the end)
      blocks.push({ t: 'pre', v: body.join('\n') });
      continue;
    }
    if (depth < MAX_QUOTE_DEPTH && QUOTE.test(line)) {
      const inner: string[] = [];
      for (let m = QUOTE.exec(lines[k] ?? ''); k < lines.length && m; m = QUOTE.exec(lines[++k] ?? '')) inner.push(m[1]!);
      blocks.push({ t: 'quote', c: parseBlocks(inner, depth + 1) });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(4, heading[1]!.length + 1) as 2 | 3 | 4;
      blocks.push({ t: 'h', level, c: parseInlines(heading[2]!.trimEnd()) });
      k++;
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      const items: Inline[][] = [];
      const isOrdered = ordered !== null;
      while (k < lines.length) {
        const m = isOrdered ? ORDERED.exec(lines[k]!) : BULLET.exec(lines[k]!);
        if (!m) break;
        const itemLines = [isOrdered ? m[2]! : m[1]!];
        k++;
        // Continuation lines of an item are indented (a line break inside the item).
        while (k < lines.length && /^ {2,}\S/.test(lines[k]!)) itemLines.push(lines[k++]!.trimStart());
        items.push(parseInlines(itemLines.join('\n')));
      }
      blocks.push({ t: 'list', ordered: isOrdered, start: isOrdered ? Number(ordered[1]) : 1, items });
      continue;
    }
    const para: string[] = [];
    while (k < lines.length && lines[k]!.trim() !== '' && (para.length === 0 || !startsBlock(lines[k]!, depth))) para.push(lines[k++]!);
    blocks.push({ t: 'p', c: parseInlines(para.join('\n')) });
  }
  return blocks;
}

const startsBlock = (line: string, depth: number): boolean =>
  FENCE.test(line) || HEADING.test(line) || BULLET.test(line) || ORDERED.test(line) || (depth < MAX_QUOTE_DEPTH && QUOTE.test(line));

// ---- inlines ----

/** Parses one block's text. Public for tests and single-line texts (titles stay plain). */
export function parseInlines(src: string): Inline[] {
  return new InlineParser(src).run(0, src.length, 0, '');
}

/** parseInlines and the number of character visits it made (tests assert the work is linear). */
export function countInlineWork(src: string): { nodes: Inline[]; steps: number } {
  const parser = new InlineParser(src);
  const nodes = parser.run(0, src.length, 0, '');
  return { nodes, steps: parser.steps };
}

class InlineParser {
  /** Character visits, for the linearity tests. */
  steps = 0;
  /** Delimiters (by kind and range end) with no closer at or after this position: searching again cannot succeed. */
  private readonly noCloserFrom = new Map<string, number>();
  /** The last answer of `next` per character set: [searched from, found at]. */
  private readonly found = new Map<string, readonly [number, number]>();

  constructor(private readonly s: string) {}

  run(from: number, to: number, depth: number, open: string): Inline[] {
    const out: Inline[] = [];
    let text = '';
    const flush = () => {
      if (text !== '') out.push({ t: 'text', v: text });
      text = '';
    };
    const push = (node: Inline) => {
      flush();
      out.push(node);
    };
    const s = this.s;
    let i = from;
    while (i < to) {
      this.steps++;
      const c = s[i]!;
      const prev = i > 0 ? s[i - 1] : undefined;
      if (c === '\\' && i + 1 < to && ESCAPABLE.has(s[i + 1]!)) {
        text += s[i + 1];
        i += 2;
        continue;
      }
      if (c === '\n') {
        push({ t: 'br' });
        i++;
        continue;
      }
      if (c === '`') {
        let n = 1;
        while (i + n < to && s[i + n] === '`') n++;
        const close = this.findCodeCloser(i + n, to, n);
        if (close < 0) {
          text += '`'.repeat(n);
          i += n;
          continue;
        }
        let v = s.slice(i + n, close);
        if (v.length >= 2 && v.startsWith(' ') && v.endsWith(' ') && v.trim() !== '') v = v.slice(1, -1);
        push({ t: 'code', v });
        i = close + n;
        continue;
      }
      if ((c === '*' || c === '_') && depth < MAX_INLINE_DEPTH) {
        const double = s[i + 1] === c && i + 1 < to;
        const delimiter = double ? c + c : c;
        const kind = double ? 'strong' : 'em';
        const opens = !isSpace(s[i + delimiter.length]) && (c === '*' || !isWordChar(prev)) && !open.includes(`${kind}${c}`);
        const close = opens ? this.findEmphasisCloser(i + delimiter.length + 1, to, delimiter) : -1;
        if (close >= 0) {
          push({ t: kind, c: this.run(i + delimiter.length, close, depth + 1, `${open}|${kind}${c}`) });
          i = close + delimiter.length;
          continue;
        }
        text += delimiter;
        i += delimiter.length;
        continue;
      }
      if (c === '!' && s[i + 1] === '[') {
        // An image: the client shows its alt text (the feed only embeds the post's own attachments).
        const image = this.link(i + 1, to);
        if (image) {
          text += s.slice(i + 2, image.textEnd);
          i = image.end;
          continue;
        }
      }
      if (c === '[' && depth < MAX_INLINE_DEPTH && !open.includes('link')) {
        const link = this.link(i, to);
        if (link) {
          const href = safeHref(link.href);
          const children = this.run(i + 1, link.textEnd, depth + 1, `${open}|link`);
          if (href) push({ t: 'link', href, c: children });
          else {
            // An unsafe link keeps its text and loses the link.
            flush();
            out.push(...children);
          }
          i = link.end;
          continue;
        }
      }
      if (c === '<') {
        const end = this.next('> \n<', i + 1);
        if (end < to && s[end] === '>' && end - i <= URL_MAX) {
          const href = safeHref(s.slice(i + 1, end));
          if (href && !open.includes('link')) {
            push({ t: 'link', href, c: [{ t: 'text', v: href.startsWith('mailto:') ? href.slice(7) : href }] });
            i = end + 1;
            continue;
          }
        }
      }
      if (c === 'h' && !isWordChar(prev) && !open.includes('link') && (s.startsWith('http://', i) || s.startsWith('https://', i))) {
        const runEnd = Math.min(to, i + URL_MAX, this.next(' \t\n<\\', i));
        const end = trimUrlEnd(s, i, runEnd);
        this.steps += runEnd - i;
        const href = safeHref(s.slice(i, end));
        if (href) push({ t: 'link', href, c: [{ t: 'text', v: href }] });
        // Not a URL the client follows: the whole run stays text.
        else text += s.slice(i, end);
        i = end;
        continue;
      }
      if (c === '@' && !isWordChar(prev) && s[i + 1] === '[' && s[i + 38] === ']') {
        const id = s.slice(i + 2, i + 38);
        if (i + 38 < to && UUID.test(id)) {
          push({ t: 'mention', id: id.toLowerCase() });
          i += 39;
          continue;
        }
      }
      if (c === '#' && !isWordChar(prev) && prev !== '&' && !open.includes('link')) {
        let end = i + 1;
        let letters = 0;
        while (end < to && end - i - 1 < HASHTAG_MAX + 1 && isWordChar(s[end])) {
          this.steps++;
          if (isLetter(s[end]!)) letters++;
          end++;
        }
        const length = end - i - 1;
        if (length > 0 && length <= HASHTAG_MAX && letters > 0 && !isWordChar(s[end])) {
          push({ t: 'hashtag', tag: s.slice(i + 1, end).normalize('NFC').toLowerCase() });
          i = end;
          continue;
        }
      }
      text += c;
      i++;
    }
    flush();
    return out;
  }

  /** The next run of exactly n backticks in [from, to), or -1. */
  private findCodeCloser(from: number, to: number, n: number): number {
    const key = `code${n}@${to}`;
    if ((this.noCloserFrom.get(key) ?? Infinity) <= from) return -1;
    const s = this.s;
    let i = from;
    while (i < to) {
      this.steps++;
      if (s[i] !== '`') {
        i++;
        continue;
      }
      let run = 1;
      while (i + run < to && s[i + run] === '`') run++;
      if (run === n) return i;
      i += run;
    }
    this.noCloserFrom.set(key, Math.min(from, this.noCloserFrom.get(key) ?? Infinity));
    return -1;
  }

  /**
   * The closing delimiter of emphasis: not escaped, after a non-space, and (for `_`) not followed
   * by a word character. Whether a position closes does not depend on the opener, so a failed
   * search from `from` fails from every later position too.
   */
  private findEmphasisCloser(from: number, to: number, delimiter: string): number {
    const key = `em${delimiter}`;
    const known = this.noCloserFrom.get(`${key}@${to}`);
    if (known !== undefined && known <= from) return -1;
    const s = this.s;
    const c = delimiter[0]!;
    for (let i = from; i + delimiter.length <= to; i++) {
      this.steps++;
      if (s[i] === '\\') {
        i++;
        continue;
      }
      if (s[i] === '`') {
        // Code spans bind tighter than emphasis: skip a complete one.
        let n = 1;
        while (i + n < to && s[i + n] === '`') n++;
        const close = this.findCodeCloser(i + n, to, n);
        i = close >= 0 ? close + n - 1 : i + n - 1;
        continue;
      }
      if (!s.startsWith(delimiter, i) || isSpace(s[i - 1])) continue;
      const after = s[i + delimiter.length];
      if (after === c) {
        // A longer run: its last delimiter closes (`***` after strong text); skip to it.
        let end = i;
        while (end < to && s[end] === c) end++;
        if (end - i === delimiter.length + 1 && delimiter.length === 1) continue;
        const at = end - delimiter.length;
        if (c === '_' && isWordChar(s[end])) {
          i = end - 1;
          continue;
        }
        if (at > from) return at;
        i = end - 1;
        continue;
      }
      if (c === '_' && isWordChar(after)) continue;
      return i;
    }
    this.noCloserFrom.set(`${key}@${to}`, Math.min(from, known ?? Infinity));
    return -1;
  }

  /**
   * The first index at or after `from` of any of `chars` (`\\` pairs skipped when `escapes`), or
   * the input's length. Callers move forward, so the last answer usually still holds: each
   * character is scanned about once per set.
   */
  private next(chars: string, from: number, escapes = false): number {
    const key = `${escapes ? '\\' : ''}${chars}`;
    const last = this.found.get(key);
    if (last && last[0] <= from && from <= last[1]) return last[1];
    const s = this.s;
    let i = from;
    while (i < s.length && !chars.includes(s[i]!)) {
      this.steps++;
      i += escapes && s[i] === '\\' ? 2 : 1;
    }
    const at = Math.min(i, s.length);
    this.found.set(key, [from, at]);
    return at;
  }

  /** `[text](url)` from the `[` at `at`: the end of the text and of the whole link, or null. */
  private link(at: number, to: number): { textEnd: number; href: string; end: number } | null {
    const s = this.s;
    // The text ends at the first unescaped `]` (no brackets inside link text), within LINK_TEXT_MAX.
    const textEnd = this.next(']', at + 1, true);
    if (textEnd >= to || textEnd - at > LINK_TEXT_MAX || s[textEnd + 1] !== '(') return null;
    const urlStart = textEnd + 2;
    const j = this.next(') \n', urlStart);
    if (j >= to || j - urlStart > URL_MAX) return null;
    const href = s.slice(urlStart, j);
    if (s[j] === ')') return { textEnd, href, end: j + 1 };
    if (s[j] !== ' ') return null;
    // A title (`"…"`) is dropped; it ends the link at the next `)` on the line.
    const close = this.next(')\n', j);
    if (close >= to || s[close] !== ')' || close - j > URL_MAX) return null;
    return { textEnd, href, end: close + 1 };
  }
}

/** A bare URL runs to whitespace, `<` or `\\` (the `end` given); trailing punctuation is not part of it. */
function trimUrlEnd(s: string, from: number, end: number): number {
  let e = end;
  while (e > from && /[.,:;!?'"*_~)]/.test(s[e - 1]!)) e--;
  return e;
}
