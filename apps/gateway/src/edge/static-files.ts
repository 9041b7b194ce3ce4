import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The file under `root` for a URL path, or undefined when the path leaves `root` (after decoding)
 * or is malformed. A path without an extension that names no file falls back to `index.html`
 * (the web client routes it), see `serveStatic`.
 */
export function staticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const file = normalize(join(root, decoded));
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

const isFile = async (path: string): Promise<boolean> => (await stat(path).catch(() => undefined))?.isFile() ?? false;

/**
 * Serves GET/HEAD of the web client's files. Answers false when nothing fits (the caller answers
 * 404). `index.html` is revalidated on every load; other files may be cached for an hour (a
 * build with hashed names can serve them longer behind a CDN).
 */
export async function serveStatic(root: string, urlPath: string, method: string, res: ServerResponse): Promise<{ served: boolean; page: boolean }> {
  const requested = staticPath(root, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
  if (!requested) return { served: false, page: false };
  let file = requested;
  if (!(await isFile(file))) {
    if (extname(file) !== '') return { served: false, page: false };
    file = join(root, 'index.html');
    if (!(await isFile(file))) return { served: false, page: false };
  }
  const page = file.endsWith('.html');
  const size = (await stat(file)).size;
  res.statusCode = 200;
  res.setHeader('content-type', TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('content-length', size);
  res.setHeader('cache-control', page ? 'no-cache' : 'public, max-age=3600');
  if (method === 'HEAD') {
    res.end();
    return { served: true, page };
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
  return { served: true, page };
}
