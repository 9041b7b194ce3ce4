/** The client's routes; the gateway answers index.html for any path without an extension. */
export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'organisation' }
  | { readonly name: 'hashtag'; readonly tag: string }
  | { readonly name: 'post'; readonly postId: string }
  | { readonly name: 'not-found' };

const HASHTAG = /^\/hashtags\/([^/]+)$/;
const POST = /^\/posts\/([\w-]+)$/;

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  if (pathname === '/organisation') return { name: 'organisation' };
  const tag = HASHTAG.exec(pathname);
  if (tag) {
    try {
      return { name: 'hashtag', tag: decodeURIComponent(tag[1]!) };
    } catch {
      return { name: 'not-found' };
    }
  }
  const post = POST.exec(pathname);
  if (post) return { name: 'post', postId: post[1]! };
  return { name: 'not-found' };
}

export const hrefOf = {
  home: '/',
  organisation: '/organisation',
  hashtag: (tag: string) => `/hashtags/${encodeURIComponent(tag)}`,
  post: (postId: string) => `/posts/${encodeURIComponent(postId)}`,
};
