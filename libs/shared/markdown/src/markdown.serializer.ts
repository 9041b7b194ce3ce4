import { isWordChar, type Block, type Inline, type MarkdownDocument } from './markdown.ast';

/** Placeholder for "the next node is emphasis and picks its delimiter after this one". */
const FLEX = '\u0000flex';
const ALWAYS_ESCAPED = new Set(['\\', '`', '*', '[', ']', '<']);
const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const HANDLE_CHAR = /[A-Za-z0-9._@-]/;

/**
 * Writes the canonical Markdown of a (normalised) document. Text is escaped wherever a
 * character could start syntax, for this parser and for CommonMark renderers alike (raw HTML
 * `<`, entities, list and quote markers at line starts), so what is stored renders the same
 * everywhere. Sanitising is idempotent: parsing and serialising the output gives the output.
 */
export function serializeMarkdown(doc: MarkdownDocument): string {
  return doc.blocks.map(block).join('\n\n');
}

function block(b: Block): string {
  switch (b.t) {
    case 'paragraph':
      return inlines(b.children, '', false);
    case 'heading':
      return `${'#'.repeat(b.level)} ${inlines(b.children, '', true)}`;
    case 'code-block': {
      const longest = Math.max(0, ...(b.value.match(/`+/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(Math.max(3, longest + 1));
      return `${fence}${b.lang}\n${b.value}${b.value === '' ? '' : '\n'}${fence}`;
    }
    case 'quote':
      return b.children
        .map(block)
        .join('\n\n')
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n');
    case 'list':
      return b.items
        .map((item, k) => {
          const marker = b.ordered ? `${b.start + k}. ` : '- ';
          return marker + inlines(item, ' '.repeat(marker.length), false);
        })
        .join('\n');
  }
}

function inlines(nodes: readonly Inline[], indent: string, heading: boolean): string {
  const w = new Writer(indent, heading);
  w.nodes(nodes, undefined);
  return w.out();
}

class Writer {
  /**
   * The output in pieces, joined once at the end, and its last few characters: appending to one
   * string and reading its last character makes V8 flatten the rope every time (quadratic).
   */
  private readonly parts: string[] = [];
  private tail = '';
  private lineStart = true;
  /** Enclosing emphasis as `<type><char>`, e.g. `em*`. */
  private readonly open: string[] = [];

  constructor(
    private readonly indent: string,
    private readonly heading: boolean,
  ) {}

  private get last(): string | undefined {
    return this.lineStart ? undefined : this.tail[this.tail.length - 1];
  }

  private write(s: string): void {
    if (s === '') return;
    this.append(s);
    this.lineStart = false;
  }

  out(): string {
    return this.parts.join('');
  }

  private append(s: string): void {
    this.parts.push(s);
    this.tail = (this.tail + s).slice(-8);
  }

  /** `after`: the character that follows this run of nodes (a closing delimiter), if known. */
  nodes(nodes: readonly Inline[], after: string | undefined): void {
    nodes.forEach((node, k) => this.node(node, k + 1 < nodes.length ? firstChar(nodes[k + 1]!, nodes[k + 2]) : after, nodes[k + 1]));
  }

  private node(node: Inline, next: string | undefined, nextNode: Inline | undefined): void {
    switch (node.t) {
      case 'text':
        return this.text(node.value, next);
      case 'code': {
        const longest = Math.max(0, ...(node.value.match(/`+/g) ?? []).map((run) => run.length));
        const fence = '`'.repeat(longest + 1);
        const v = node.value;
        const pad = v.startsWith('`') || v.endsWith('`') || (v.startsWith(' ') && v.endsWith(' ') && v.trim() !== '') ? ' ' : '';
        return this.write(`${fence}${pad}${v}${pad}${fence}`);
      }
      case 'em':
      case 'strong': {
        // An opener of the same kind and character inside would read as the enclosing closer.
        const taken = (c: string) => this.open.includes(`${node.t}${c}`);
        const L = this.last;
        const canStar = L !== '*' && next !== '*' && !taken('*');
        const canUnder = !isWordChar(L) && L !== '_' && (next === FLEX || (!isWordChar(next) && next !== '_')) && !taken('_');
        const ch = canStar ? '*' : canUnder ? '_' : undefined;
        if (ch === undefined) return this.nodes(node.children, next);
        const delimiter = node.t === 'em' ? ch : ch + ch;
        this.write(delimiter);
        this.open.push(`${node.t}${ch}`);
        this.nodes(node.children, ch);
        this.open.pop();
        return this.write(delimiter);
      }
      case 'link':
        this.write('[');
        this.nodes(node.children, ']');
        return this.write(`](${node.href})`);
      case 'autolink': {
        // Bare only where the parser ends the URL exactly here: at a space, the end, or one
        // trailing punctuation mark followed by a space in the same text.
        const following = nextNode?.t === 'text' ? nextNode.value : undefined;
        const bare =
          node.href.startsWith('http') &&
          !isWordChar(this.last) &&
          !/[.,:;!?'"*_~)]$/.test(node.href) &&
          (next === undefined || /\s/.test(next) || (following !== undefined && /^[.,:;!?)'"]\s/.test(following)));
        return this.write(bare ? node.href : `<${node.href}>`);
      }
      case 'image':
        this.write('![');
        this.text(node.alt, ']');
        return this.write(`](attachment:${node.attachmentId})`);
      case 'mention': {
        const written = node.ref.kind === 'id' ? `@[${node.ref.id}]` : `@${node.ref.handle}`;
        const fits = !isWordChar(this.last) && (node.ref.kind === 'id' || next === undefined || (!isWordChar(next) && !HANDLE_CHAR.test(next)));
        return fits ? this.write(written) : this.text(written, next);
      }
      case 'hashtag': {
        const fits = !isWordChar(this.last) && this.last !== '&' && !isWordChar(next) && !this.heading;
        return fits ? this.write(`#${node.raw}`) : this.text(`#${node.raw}`, next);
      }
      case 'break':
        this.append(`\n${this.indent}`);
        this.lineStart = true;
        return;
    }
  }

  private text(value: string, after: string | undefined): void {
    for (let k = 0; k < value.length; k++) {
      const c = value[k]!;
      const prev = this.last;
      const next = k + 1 < value.length ? value[k + 1] : after;
      const atLineStart = this.lineStart;
      if (atLineStart) {
        const ordered = /^(\d{1,9})([.)])/.exec(value.slice(k));
        if (ordered) {
          this.write(`${ordered[1]}\\${ordered[2]}`);
          k += ordered[0].length - 1;
          continue;
        }
      }
      this.write(escapeChar(c, prev, next, atLineStart, this.heading, value.slice(k), this.tail) ? `\\${c}` : c);
    }
  }
}

function escapeChar(c: string, prev: string | undefined, next: string | undefined, lineStart: boolean, heading: boolean, rest: string, tail: string): boolean {
  if (ALWAYS_ESCAPED.has(c)) return true;
  switch (c) {
    case '_':
      // Only a lone underscore inside a word (snake_case) stays: it can neither open nor close.
      return !(isWordChar(prev) && prev !== '_' && isWordChar(next) && next !== '_');
    case '#':
      return lineStart || heading || (!isWordChar(prev) && (next === undefined || isWordChar(next)));
    case '@':
      return !isWordChar(prev) && (next === undefined || /[A-Za-z0-9[]/.test(next));
    case '!':
      return next === '[';
    case ':':
      return next === '/' && (tail.endsWith('http') || tail.endsWith('https'));
    case '&':
      return ENTITY.test(rest);
    case '>':
    case '-':
    case '+':
    case '=':
    case '~':
    case '|':
      return lineStart;
    default:
      return false;
  }
}

/** The first character a node will write (approximately; escapes count as a backslash). */
function firstChar(node: Inline, after: Inline | undefined): string | undefined {
  switch (node.t) {
    case 'text': {
      const c = node.value[0];
      // An underscore may or may not be escaped; assuming it is not keeps neighbours cautious.
      return c === undefined ? (after ? firstChar(after, undefined) : undefined) : ALWAYS_ESCAPED.has(c) ? '\\' : c;
    }
    case 'code':
      return '`';
    case 'em':
    case 'strong':
      return FLEX;
    case 'link':
      return '[';
    case 'autolink':
      return 'h';
    case 'image':
      return '!';
    case 'mention':
      return '@';
    case 'hashtag':
      return '#';
    case 'break':
      return '\n';
  }
}
