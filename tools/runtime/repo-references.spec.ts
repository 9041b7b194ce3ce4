import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository stands on its own: a comment or a document points only at files that are in it.
 * Two design notes that were never part of the repository used to be cited from comments, so
 * their names are refused anywhere (upper case, as they were cited; docs/architecture.md is the
 * project's architecture reference). Every `docs/…` path a tracked file mentions must exist.
 * The names are assembled here so that this file does not mention them itself.
 */
const ROOT = join(__dirname, '..', '..');
const FORBIDDEN = ['ARCHITECTURE', 'PRODUCT'].map((name) => `${name}.md`);
// One quantifier, not anchored at the end, so it is linear; a path is cut at its last letter below.
const DOCS_PATH = /(?<![\w./-])docs\/[\w./-]+/g;

interface TrackedFile {
  readonly path: string;
  readonly text: string;
}

function trackedTextFiles(): TrackedFile[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const files: TrackedFile[] = [];
  for (const path of listed.split('\0')) {
    if (!path || path.startsWith('node_modules/') || path.startsWith('.plein/')) continue;
    const absolute = join(ROOT, path);
    if (!existsSync(absolute)) continue; // deleted in the working tree, not yet committed
    const bytes = readFileSync(absolute);
    if (bytes.includes(0)) continue; // binary
    files.push({ path, text: bytes.toString('utf8') });
  }
  return files;
}

/** `docs/…` paths of a text that name a Markdown or YAML file, without trailing punctuation. */
export function docsPathsIn(text: string): string[] {
  const paths: string[] = [];
  for (const match of text.matchAll(DOCS_PATH)) {
    let path = match[0];
    while (path.endsWith('.') || path.endsWith('/')) path = path.slice(0, -1);
    if (path.endsWith('.md') || path.endsWith('.yaml')) paths.push(path);
  }
  return paths;
}

const LINK_TARGET = /\]\(([^)\s#]+)/g;
const CODE_SPAN = /`[^`\n]*`/g;

/** Relative targets of Markdown links (`[text](target)`), outside code blocks and code spans. */
export function relativeLinksIn(markdown: string): string[] {
  const links: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.trimStart().startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    for (const match of line.replace(CODE_SPAN, '').matchAll(LINK_TARGET)) {
      const target = match[1]!;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push(target);
    }
  }
  return links;
}

export function forbiddenNamesIn(text: string): string[] {
  return FORBIDDEN.filter((name) => text.includes(name));
}

describe('references to files outside the repository', () => {
  let files: TrackedFile[];
  beforeAll(() => {
    files = trackedTextFiles();
  });

  it('reads the tracked files (so the checks below cannot pass by looking at nothing)', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files.some((f) => f.path === 'README.md')).toBe(true);
  });

  it('finds the refused names and docs paths in a text (the matchers work)', () => {
    expect(forbiddenNamesIn(`see ${FORBIDDEN[0]} "Kafka" and ${FORBIDDEN[1]}`)).toEqual(FORBIDDEN);
    expect(forbiddenNamesIn('see docs/architecture.md')).toEqual([]);
    expect(docsPathsIn('(docs/messaging.md, docs/adr/0005-stream-locks-on-ferretdb.md). And docs/feed/, mydocs/x.md')).toEqual([
      'docs/messaging.md',
      'docs/adr/0005-stream-locks-on-ferretdb.md',
    ]);
    const markdown = ['See [a](event-store.md#outbox), [b](https://example.org) and `[c](url)`.', '```', '[d](in-code.md)', '```', '[e](../README.md)'].join('\n');
    expect(relativeLinksIn(markdown)).toEqual(['event-store.md', '../README.md']);
  });

  it('no tracked file cites the design notes that are not in the repository', () => {
    const citing = files.filter((f) => forbiddenNamesIn(f.text).length > 0).map((f) => `${f.path}: ${forbiddenNamesIn(f.text).join(', ')}`);
    expect(citing).toEqual([]);
  });

  it('every docs/… file a tracked file mentions exists', () => {
    const missing = files.flatMap((f) => docsPathsIn(f.text).filter((p) => !existsSync(join(ROOT, p))).map((p) => `${f.path}: ${p}`));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every relative link of a tracked Markdown file points at a file that exists', () => {
    const broken = files
      .filter((f) => f.path.endsWith('.md'))
      .flatMap((f) => relativeLinksIn(f.text).filter((target) => !existsSync(join(ROOT, dirname(f.path), decodeURI(target)))).map((target) => `${f.path}: ${target}`));
    expect(broken).toEqual([]);
  });

  it('the README points at docs/architecture.md as the architecture reference', () => {
    const readme = files.find((f) => f.path === 'README.md')!;
    expect(readme.text.includes('docs/architecture.md')).toBe(true);
    expect(existsSync(join(ROOT, 'docs/architecture.md'))).toBe(true);
  });
});
