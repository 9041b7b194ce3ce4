import { renderHtml, sanitizeMarkdown, type SanitizeOptions } from './index';

const ANNA = '01964b1e-0000-7000-8000-000000000105';
const IMAGE = '01964b1e-0000-7000-8000-000000000601';
const options: SanitizeOptions = {
  attachmentIds: [IMAGE],
  resolveMention: (ref) => (ref.kind === 'handle' ? (ref.handle.toLowerCase() === 'anna.devries' ? ANNA : undefined) : ref.id === ANNA ? ANNA : undefined),
};
const md = (input: string, extra: Partial<SanitizeOptions> = {}) => sanitizeMarkdown(input, { ...options, ...extra }).markdown;
const html = (input: string, extra: Partial<SanitizeOptions> = {}) => renderHtml(sanitizeMarkdown(input, { ...options, ...extra }).doc);

describe('sanitizeMarkdown: the allowed subset', () => {
  it('keeps paragraphs, emphasis, strong, inline code, quotes and lists', () => {
    const input = 'Hello *there* and **you**, run `npm test`.\n\n> quoted\n> twice\n\n- one\n- two\n\n3. three\n4. four';
    expect(md(input)).toBe(input);
    expect(html(input)).toBe(
      '<p>Hello <em>there</em> and <strong>you</strong>, run <code>npm test</code>.</p>\n' +
        '<blockquote><p>quoted<br>twice</p></blockquote>\n<ul><li>one</li><li>two</li></ul>\n<ol start="3"><li>three</li><li>four</li></ol>',
    );
  });

  it('keeps fenced code verbatim (markup inside is not interpreted) and escapes it in HTML', () => {
    const input = '```ts\nconst a = <T,>(x: T) => `${x}` && **not bold**;\n```';
    expect(md(input)).toBe(input);
    expect(html(input)).toBe('<pre><code class="language-ts">const a = &lt;T,&gt;(x: T) =&gt; `${x}` &amp;&amp; **not bold**;</code></pre>');
  });

  it('allows headings only where asked (articles); elsewhere they are plain paragraphs', () => {
    expect(md('## Plan\n\ntext', { headings: true })).toBe('## Plan\n\ntext');
    expect(html('# Plan', { headings: true })).toBe('<h2>Plan</h2>');
    expect(md('## Plan\n\ntext')).toBe('Plan\n\ntext');
    expect(md('#hashtag at the start')).toBe('#hashtag at the start');
  });

  it('keeps http, https and mailto links and normalises them', () => {
    // A destination with a space is no link; the URL inside still is one.
    expect(md('[docs](https://Example.org/a b)')).toBe('\\[docs\\](https://example.org/a b)');
    expect(md('[docs](HTTPS://Example.org/a)')).toBe('[docs](https://example.org/a)');
    expect(md('see https://example.org/x. Or <mailto:hr@example.org>')).toBe('see https://example.org/x. Or <mailto:hr@example.org>');
    expect(html('[wiki](https://en.wikipedia.org/wiki/Tea_(meal))')).toBe(
      '<p><a href="https://en.wikipedia.org/wiki/Tea_%28meal%29" rel="nofollow noopener noreferrer">wiki</a></p>',
    );
  });
});

