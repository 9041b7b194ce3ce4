import { parseInlines, type InlineOptions } from './inline.parser';
import { MAX_QUOTE_DEPTH, type Block, type Inline } from './markdown.ast';

export interface BlockOptions extends InlineOptions {
  /** Headings are part of long form (articles) only; elsewhere a heading line is a paragraph. */
  readonly headings: boolean;
}

// Every pattern is linear: no two adjacent quantifiers can match the same characters (ReDoS).
// Trimming the info string and a heading's closing sequence is done by scanning, see below.
const FENCE = /^ {0,3}(`{3,})([^`]*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const HEADING_MARKER = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
// Item text starts after one space or tab; the caller trims the rest.
const BULLET = /^[ \t]*([-+*])[ \t](.*)$/;
const ORDERED = /^[ \t]*(\d{1,9})([.)])[ \t](.*)$/;
const BLANK = /^[ \t]*$/;
const LANG = /^[A-Za-z0-9+#.-]{1,20}$/;

/**
 * Normalises line endings, drops control characters and parses the block structure. Every line is classified
 * on its own, so a list or quote may start right after a paragraph line.
 */
export function parseBlocks(input: string, options: BlockOptions): Block[] {
  const text = input
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, '    ')
    // C0/C1 controls and bidi embedding/override/isolate controls ("Trojan Source" spoofing).
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
  return blocks(text.split('\n'), options, 0);
}

function blocks(lines: readonly string[], options: BlockOptions, depth: number): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (BLANK.test(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const close = new RegExp(`^ {0,3}\`{${fence[1]!.length},}[ \\t]*$`);
      const body: string[] = [];
      i++;
      while (i < lines.length && !close.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      const lang = trimSpaceTab(fence[2]!).split(/\s+/)[0]!;
      out.push({ t: 'code-block', lang: LANG.test(lang) ? lang : '', value: body.join('\n') });
      continue;
    }
    if (depth < MAX_QUOTE_DEPTH && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) inner.push(QUOTE.exec(lines[i++]!)![1]!);
      out.push({ t: 'quote', children: blocks(inner, options, depth + 1) });
      continue;
    }
    const heading = headingOf(line);
    if (heading) {
      const children = parseInlines(heading.text.trim(), options);
      if (options.headings) out.push({ t: 'heading', level: Math.min(heading.level, 3) as 1 | 2 | 3, children });
      else out.push({ t: 'paragraph', children });
      i++;
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      i = list(lines, i, options, out);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !BLANK.test(lines[i]!) && (para.length === 0 || !startsBlock(lines[i]!, depth))) para.push(lines[i++]!.trim());
    out.push({ t: 'paragraph', children: parseInlines(para.join('\n'), options) });
  }
  return out;
}

const isSpaceTab = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** `s` without leading and trailing spaces and tabs (other whitespace stays). */
function trimSpaceTab(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpaceTab(s[start])) start++;
  while (end > start && isSpaceTab(s[end - 1])) end--;
  return s.slice(start, end);
}

/**
 * An ATX heading: up to three spaces, one to six `#`, then the end of the line or a space or tab
 * and the text. An optional closing sequence (spaces, `#`s, spaces) and trailing spaces are not
 * part of the text; a `#` run glued to the text (`C#`) is.
 */
function headingOf(line: string): { level: number; text: string } | undefined {
  const marker = HEADING_MARKER.exec(line);
  if (!marker) return undefined;
  let start = marker[0].length;
  while (isSpaceTab(line[start])) start++;
  let end = line.length;
  while (end > start && isSpaceTab(line[end - 1])) end--;
  let hashes = end;
  while (hashes > start && line[hashes - 1] === '#') hashes--;
  if (hashes < end && hashes > start && isSpaceTab(line[hashes - 1])) {
    end = hashes;
    while (end > start && isSpaceTab(line[end - 1])) end--;
  }
  return { level: marker[1]!.length, text: line.slice(start, end) };
}

function startsBlock(line: string, depth: number): boolean {
  return FENCE.test(line) || (depth < MAX_QUOTE_DEPTH && QUOTE.test(line)) || headingOf(line) !== undefined || BULLET.test(line) || ORDERED.test(line);
}

/**
 * A flat list: items of one kind (bullet or ordered); lines indented by at least two spaces
 * continue the current item; one blank line between items is allowed.
 */
function list(lines: readonly string[], start: number, options: BlockOptions, out: Block[]): number {
  const ordered = ORDERED.test(lines[start]!);
  const marker = (line: string) => (ordered ? ORDERED.exec(line) : BULLET.exec(line));
  const first = marker(lines[start]!)!;
  const items: string[][] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const m = marker(line);
    if (m) {
      items.push([(ordered ? m[3] : m[2])!.trim()]);
      i++;
    } else if (!BLANK.test(line) && /^ {2,}/.test(line) && !FENCE.test(line) && !QUOTE.test(line) && !isOtherMarker(line, ordered)) {
      items[items.length - 1]!.push(line.trim());
      i++;
    } else if (BLANK.test(line) && i + 1 < lines.length && marker(lines[i + 1]!)) {
      i++;
    } else break;
  }
  const parsed: Inline[][] = items.map((item) => parseInlines(item.join('\n'), options));
  out.push({ t: 'list', ordered, start: ordered ? Number(first[1]) : 1, items: parsed });
  return i;
}

const isOtherMarker = (line: string, ordered: boolean): boolean => (ordered ? BULLET.test(line) : ORDERED.test(line));
