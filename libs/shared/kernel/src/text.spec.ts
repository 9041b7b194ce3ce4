import { withoutTrailingSlashes } from './text';

describe('withoutTrailingSlashes', () => {
  it('drops every trailing slash and nothing else', () => {
    expect(withoutTrailingSlashes('https://idp.example.org/')).toBe('https://idp.example.org');
    expect(withoutTrailingSlashes('https://idp.example.org/realms/x///')).toBe('https://idp.example.org/realms/x');
    expect(withoutTrailingSlashes('https://idp.example.org')).toBe('https://idp.example.org');
    expect(withoutTrailingSlashes('///')).toBe('');
    // A slash run not at the end: quadratic scanning would take minutes here (Jest's 5 s timeout).
    const hostile = `${'/'.repeat(200_000)}x`;
    expect(withoutTrailingSlashes(hostile)).toBe(hostile);
  });
});
