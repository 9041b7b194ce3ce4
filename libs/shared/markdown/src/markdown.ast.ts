/** The longest hashtag, in characters after normalising (the feed's contracts bound stored tags by it). */
export const HASHTAG_MAX = 64;

/**
 * The Markdown subset the feed accepts, as a tree. Anything the parser does not turn into one of
 * these nodes is text, so raw HTML, unknown syntax and unsafe links can only ever come out as
 * escaped characters.
 */
export type MentionRef = { readonly kind: 'id'; readonly id: string } | { readonly kind: 'handle'; readonly handle: string };

export type Inline =
  | { readonly t: 'text'; readonly value: string }
  | { readonly t: 'code'; readonly value: string }
  | { readonly t: 'em'; readonly children: readonly Inline[] }
  | { readonly t: 'strong'; readonly children: readonly Inline[] }
  /** href passed safeUrl (http, https, mailto); children hold no links, mentions or hashtags. */
  | { readonly t: 'link'; readonly href: string; readonly children: readonly Inline[] }
  /** A bare or <angle> URL (http, https, mailto). */
  | { readonly t: 'autolink'; readonly href: string }
  /** Only images of the post's own attachments survive (`![alt](attachment:<id>)`). */
  | { readonly t: 'image'; readonly attachmentId: string; readonly alt: string }
  | { readonly t: 'mention'; readonly ref: MentionRef }
  /** `raw` as written (casing kept for display), `tag` normalised (NFC, lower-case). */
  | { readonly t: 'hashtag'; readonly raw: string; readonly tag: string }
  | { readonly t: 'break' };

export type Block =
  | { readonly t: 'paragraph'; readonly children: readonly Inline[] }
  /** Articles only; levels beyond 3 are folded into 3. */
  | { readonly t: 'heading'; readonly level: 1 | 2 | 3; readonly children: readonly Inline[] }
  | { readonly t: 'code-block'; readonly lang: string; readonly value: string }
  | { readonly t: 'quote'; readonly children: readonly Block[] }
  /** Flat lists: nested markers become items of the same list. Items may span lines (breaks). */
  | { readonly t: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly Inline[])[] };

export interface MarkdownDocument {
  readonly blocks: readonly Block[];
}

export const MAX_QUOTE_DEPTH = 3;

/** Letters, marks, digits and underscore: what counts as "inside a word" for _, # and @. */
export const isWordChar = (c: string | undefined): boolean => c !== undefined && /^[\p{L}\p{M}\p{N}_]$/u.test(c);
export const isSpace = (c: string | undefined): boolean => c === undefined || /^\s$/u.test(c);

export function inlineChildren(node: Inline): readonly Inline[] {
  return node.t === 'em' || node.t === 'strong' || node.t === 'link' ? node.children : [];
}

/** Every inline node of the document, depth first, in reading order. */
export function* walkInlines(blocks: readonly Block[]): Generator<Inline> {
  function* inlines(nodes: readonly Inline[]): Generator<Inline> {
    for (const node of nodes) {
      yield node;
      yield* inlines(inlineChildren(node));
    }
  }
  for (const block of blocks) {
    if (block.t === 'paragraph' || block.t === 'heading') yield* inlines(block.children);
    else if (block.t === 'quote') yield* walkInlines(block.children);
    else if (block.t === 'list') for (const item of block.items) yield* inlines(item);
  }
}

/** Readable text of inline nodes (link text, image alt, mentions via `name`). */
export function inlinePlainText(nodes: readonly Inline[], name: (ref: MentionRef) => string = defaultMentionName): string {
  let out = '';
  for (const node of nodes) {
    switch (node.t) {
      case 'text':
      case 'code':
        out += node.value;
        break;
      case 'em':
      case 'strong':
      case 'link':
        out += inlinePlainText(node.children, name);
        break;
      case 'autolink':
        out += node.href.replace(/^mailto:/, '');
        break;
      case 'image':
        out += node.alt;
        break;
      case 'mention':
        out += `@${name(node.ref)}`;
        break;
      case 'hashtag':
        out += `#${node.raw}`;
        break;
      case 'break':
        out += '\n';
        break;
    }
  }
  return out;
}

export const defaultMentionName = (ref: MentionRef): string => (ref.kind === 'handle' ? ref.handle : ref.id);
