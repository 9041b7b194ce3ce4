import { parseBlocks } from './block.parser';
import { normaliseDocument } from './markdown.normalise';
import { serializeMarkdown } from './markdown.serializer';
import { inlineChildren, walkInlines, type Block, type Inline, type MarkdownDocument, type MentionRef } from './markdown.ast';
import { isHttpUrl } from './safe-url';

const MAX_PASSES = 4;

export interface ParseOptions {
  /** Allow headings (articles). Default false: heading lines become paragraphs. */
  readonly headings?: boolean;
  /** Ids of the content's attachments; only images of these may be embedded. */
  readonly attachmentIds?: Iterable<string>;
}

/**
 * Untrusted input parsed once (parseMarkdown), to be reused: its mentions can be looked up
 * (mentionRefsOf) and `sanitizeMarkdown` given it as `parsed` does not parse the input again.
 */
export interface ParsedMarkdown {
  /** The raw input. */
  readonly source: string;
  readonly headings: boolean;
  /** Lower-cased. */
  readonly attachmentIds: ReadonlySet<string>;
  readonly blocks: readonly Block[];
}

const parseOptionsOf = (options: ParseOptions) => ({
  headings: options.headings ?? false,
  attachmentIds: new Set([...(options.attachmentIds ?? [])].map((id) => id.toLowerCase())),
});

/** Parses raw input into the feed's Markdown subset (nothing resolved, rewritten or checked yet). */
export function parseMarkdown(input: string, options: ParseOptions = {}): ParsedMarkdown {
  const parseOptions = parseOptionsOf(options);
  return { source: input, ...parseOptions, blocks: parseBlocks(input, parseOptions) };
}

/** The mentions of a parse, in order (`@handle` and `@[id]`), for the application to look up. */
export function mentionRefsOf(parsed: ParsedMarkdown): MentionRef[] {
  const refs: MentionRef[] = [];
  for (const node of walkInlines(parsed.blocks)) if (node.t === 'mention') refs.push(node.ref);
  return refs;
}

/** The parse fits: same input, same options. */
const sameParse = (parsed: ParsedMarkdown, input: string, options: ReturnType<typeof parseOptionsOf>): boolean =>
  parsed.source === input &&
  parsed.headings === options.headings &&
  parsed.attachmentIds.size === options.attachmentIds.size &&
  [...options.attachmentIds].every((id) => parsed.attachmentIds.has(id));

export interface SanitizeOptions extends ParseOptions {
  /**
   * The input as parsed before (to look up its mentions): reused instead of parsing it again when
   * it was parsed from the same input with the same options; otherwise the input is parsed.
   */
  readonly parsed?: ParsedMarkdown;
  /**
   * The user id a mention refers to, or undefined when nobody matches. Resolved mentions are
   * stored as `@[id]` so a later change of user name does not break them. Default: `@[id]`
   * resolves to itself, `@handle` stays unresolved.
   */
  readonly resolveMention?: (ref: MentionRef) => string | undefined;
}

export interface SanitizedMarkdown {
  /** The canonical, safe Markdown to store. */
  readonly markdown: string;
  /** The parse of `markdown` (what every reader will see); extraction below comes from it. */
  readonly doc: MarkdownDocument;
  /** Resolved user ids, in order of first mention. */
  readonly mentions: string[];
  /** `@handle`s nobody matched (the author may want to know). */
  readonly unresolvedMentions: string[];
  /** Normalised hashtags, in order of first appearance. */
  readonly hashtags: string[];
  /** http(s) links and autolinks, in order of first appearance. */
  readonly links: string[];
  /** Attachment ids embedded as images. */
  readonly embeddedAttachments: string[];
}

/**
 * Parses untrusted input into the feed's Markdown subset and writes it back canonically.
 * Raw HTML, unknown syntax, unsafe links and foreign images come out as escaped text (or their
 * link text / alt text); nothing is silently dropped except control characters. Idempotent:
 * sanitising the output returns it unchanged.
 */
export function sanitizeMarkdown(input: string, options: SanitizeOptions = {}): SanitizedMarkdown {
  const parseOptions = parseOptionsOf(options);
  const resolve = options.resolveMention ?? ((ref: MentionRef) => (ref.kind === 'id' ? ref.id : undefined));
  // Ids the first pass resolved handles to count as resolved when the output is read back.
  const resolvedIds = new Set<string>();
  const resolveOnce = (ref: MentionRef) => {
    const id = resolve(ref);
    if (id) resolvedIds.add(id);
    return id;
  };
  const blocks = options.parsed && sameParse(options.parsed, input, parseOptions) ? options.parsed.blocks : parseBlocks(input, parseOptions);
  const resolved = blocks.map((block) => mapBlock(block, resolveOnce));
  let markdown = serializeMarkdown(normaliseDocument({ blocks: resolved }));
  let doc: MarkdownDocument = { blocks: parseBlocks(markdown, parseOptions) };
  // Rewriting can leave text where syntax was (an unsafe link's text next to a delimiter), which
  // a second pass may read differently; iterate to the fixed point (adversarial input settles
  // within a pass or two), so what is stored re-sanitises to itself.
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const again = serializeMarkdown(normaliseDocument(doc));
    if (again === markdown) break;
    markdown = again;
    doc = { blocks: parseBlocks(markdown, parseOptions) };
  }
  return { markdown, doc, ...extract(doc, (ref) => resolve(ref) ?? (ref.kind === 'id' && resolvedIds.has(ref.id) ? ref.id : undefined)) };
}

function extract(doc: MarkdownDocument, resolve: (ref: MentionRef) => string | undefined) {
  const mentions = new Set<string>();
  const unresolvedMentions = new Set<string>();
  const hashtags = new Set<string>();
  const links = new Set<string>();
  const embeddedAttachments = new Set<string>();
  for (const node of walkInlines(doc.blocks)) {
    if (node.t === 'mention') {
      const id = resolve(node.ref);
      if (id) mentions.add(id);
      else unresolvedMentions.add(node.ref.kind === 'id' ? node.ref.id : node.ref.handle);
    } else if (node.t === 'hashtag') hashtags.add(node.tag);
    else if ((node.t === 'link' || node.t === 'autolink') && isHttpUrl(node.href)) links.add(node.href);
    else if (node.t === 'image') embeddedAttachments.add(node.attachmentId);
  }
  return { mentions: [...mentions], unresolvedMentions: [...unresolvedMentions], hashtags: [...hashtags], links: [...links], embeddedAttachments: [...embeddedAttachments] };
}

function mapBlock(block: Block, resolve: (ref: MentionRef) => string | undefined): Block {
  const inl = (nodes: readonly Inline[]): Inline[] => nodes.map((node) => mapInline(node, resolve));
  switch (block.t) {
    case 'paragraph':
    case 'heading':
      return { ...block, children: inl(block.children) };
    case 'quote':
      return { ...block, children: block.children.map((b) => mapBlock(b, resolve)) };
    case 'list':
      return { ...block, items: block.items.map(inl) };
    case 'code-block':
      return block;
  }
}

function mapInline(node: Inline, resolve: (ref: MentionRef) => string | undefined): Inline {
  if (node.t === 'mention') {
    const id = resolve(node.ref);
    return id ? { t: 'mention', ref: { kind: 'id', id } } : node;
  }
  const children = inlineChildren(node);
  if (children.length && (node.t === 'em' || node.t === 'strong' || node.t === 'link')) return { ...node, children: children.map((c) => mapInline(c, resolve)) };
  return node;
}
