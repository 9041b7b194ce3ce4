/**
 * `npm run bench:web -- [--loads 20] [--timing true] [--budget-kb 200]`
 *
 * 1. The JS of the timeline route: a fresh Vite build (with its manifest), then the gzipped size
 *    of what the home route loads before it renders: the entry chunk and its static imports,
 *    transitively (not the lazily imported chunks of the areas). PASS/FAIL against the budget;
 *    the exit code is 1 when over it.
 * 2. Time to the first rendered timeline: the whole platform in this process (apps/web/e2e/platform.ts:
 *    identity + dev IdP, the five services, the gateway serving that build; no `npm start` needed)
 *    with the demo loaded (tools/dev/seed-demo.mjs through the gateway), then `--loads` cold
 *    loads of `/` signed in as a demo person in Chromium (a new context each: no cache), from
 *    navigation start to the frame after the first post card is in the page. Baseline in the same
 *    run: a static HTML page as large as the route's index.html + JS + CSS (random text, so it
 *    compresses like code), served by the same gateway from the same directory, to the frame after
 *    its last element is in the page. Last line `ratio=<ours p50 / static p50>`.
 * Needs the local servers (Kafka, MongoDB wire, Elasticsearch) and Chromium (PLEIN_CHROMIUM).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { fmt, log, parseOptions, percentile, runBench } from '@plein/bench-kit';

const ROOT = join(__dirname, '../..');
const DEFAULTS = { loads: 20, timing: true, budgetKb: 200, login: 'sanne.devries' };

interface ManifestChunk {
  readonly file: string;
  readonly src?: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
  readonly css?: readonly string[];
}

/** The files the entry loads before it runs: its chunk and static imports, transitively; and their CSS. */
export function routeFiles(manifest: Record<string, ManifestChunk>): { js: string[]; css: string[] } {
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry && chunk.src === 'index.html');
  if (!entry) throw new Error('the build manifest has no index.html entry');
  const js: string[] = [];
  const css = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the build manifest names ${key} but has no entry for it`);
    js.push(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(entry[0]);
  return { js, css: [...css] };
}

const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;

async function main(): Promise<void> {
  const o = parseOptions(DEFAULTS, 'npm run bench:web -- [options]   (boots the platform itself; needs the local servers and Chromium)', { min: 1, integer: true });
  const out = mkdtempSync(join(tmpdir(), 'plein-bench-web-'));
  try {
    let t = performance.now();
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mts', '--manifest', '--logLevel', 'error'], {
      cwd: ROOT,
      env: { ...process.env, PLEIN_WEB_OUT_DIR: out },
    });
    log(`build  : fresh Vite build in ${fmt((performance.now() - t) / 1000, 1)} s`);
    const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const { js, css } = routeFiles(manifest);
    const size = (file: string) => {
      const raw = readFileSync(join(out, file));
      return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
    };
    const jsSizes = js.map((f) => ({ file: f, ...size(f) }));
    const cssSizes = css.map((f) => ({ file: f, ...size(f) }));
    const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !js.includes(c.file));
    for (const f of jsSizes) log(`js     : ${f.file.padEnd(40)} ${kb(f.raw).padStart(10)} raw ${kb(f.gzip).padStart(10)} gzip`);
    for (const f of cssSizes) log(`css    : ${f.file.padEnd(40)} ${kb(f.raw).padStart(10)} raw ${kb(f.gzip).padStart(10)} gzip`);
    const jsGzip = jsSizes.reduce((s, f) => s + f.gzip, 0);
    const budget = o.budgetKb * 1024;
    log(`lazy   : ${lazy.length} chunks loaded on demand (${kb(lazy.reduce((s, c) => s + size(c.file).gzip, 0))} gzip), not counted`);
    log(`budget : timeline route JS ${kb(jsGzip)} gzipped in ${js.length} files; budget ${kb(budget)}: ${jsGzip <= budget ? 'PASS' : 'FAIL'}`);
    const over = jsGzip > budget ? `the timeline route loads ${kb(jsGzip)} of JS gzipped, over the budget of ${kb(budget)}` : null;
    if (!o.timing) {
      if (over) throw new Error(over);
      return;
    }

    // The static baseline: as many bytes as the route's index.html + JS + CSS, its last element last.
    const routeBytes = readFileSync(join(out, 'index.html')).length + [...jsSizes, ...cssSizes].reduce((s, f) => s + f.raw, 0);
    const head = '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Plein baseline</title></head><body><p>';
    const tail = '</p><p id="last">einde</p></body></html>';
    const filler = randomBytes(routeBytes).toString('base64').slice(0, Math.max(0, routeBytes - head.length - tail.length));
    writeFileSync(join(out, 'bench-static.html'), `${head}${filler}${tail}`);
    log(`static : bench-static.html ${kb(routeBytes)} (index.html + route JS + CSS, uncompressed)`);

    // Loaded only now: the platform's modules are large, and the size part needs none of them.
    process.env['PLEIN_WEB_DIR'] = out;
    const { startPlatform } = await import('../../apps/web/e2e/platform');
    t = performance.now();
    const p = await startPlatform({ demo: true });
    try {
      log(`boot   : platform up with the demo loaded in ${fmt((performance.now() - t) / 1000, 1)} s`);
      const session = await p.signIn(o.login);
      const home = await p.api(session, 'GET', '/api/feed/v1/timelines/home?limit=20');
      if (home.status !== 200 || (home.body.items as unknown[]).length === 0) throw new Error(`${o.login}'s home timeline is empty or failed (${home.status})`);
      log(`data   : ${o.login}'s home timeline: ${(home.body.items as unknown[]).length} posts on its first page`);
      const cookie = /plein_session=([^;]+)/.exec(session.cookie)![1]!;

      /** One cold load of `path`: ms from navigation start to the frame after `selector` is in the page. */
      const load = async (path: string, selector: string): Promise<number> => {
        const context = await (await p.liveBrowser()).newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
        try {
          await context.addCookies([{ name: 'plein_session', value: cookie, url: p.gw }]);
          // Evaluated by the browser before the page's own scripts (not subject to the page's CSP).
          await context.addInitScript((sel: string) => {
            const w = window as unknown as { __shown?: number };
            const observer = new MutationObserver(() => {
              if (w.__shown === undefined && document.querySelector(sel)) {
                observer.disconnect();
                requestAnimationFrame(() => (w.__shown = performance.now()));
              }
            });
            observer.observe(document, { childList: true, subtree: true });
          }, selector);
          const page = await context.newPage();
          await page.goto(`${p.gw}${path}`, { waitUntil: 'commit' });
          await page.waitForFunction(() => (window as unknown as { __shown?: number }).__shown !== undefined, undefined, { timeout: 30_000 });
          return await page.evaluate(() => (window as unknown as { __shown: number }).__shown);
        } finally {
          await context.close();
        }
      };
      // One of each first (the browser's own start-up, the services' first queries).
      await load('/', 'article');
      await load('/bench-static.html', '#last');
      const ours: number[] = [];
      const statics: number[] = [];
      // Interleaved, so both see the same machine.
      for (let i = 0; i < o.loads; i++) {
        ours.push(await load('/', 'article'));
        statics.push(await load('/bench-static.html', '#last'));
      }
      const line = (name: string, v: number[]) => `${name}: p50 ${fmt(percentile(v, 0.5), 0)} ms  p99 ${fmt(percentile(v, 0.99), 0)} ms  (${v.length} cold loads)`;
      log(line('timeline', ours));
      log(line('static  ', statics));
      log(`ratio=${fmt(percentile(ours, 0.5) / percentile(statics, 0.5), 2)}`);
    } finally {
      await p.close();
    }
    if (over) throw new Error(over);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

runBench(main);
