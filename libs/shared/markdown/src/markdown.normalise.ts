import type { Block, Inline, MarkdownDocument } from './markdown.ast';

/**
 * Brings a parsed (and possibly rewritten) tree into the shape the serializer can write
 * unambiguously: no empty nodes, adjacent text and code merged, no whitespace at the edges of
 * emphasis (it moves outside), no whitespace at line edges, no doubled breaks (a blank line
 * would split the paragraph), adjacent lists of one kind merged (the parser would merge them).
 */
export function normaliseDocument(doc: MarkdownDocument): MarkdownDocument {
  return { blocks: normaliseBlocks(doc.blocks) };
}

function normaliseBlocks(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const block = normaliseBlock(b);
    if (!block) continue;
    const previous = out[out.length - 1];
    if (block.t === 'list' && previous?.t === 'list' && previous.ordered === block.ordered) {
      out[out.length - 1] = { ...previous, items: [...previous.items, ...block.items] };
    } else out.push(block);
  }
  return out;
}

function normaliseBlock(b: Block): Block | undefined {
  switch (b.t) {
    case 'paragraph':
    case 'heading': {
      const children = line(b.children);
      return children.length ? { ...b, children } : undefined;
    }
    case 'code-block':
      return b.value.trim() === '' ? undefined : b;
    case 'quote': {
      const children = normaliseBlocks(b.children);
      return children.length ? { t: 'quote', children } : undefined;
    }
    case 'list': {
      const items = b.items.map(line).filter((item) => item.length > 0);
      return items.length ? { ...b, start: Math.min(Math.max(b.start, 0), 999_000_000), items } : undefined;
    }
  }
}

/** A top-level inline container (paragraph, heading, list item): its edges are line edges. */
function line(nodes: readonly Inline[]): Inline[] {
  let current = nodes;
  for (let pass = 0; pass < 4; pass++) {
    const next = trimEdges(inlines(current));
    if (JSON.stringify(next) === JSON.stringify(current)) return next;
    current = next;
  }
  return [...current];
}

function inlines(nodes: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  const push = (node: Inline) => {
    const previous = out[out.length - 1];
    if (node.t === 'text' && node.value === '') return;
    if (node.t === 'text' && previous?.t === 'text') out[out.length - 1] = { t: 'text', value: previous.value + node.value };
    else if (node.t === 'code' && previous?.t === 'code') out[out.length - 1] = { t: 'code', value: previous.value + node.value };
    else if (node.t === 'break' && (previous?.t === 'break' || previous === undefined)) return;
    else out.push(node);
  };
  for (const node of nodes) {
    if (node.t === 'em' || node.t === 'strong') for (const n of emphasis(node)) push(n);
    else if (node.t === 'link') {
      const children = inlines(node.children);
      push(children.length ? { t: 'link', href: node.href, children } : { t: 'autolink', href: node.href });
    } else if (node.t === 'code') {
      if (node.value !== '') push(node);
    } else push(node);
  }
  if (out[out.length - 1]?.t === 'break') out.pop();
  return trimAroundBreaks(out);
}

/** Emphasis with its edge whitespace (and breaks) moved outside; empty emphasis disappears. */
function emphasis(node: Extract<Inline, { t: 'em' | 'strong' }>): Inline[] {
  let children = inlines(node.children);
  // em(em(x)) and strong(strong(x)) would serialise as a different delimiter run.
  while (children.length === 1 && children[0]!.t === node.t) children = [...(children[0] as typeof node).children];
  const before: Inline[] = [];
  const after: Inline[] = [];
  while (children.length) {
    const first = children[0]!;
    if (first.t === 'break') before.push(children.shift()!);
    else if (first.t === 'text' && /^\s/u.test(first.value)) {
      const value = first.value.trimStart();
      before.push({ t: 'text', value: first.value.slice(0, first.value.length - value.length) });
      children[0] = { t: 'text', value };
      if (value === '') children.shift();
    } else break;
  }
  while (children.length) {
    const last = children[children.length - 1]!;
    if (last.t === 'break') after.unshift(children.pop()!);
    else if (last.t === 'text' && /\s$/u.test(last.value)) {
      const value = last.value.trimEnd();
      after.unshift({ t: 'text', value: last.value.slice(value.length) });
      children[children.length - 1] = { t: 'text', value };
      if (value === '') children.pop();
    } else break;
  }
  return children.length ? [...before, { t: node.t, children }, ...after] : [...before, ...after];
}

/** The parser drops whitespace around line breaks; so does the normal form. */
function trimAroundBreaks(nodes: Inline[]): Inline[] {
  return nodes
    .map((node, k) => {
      if (node.t !== 'text') return node;
      let value = node.value;
      if (nodes[k - 1]?.t === 'break') value = value.trimStart();
      if (nodes[k + 1]?.t === 'break') value = value.trimEnd();
      return { t: 'text', value } as Inline;
    })
    .filter((node) => node.t !== 'text' || node.value !== '');
}

function trimEdges(nodes: Inline[]): Inline[] {
  const out = [...nodes];
  while (out[0]?.t === 'break') out.shift();
  const first = out[0];
  if (first?.t === 'text') out[0] = { t: 'text', value: first.value.trimStart() };
  const last = out[out.length - 1];
  if (last?.t === 'text') out[out.length - 1] = { t: 'text', value: last.value.trimEnd() };
  return inlinesShallow(out);
}

const inlinesShallow = (nodes: Inline[]): Inline[] => nodes.filter((node) => node.t !== 'text' || node.value !== '');
