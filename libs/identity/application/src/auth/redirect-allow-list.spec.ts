import { RedirectAllowList } from './redirect-allow-list';

describe('RedirectAllowList', () => {
  const list = new RedirectAllowList(['https://intranet.example.org/app', 'http://127.0.0.1:3000/']);

  it('allows targets under an entry and resolves relative paths against the first entry', () => {
    expect(list.check('https://intranet.example.org/app/inbox?x=1')).toBe('https://intranet.example.org/app/inbox?x=1');
    expect(list.check('https://intranet.example.org/app')).toBe('https://intranet.example.org/app');
    expect(list.check('http://127.0.0.1:3000/anything')).toBe('http://127.0.0.1:3000/anything');
    expect(list.check('/app/people')).toBe('https://intranet.example.org/app/people');
    expect(list.check(undefined)).toBe('https://intranet.example.org/app');
  });

  it.each([
    'https://evil.example.org/app',
    'https://intranet.example.org/apple',
    'https://intranet.example.org.evil.example/app',
    'https://user@intranet.example.org/app',
    'http://intranet.example.org/app',
    '//evil.example.org/app',
    '/\\evil.example.org',
    'javascript:alert(1)',
    'https://intranet.example.org/app/\u0000x',
    '/other',
  ])('refuses %s', (target) => {
    expect(() => list.check(target)).toThrow(expect.objectContaining({ code: 'AUTH.REDIRECT_NOT_ALLOWED' }));
  });
});
