import { RedirectNotAllowedError } from '../errors';

/**
 * Where the browser may be sent after login or logout (no open redirect). Each entry is an
 * absolute http(s) URL; a target is allowed when it has the entry's exact origin and its path
 * lies under the entry's path (segment-wise, so `/app` allows `/app/x` but not `/apple`).
 * Relative targets (`/inbox`) resolve against the first entry; scheme-relative (`//evil`),
 * backslash tricks, userinfo and non-http(s) schemes are refused before any comparison.
 */
export class RedirectAllowList {
  private readonly entries: readonly URL[];

  constructor(entries: readonly string[]) {
    if (entries.length === 0) throw new RangeError('the redirect allow-list needs at least one URL');
    this.entries = entries.map((entry) => {
      const url = new URL(entry);
      if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) throw new RangeError(`not an http(s) URL without credentials: ${entry}`);
      return url;
    });
  }

  get defaultTarget(): string {
    return this.entries[0]!.href;
  }

  /** The normalised target URL, or RedirectNotAllowedError. */
  check(target: string | undefined | null): string {
    if (target === undefined || target === null || target === '') return this.defaultTarget;
    if (target.length > 2048 || /[\\\s]/.test(target) || [...target].some((c) => c.charCodeAt(0) < 0x20)) throw new RedirectNotAllowedError();
    let url: URL;
    if (target.startsWith('/')) {
      if (target.startsWith('//')) throw new RedirectNotAllowedError();
      url = new URL(target, this.entries[0]!.origin);
    } else {
      if (!URL.canParse(target)) throw new RedirectNotAllowedError();
      url = new URL(target);
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) throw new RedirectNotAllowedError();
    const allowed = this.entries.some((entry) => entry.origin === url.origin && underPath(entry.pathname, url.pathname));
    if (!allowed) throw new RedirectNotAllowedError();
    return url.href;
  }

  /** Whether `origin` (an Origin header) belongs to an allowed target. */
  allowsOrigin(origin: string): boolean {
    return this.entries.some((entry) => entry.origin === origin);
  }
}

function underPath(base: string, path: string): boolean {
  if (base === '/' || base === path) return true;
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return path.startsWith(prefix);
}
