import { hrefOf, parseRoute } from './routes';

describe('client routes', () => {
  it('parses each view', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('/organisation')).toEqual({ name: 'organisation' });
    expect(parseRoute('/hashtags/koffie')).toEqual({ name: 'hashtag', tag: 'koffie' });
    expect(parseRoute('/posts/0190a0b0-0000-7000-8000-000000000001')).toEqual({ name: 'post', postId: '0190a0b0-0000-7000-8000-000000000001' });
  });

  it('round-trips hrefs, also for tags with characters a path must escape', () => {
    for (const tag of ['café', 'a/b', 'x#y', '50%']) expect(parseRoute(hrefOf.hashtag(tag))).toEqual({ name: 'hashtag', tag });
    expect(parseRoute(hrefOf.post('abc-123'))).toEqual({ name: 'post', postId: 'abc-123' });
  });

  it('answers not-found for anything else, including broken escapes and extra segments', () => {
    for (const path of ['/hashtags/%E0%A4%A', '/hashtags/', '/posts/a/b', '/posts/<x>', '/organisation/x', '/inbox']) expect(parseRoute(path)).toEqual({ name: 'not-found' });
  });
});
