import { countInlineWork, parseInlines, parseMarkdown, safeHref, type Block, type Inline } from './markdown';

const ID = '0b7c2f6e-3d4a-4f0e-9a51-2c8e7d1b6a90';

/** Every link target anywhere in a document. */
function hrefs(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  const inl = (nodes: readonly Inline[]) => {
    for (const n of nodes) {
      if (n.t === 'link') out.push(n.href);
      if (n.t === 'em' || n.t === 'strong' || n.t === 'link') inl(n.c);
    }
  };
  for (const b of blocks) {
    if (b.t === 'p' || b.t === 'h') inl(b.c);
    if (b.t === 'list') b.items.forEach(inl);
    if (b.t === 'quote') out.push(...hrefs(b.c));
  }
  return out;
}

/** The text a reader sees, without markup. */
function textOf(nodes: readonly Inline[]): string {
  return nodes.map((n) => (n.t === 'text' || n.t === 'code' ? n.v : n.t === 'br' ? '\n' : n.t === 'hashtag' ? `#${n.tag}` : n.t === 'mention' ? '@' : textOf(n.c))).join('');
}

describe('markdown: blocks', () => {
  it('splits paragraphs on blank lines and keeps line breaks inside one', () => {
    expect(parseMarkdown('one\ntwo\n\nthree')).toEqual([
      { t: 'p', c: [{ t: 'text', v: 'one' }, { t: 'br' }, { t: 'text', v: 'two' }] },
      { t: 'p', c: [{ t: 'text', v: 'three' }] },
    ]);
  });

  it('reads bullet and ordered lists, with the ordered start', () => {
    expect(parseMarkdown('- a\n- b\n\n3. c\n4. d')).toEqual([
      { t: 'list', ordered: false, start: 1, items: [[{ t: 'text', v: 'a' }], [{ t: 'text', v: 'b' }]] },
      { t: 'list', ordered: true, start: 3, items: [[{ t: 'text', v: 'c' }], [{ t: 'text', v: 'd' }]] },
    ]);
  });

  it('keeps code blocks verbatim (no emphasis, no links inside)', () => {
    expect(parseMarkdown('```ts\n**x** [a](https://e.org)\n```')).toEqual([{ t: 'pre', v: '**x** [a](https://e.org)' }]);
  });

  it('nests quotes up to three levels; deeper markers stay text', () => {
    const [outer] = parseMarkdown('> > > > deep');
    expect(outer!.t).toBe('quote');
    const inner = (b: Block | undefined): readonly Block[] => (b?.t === 'quote' ? b.c : []);
    const level3 = inner(inner(outer)[0])[0] as Extract<Block, { t: 'quote' }>;
    expect(level3.t).toBe('quote');
    expect(level3.c[0]).toEqual({ t: 'p', c: [{ t: 'text', v: '> deep' }] });
  });

  it('reads headings one level below the page title', () => {
    expect(parseMarkdown('# Kop')).toEqual([{ t: 'h', level: 2, c: [{ t: 'text', v: 'Kop' }] }]);
  });
});

describe('markdown: inlines', () => {
  it('reads strong, emphasis and inline code', () => {
    expect(parseInlines('**vet** en *schuin* en `code`')).toEqual([
      { t: 'strong', c: [{ t: 'text', v: 'vet' }] },
      { t: 'text', v: ' en ' },
      { t: 'em', c: [{ t: 'text', v: 'schuin' }] },
      { t: 'text', v: ' en ' },
      { t: 'code', v: 'code' },
    ]);
  });

  it('does not read underscores inside words as emphasis', () => {
    expect(parseInlines('snake_case_name')).toEqual([{ t: 'text', v: 'snake_case_name' }]);
    expect(parseInlines('_ja_')).toEqual([{ t: 'em', c: [{ t: 'text', v: 'ja' }] }]);
  });

  it('unescapes escaped punctuation as text', () => {
    expect(parseInlines('\\*niet\\* \\#geen \\<script>')).toEqual([{ t: 'text', v: '*niet* #geen <script>' }]);
  });

  it('links http, https and mailto targets', () => {
    expect(parseInlines('[site](https://example.org/a?b=1) <mailto:a@example.org> zie https://example.org/x.')).toEqual([
      { t: 'link', href: 'https://example.org/a?b=1', c: [{ t: 'text', v: 'site' }] },
      { t: 'text', v: ' ' },
      { t: 'link', href: 'mailto:a@example.org', c: [{ t: 'text', v: 'a@example.org' }] },
      { t: 'text', v: ' zie ' },
      { t: 'link', href: 'https://example.org/x', c: [{ t: 'text', v: 'https://example.org/x' }] },
      { t: 'text', v: '.' },
    ]);
  });

  it('reads resolved mentions and hashtags (normalised to lower case)', () => {
    expect(parseInlines(`hoi @[${ID}] over #Plein2026 en C# of a#b`)).toEqual([
      { t: 'text', v: 'hoi ' },
      { t: 'mention', id: ID },
      { t: 'text', v: ' over ' },
      { t: 'hashtag', tag: 'plein2026' },
      { t: 'text', v: ' en C# of a#b' },
    ]);
  });

  it('keeps unresolved handles, digit-only tags and code as text', () => {
    expect(parseInlines('@anna #123 `#tag`')).toEqual([{ t: 'text', v: '@anna #123 ' }, { t: 'code', v: '#tag' }]);
  });
});

