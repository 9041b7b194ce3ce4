import { sanitizeBio } from './bio';

describe('sanitizeBio', () => {
  it('keeps the Markdown subset and drops what is not safe', () => {
    expect(sanitizeBio('I like **boring** [infra](https://example.org).')).toBe('I like **boring** [infra](https://example.org/).');
    // HTML stays text (escaped), a javascript: link and an image without attachment lose their targets, a heading becomes a paragraph.
    expect(sanitizeBio('<script>alert(1)</script> [x](javascript:alert(1)) ![img](https://evil.example/p.png)\n# Title')).toBe('\\<script>alert(1)\\</script> x img\n\nTitle');
  });
});
