/** The path part of a request URL: everything before the first `?` (the whole URL when it has none). */
export function requestPath(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