describe('sanitizeMarkdown: hostile input', () => {
  const vectors: [string, string][] = [
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['<img src=x onerror=alert(1)>', '<p>&lt;img src=x onerror=alert(1)&gt;</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>'],
    ['[x](javascript:alert(1))', '<p>x</p>'],
    ['[x](JaVaScRiPt:alert(1))', '<p>x</p>'],
    ['[x](java\tscript:alert(1))', '<p>[x](java    script:alert(1))</p>'],
    ['[x](&#106;avascript:alert(1))', '<p>x</p>'],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', '<p>x</p>'],
    ['[x](vbscript:msgbox)', '<p>x</p>'],
    ['[x](//evil.example/a)', '<p>x</p>'],
    ['[x](https://intranet.example@evil.example/)', '<p>x</p>'],
    ['<javascript:alert(1)>', '<p>&lt;javascript:alert(1)&gt;</p>'],
    ['![pixel](https://tracker.example/p.gif)', '<p>pixel</p>'],
    ['![x](attachment:01964b1e-0000-7000-8000-000000000999)', '<p>x</p>'],
    ['[<img src=x>](https://ok.example)', '<p><a href="https://ok.example/" rel="nofollow noopener noreferrer">&lt;img src=x&gt;</a></p>'],
    ['`<b>`', '<p><code>&lt;b&gt;</code></p>'],
    ['"><svg onload=alert(1)>', '<p>&quot;&gt;&lt;svg onload=alert(1)&gt;</p>'],
    ['<!-- comment --><style>*{}</style>', '<p>&lt;!-- comment --&gt;&lt;style&gt;*{}&lt;/style&gt;</p>'],
  ];
  it.each(vectors)('%j renders inert', (input, expected) => {
    expect(html(input)).toBe(expected);
  });

  it('escapes HTML in the stored Markdown too, so a CommonMark renderer with HTML enabled stays safe', () => {
    expect(md('<script>alert(1)</script>')).toBe('\\<script>alert(1)\\</script>');
    expect(md('&lt;script&gt;')).toBe('\\&lt;script\\&gt;');
    expect(md('[x](javascript:alert(1))')).toBe('x');
  });

  it('embeds images of the post\'s own attachments only', () => {
    expect(md(`![plan](attachment:${IMAGE.toUpperCase()})`)).toBe(`![plan](attachment:${IMAGE})`);
    expect(html(`![a "plan"](attachment:${IMAGE})`)).toBe(`<p><img src="/attachments/${IMAGE}" alt="a &quot;plan&quot;"></p>`);
    expect(sanitizeMarkdown(`![p](attachment:${IMAGE})`, options).embeddedAttachments).toEqual([IMAGE]);
  });

  it('drops control and bidi override characters, keeps ordinary unicode', () => {
    expect(md('a\u0000b\u202ec\u2066d é 日本 👍')).toBe('abcd é 日本 👍');
  });

  // Guards against catastrophic backtracking: an exponential parser would not finish within the
  // generous test timeout. Speed itself is not asserted here (machines are shared and noisy).
  it('terminates on pathological input with bounded output', () => {
    for (const input of ['*a '.repeat(10_000), '['.repeat(30_000), '`'.repeat(2) + ' x`'.repeat(10_000), '**_'.repeat(10_000), '> '.repeat(10_000)]) {
      const { markdown } = sanitizeMarkdown(input, options);
      expect(markdown.length).toBeLessThanOrEqual(input.length * 2);
    }
  }, 60_000);
});

describe('sanitizeMarkdown: extraction', () => {
  it('resolves mentions to ids, stores them as @[id], reports the unknown ones', () => {
    const result = sanitizeMarkdown('Thanks @Anna.DeVries and @nobody, mail me at me@example.org', options);
    expect(result.markdown).toBe(`Thanks @[${ANNA}] and @nobody, mail me at me@example.org`);
    expect(result.mentions).toEqual([ANNA]);
    expect(result.unresolvedMentions).toEqual(['nobody']);
    expect(sanitizeMarkdown(`cc @[${ANNA.toUpperCase()}] @[${ANNA}]`, options).mentions).toEqual([ANNA]);
  });

  it('extracts unicode hashtags normalised, not inside words, code, links or entities', () => {
    const result = sanitizeMarkdown('#Café #CAFE\u0301 #日本 #koffie_2026 C# a#b `#code` [#link](https://x.example) &#35; #2026 #x.', options);
    expect(result.hashtags).toEqual(['café', '日本', 'koffie_2026', 'x']);
  });

  it('extracts http(s) links in order of first appearance, without mailto', () => {
    const result = sanitizeMarkdown('[a](https://a.example/1) https://b.example/2, <https://a.example/1> <mailto:x@y.example>', options);
    expect(result.links).toEqual(['https://a.example/1', 'https://b.example/2']);
  });

  it('ignores mentions and hashtags in code', () => {
    const result = sanitizeMarkdown('```\n@anna.devries #tag\n```\n`@anna.devries`', options);
    expect([result.mentions, result.hashtags]).toEqual([[], []]);
  });
});
