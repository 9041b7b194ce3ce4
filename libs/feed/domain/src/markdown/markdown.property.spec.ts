import { prng } from '../testing/prng';
import { renderHtml, sanitizeMarkdown, type SanitizeOptions } from './index';

const ATTACHMENT = '01964b1e-0000-7000-8000-000000000601';
const TOKENS = [
  '*', '**', '***', '_', '__', '`', '``', '```', '[', ']', '(', ')', '](', '![', '!', '#', '# ', '## ', '@', '<', '>', '> ', '\\', '&',
  '\n', '\n', '\n\n', '  ', '\t', '- ', '+ ', '* ', '1. ', '2) ', '=', '~', '|', ':', '.', ',', '"', "'",
  'a', 'b', 'word', 'snake_case', ' ', ' ', ' ', 'é', '日本', '\u00a0', '\u202e',
  'https://x.org/p', 'http://y.org/a_(b)', 'javascript:alert(1)', 'mailto:a@b.org', 'data:text/html,x', `attachment:${ATTACHMENT}`,
  '@[01964b1e-0000-7000-8000-000000000101]', '@anna', '@anna.b', '#tag', '#Café', '#2026', '&amp;', '&#106;', '<script>', '</a>',
  '<img src=x onerror=alert(1)>', '<https://x.org>', '[x](https://x.org)', '![i](attachment:' + ATTACHMENT + ')', '`c`',
];
const ALLOWED_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'pre', 'code', 'blockquote', 'ul', 'ol', 'li', 'em', 'strong', 'a', 'img', 'br', 'span']);
const options: SanitizeOptions = {
  headings: true,
  attachmentIds: [ATTACHMENT],
  resolveMention: (ref) => (ref.kind === 'id' ? ref.id : ref.handle === 'anna' ? '01964b1e-0000-7000-8000-000000000105' : undefined),
};

/** Every tag the renderer wrote is on the allow-list, with only known attributes and safe URLs. */
function assertSafeHtml(html: string): void {
  for (const tag of html.matchAll(/<\/?([a-zA-Z0-9]+)((?:[^>a-zA-Z0-9][^>]*)?)>/g)) {
    expect(ALLOWED_TAGS.has(tag[1]!)).toBe(true);
    const attributes = tag[2]!.replace(/\s([a-z-]+)="[^"<>]*"/g, (_all, name: string) => {
      expect(['href', 'rel', 'class', 'src', 'alt', 'start', 'data-user-id']).toContain(name);
      return '';
    });
    expect(attributes.trim()).toBe('');
  }
  for (const url of html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(url[1]).toMatch(/^(?:https?:\/\/|mailto:|\/[^/])/);
  // A raw '<' outside the tags above would be an injected element.
  expect(html.replace(/<\/?[a-z0-9]+(?:\s[a-z-]+="[^"<>]*")*>/g, '')).not.toMatch(/[<>]/);
}

describe('sanitizeMarkdown on random input (seeded)', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('is idempotent and renders only safe HTML (seed %i)', (seed) => {
    const random = prng(seed);
    for (let n = 0; n < 400; n++) {
      const input = Array.from({ length: 1 + random.int(30) }, () => random.pick(TOKENS)).join('');
      const once = sanitizeMarkdown(input, options);
      const twice = sanitizeMarkdown(once.markdown, options);
      if (twice.markdown !== once.markdown) {
        throw new Error(`not idempotent\ninput: ${JSON.stringify(input)}\nonce:  ${JSON.stringify(once.markdown)}\ntwice: ${JSON.stringify(twice.markdown)}`);
      }
      expect(twice.hashtags).toEqual(once.hashtags);
      expect(twice.mentions).toEqual(once.mentions);
      expect(twice.links).toEqual(once.links);
      assertSafeHtml(renderHtml(once.doc));
      expect(once.markdown).not.toMatch(/\u202e/);
    }
  });
});
