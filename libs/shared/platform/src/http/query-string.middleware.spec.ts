import { ValidationError } from '@plein/shared/kernel';
import { queryStringMiddleware, queryViolations, simpleQueryParser } from './query-string.middleware';

describe('query strings: one plain value per name', () => {
  it('names each repeated or bracketed parameter once, also when the brackets are percent-encoded', () => {
    expect(queryViolations('/v1/posts?after=a&after=b&after=c')).toEqual([{ field: 'query.after', message: 'must appear at most once' }]);
    expect(queryViolations('/v1/posts?a[]=1&b[x]=2&c]=3')).toEqual([
      { field: 'query.a', message: expect.stringContaining('no [] or [key]') },
      { field: 'query.b', message: expect.stringContaining('no [] or [key]') },
      { field: 'query.c', message: expect.stringContaining('no [] or [key]') },
    ]);
    expect(queryViolations('/v1/posts?tags%5B%5D=x').map((v) => v.field)).toEqual(['query.tags']);
  });

  it('lets single plain values, empty values and no query at all through', () => {
    expect(queryViolations('/v1/posts')).toEqual([]);
    expect(queryViolations('/v1/posts?limit=5&after=&q=a%2Cb&cursor=x-y')).toEqual([]);
  });

  it('parses to one string per name and passes a ValidationError to the error handler', () => {
    expect(simpleQueryParser('a=1&b=x%20y')).toEqual({ a: '1', b: 'x y' });
    const calls: unknown[] = [];
    queryStringMiddleware({ url: '/x?a=1&a=2' } as never, {} as never, (e) => calls.push(e));
    queryStringMiddleware({ url: '/x?a=1' } as never, {} as never, (e) => calls.push(e));
    expect(calls[0]).toBeInstanceOf(ValidationError);
    expect((calls[0] as ValidationError).code).toBe('PLATFORM.INVALID_QUERY');
    expect(calls[1]).toBeUndefined();
  });
});
