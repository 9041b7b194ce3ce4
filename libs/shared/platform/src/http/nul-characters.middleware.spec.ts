import { ValidationError } from '@plein/shared/kernel';
import { malformedPath, malformedPathMiddleware, nulCharactersMiddleware, nulField } from './nul-characters.middleware';

describe('NUL characters in requests', () => {
  it('names the field that holds U+0000: path, query, body keys and nested values', () => {
    expect(nulField('/v1/posts/abc%00def', undefined)).toBe('path');
    expect(nulField('/v1/posts?cursor=a%00b&limit=2', undefined)).toBe('query.cursor');
    expect(nulField('/scim/v2/Users', { name: { givenName: 'An\u0000na' } })).toBe('body.name.givenName');
    expect(nulField('/v1/posts', { options: [{ label: 'ok' }, { label: '\u0000' }] })).toBe('body.options[1].label');
    expect(nulField('/v1/posts', { ['we\u0000ird']: 1 })).toBe('body.we\\u0000ird');
    expect(nulField('/v1/posts', 'plain\u0000')).toBe('body');
  });

  it('lets everything else through, including other control-free Unicode and malformed escapes', () => {
    expect(nulField('/v1/posts?q=caf%C3%A9', { body: 'Zoë 👋 \t\n', n: 0, ok: true, none: null })).toBeNull();
    expect(nulField('/v1/posts/%E0%A4%A', undefined)).toBeNull();
  });

  it('recognises a path whose percent-escapes are not UTF-8, and nothing else', () => {
    expect(malformedPath('/scim/v2/Users/%ED%A0%80')).toBe(true);
    expect(malformedPath('/v1/posts/%E0%A4%A?x=1')).toBe(true);
    expect(malformedPath('/v1/posts/caf%C3%A9?q=%ZZ')).toBe(false);
    const calls: unknown[] = [];
    malformedPathMiddleware({ url: '/v1/posts/%ED%A0%80' } as never, {} as never, (e) => calls.push(e));
    expect(calls[0]).toMatchObject({ code: 'PLATFORM.MALFORMED_PATH', violations: [{ field: 'path' }] });
  });

  it('passes a ValidationError naming the field to the error handler, or calls next() clean', () => {
    const calls: unknown[] = [];
    nulCharactersMiddleware({ url: '/v1/posts', body: { body: 'x\u0000' } } as never, {} as never, (e) => calls.push(e));
    nulCharactersMiddleware({ url: '/v1/posts', body: { body: 'x' } } as never, {} as never, (e) => calls.push(e));
    expect(calls[0]).toBeInstanceOf(ValidationError);
    expect((calls[0] as ValidationError).code).toBe('PLATFORM.NUL_CHARACTER');
    expect(JSON.stringify(calls[0])).toContain('body.body');
    expect(calls[1]).toBeUndefined();
  });
});
