/**
 * `npm run docs:screenshots` regenerates docs/screenshots/<screen>-desktop.png (1280 × 800) and
 * <screen>-mobile.png (360 × 740) of the web client's main screens, viewport only, in Dutch.
 *
 * It boots the whole platform in this process (apps/web/e2e/platform.ts: identity with the dev IdP,
 * the five services, the gateway serving a fresh client build, Chromium; no `npm start` needed),
 * loads the demo organisation (tools/dev/seed-demo.mjs through the gateway), then opens each
 * screen as the demo person who would use it. A screen the client does not have (the not-found
 * message, or no heading) is skipped with a message, its old PNGs left as they are. Needs the
 * local servers (Kafka, MongoDB wire, Elasticsearch) and Chromium (PLEIN_CHROMIUM).
 * `--only home,post` limits it to some screens.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startPlatform, type Platform, type Session } from './platform';

const OUT = join(__dirname, '../../../docs/screenshots');
const WIDTHS = { desktop: { width: 1280, height: 800 }, mobile: { width: 360, height: 740 } } as const;

interface Screen {
  readonly name: string;
  /** Who looks at it (a demo login). */
  readonly as: string;
  /** The path, found with the platform when it needs ids. */
  path(p: Platform, as: Session): Promise<string>;
}

const fixed = (path: string) => async () => path;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of many shapes
const items = (body: any): any[] => (Array.isArray(body?.items) ? body.items : []);

const SCREENS: readonly Screen[] = [
  { name: 'home', as: 'sanne.devries', path: fixed('/') },
  {
    name: 'post',
    as: 'sanne.devries',
    // The organisation's post with the most comments.
    path: async (p, s) => {
      const posts = items((await p.api(s, 'GET', '/api/feed/v1/timelines/organisation?limit=50')).body);
      const best = [...posts].sort((a, b) => (b.counts?.comments ?? 0) - (a.counts?.comments ?? 0))[0];
      if (!best) throw new Error('no post on the organisation timeline');
      return `/posts/${best.id}`;
    },
  },
  { name: 'groups', as: 'sanne.devries', path: fixed('/groups') },
  { name: 'agenda', as: 'sanne.devries', path: fixed('/agenda') },
  { name: 'jams', as: 'sanne.devries', path: fixed('/jams') },
  { name: 'people-search', as: 'sanne.devries', path: fixed('/people?q=kubernetes') },
  { name: 'profile', as: 'sanne.devries', path: async (p) => `/people/${await p.userId('ruben.bakker')}` },
  { name: 'org-chart', as: 'sanne.devries', path: fixed('/org') },
  { name: 'notifications', as: 'sanne.devries', path: fixed('/notifications') },
  { name: 'moderation-queue', as: 'julia.hoekstra', path: fixed('/moderation') },
  { name: 'insights', as: 'margriet.vandenberg', path: fixed('/insights') },
];

/** Until the view has its heading and nothing says it is loading; false when the view is the not-found message. */
async function settled(page: Page): Promise<boolean> {
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !/laden…/i.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 20_000 }).catch(() => undefined);
  return !(await page.getByText('Dit bestaat niet of je mag het niet zien.').count());
}

async function main(): Promise<void> {
  const only = process.argv.includes('--only') ? new Set(process.argv[process.argv.indexOf('--only') + 1]?.split(',')) : null;
  mkdirSync(OUT, { recursive: true });
  const started = performance.now();
  const p = await startPlatform({ demo: true });
  try {
    console.log(`screenshots: platform up with the demo in ${Math.round((performance.now() - started) / 1000)} s`);
    await p.grantRole('margriet.vandenberg', 'insights-viewer');
    const skipped: string[] = [];
    for (const screen of SCREENS.filter((s) => !only || only.has(s.name))) {
      try {
        const session = await p.signIn(screen.as);
        const path = await screen.path(p, session);
        for (const [size, viewport] of Object.entries(WIDTHS)) {
          const page = await p.pageAs(screen.as, viewport);
          try {
            await page.goto(`${p.gw}${path}`);
            if (!(await settled(page))) throw new Error(`${path} shows the not-found message`);
            await page.screenshot({ path: join(OUT, `${screen.name}-${size}.png`) });
          } finally {
            await page.context().close();
          }
        }
        console.log(`screenshots: ${screen.name} (${path}) as ${screen.as}`);
      } catch (error) {
        skipped.push(screen.name);
        console.log(`screenshots: SKIPPED ${screen.name}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
      }
    }
    console.log(`screenshots: ${SCREENS.length - skipped.length} screens written to docs/screenshots${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''}`);
  } finally {
    await p.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
