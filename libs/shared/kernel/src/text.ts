/**
 * `url` without its trailing slashes (`https://idp.example.org/` → `https://idp.example.org`), in
 * linear time: `replace(/\/+$/, '')` rescans the slash run from every start position.
 */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 0x2f) end--;
  return url.slice(0, end);
}