describe('markdown: hostile input', () => {
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/x',
    '/relative',
    'https://user:pw@evil.example',
    'https://trusted@evil.example',
    'http:/one-slash',
  ])('never links %s', (href) => {
    expect(safeHref(href)).toBeNull();
    const doc = parseMarkdown(`[klik](${href}) <${href}>`);
    expect(hrefs(doc)).toEqual([]);
    // The link text stays readable.
    const first = doc[0];
    expect(first?.t === 'p' ? textOf(first.c) : '').toContain('klik');
  });

  it('shows script tags as text, never as markup', () => {
    const doc = parseMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(doc).toEqual([{ t: 'p', c: [{ t: 'text', v: '<script>alert(1)</script> <img src=x onerror=alert(1)>' }] }]);
  });

  it('caps inline nesting: deep emphasis ends as text, not a stack overflow', () => {
    const depth = 5_000;
    const src = `${'*a '.repeat(depth)}x${' b*'.repeat(depth)}`;
    const doc = parseInlines(src);
    let levels = 0;
    let nodes: readonly Inline[] = doc;
    for (;;) {
      const em = nodes.find((n) => n.t === 'em');
      if (em?.t !== 'em') break;
      levels++;
      nodes = em.c;
    }
    expect(levels).toBeGreaterThan(0);
    expect(levels).toBeLessThanOrEqual(6);
  });

  it('caps quote nesting at three levels for any depth of markers', () => {
    const doc = parseMarkdown(`${'> '.repeat(10_000)}x`);
    let levels = 0;
    for (let blocks: readonly Block[] = doc; blocks[0]?.t === 'quote'; levels++) blocks = blocks[0].c;
    expect(levels).toBe(3);
  });

  it.each([
    ['open brackets', (n: number) => '['.repeat(n)],
    ['links without a closing parenthesis', (n: number) => '[a]('.repeat(n / 4)],
    ['links with unclosed titles', (n: number) => '[a](https://e.org "t'.repeat(n / 20)],
    ['unclosed emphasis', (n: number) => '*a '.repeat(n / 3)],
    ['unclosed strong', (n: number) => '**a '.repeat(n / 4)],
    ['unclosed underscores', (n: number) => '_a _'.repeat(n / 4)],
    ['unclosed code spans', (n: number) => '`a ``b '.repeat(n / 7)],
    ['angle brackets', (n: number) => '<'.repeat(n)],
    ['broken URLs', (n: number) => '(http://a@b'.repeat(n / 11)],
    ['escapes', (n: number) => '\\'.repeat(n)],
    ['hashtags', (n: number) => '#a'.repeat(n / 2)],
    ['emphasis around code', (n: number) => `*${'`x '.repeat(n / 3)}`],
    ['nested emphasis', (n: number) => `${'*a _b '.repeat(n / 12)}${' c_ d*'.repeat(n / 12)}`],
  ])('does linear work on %s', (_name, make) => {
    const perChar = (n: number) => {
      const src = make(n);
      return countInlineWork(src).steps / src.length;
    };
    // Quadratic work would visit each character ~n times; linear work a bounded number of times.
    expect(perChar(100_000)).toBeLessThan(20);
    expect(perChar(100_000)).toBeLessThan(perChar(1_000) * 2 + 1);
  });
});
