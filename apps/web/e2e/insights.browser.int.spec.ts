import { waitFor } from '@plein/shared/testing';
import { startPlatform, uniqueTag, type Platform, type Session } from './platform';

/** The smallest group insights shows here (its floor): five people posting make a shown figure. */
const K = 5;
const VIEWER = 'lotte.mulder';
const OUTSIDER = 'kees.smit';
const POSTERS = ['emma.bos', 'noah.peters', 'eva.smit', 'lars.dekker', 'tim.dewit'];
const NOT_FOUND = 'Dit bestaat niet of je mag het niet zien.';

/**
 * The insights dashboard in a real browser in front of the whole platform (./platform.ts): an
 * insights viewer sees the charts (active people, shown because K colleagues posted today) and the
 * figures insights hides as "fewer than k people"; the CSV link answers CSV; anyone without the
 * role has no link and gets the not-found view.
 */
describe('insights dashboard in the web client (gateway + the whole platform)', () => {
  let p: Platform;
  let gw: string;
  let viewer: Session;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    p = await startPlatform({ env: { insights: { INSIGHTS_K: String(K) } } });
    gw = p.gw;
    const run = uniqueTag('i');
    for (const login of POSTERS) {
      const s = await p.signIn(login);
      const post = await p.api(s, 'POST', '/api/feed/v1/posts', { kind: 'update', callToAction: { kind: 'fyi' }, audience: { kind: 'organisation' }, body: `Weekupdate ${run}` }, { 'Idempotency-Key': uniqueTag('k') });
      expect(post.status).toBe(201);
    }
    await p.grantRole(VIEWER, 'insights-viewer');
    viewer = await p.signIn(VIEWER);
    // Insights counts from the events: wait until today's active people pass k.
    await waitFor(
      'insights to count today\'s posters',
      async () => {
        const answer = await p.api(viewer, 'GET', `/api/insights/v1/insights/adoption?granularity=day&from=${today}&to=${today}`);
        return answer.status === 200 && (answer.body.periods?.[0]?.activePeople ?? 0) >= K;
      },
      90_000,
      500,
    );
  }, 720_000);

  afterAll(async () => {
    await p?.close();
  });

  it('an insights viewer sees the charts, hidden figures as "fewer than k people" and working CSV links', async () => {
    const page = await p.pageAs(VIEWER);
    await page.goto(`${gw}/`);
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Inzichten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inzichten' }).waitFor();
    await page.getByText(`Cijfers over groepen van minstens ${K} mensen.`).waitFor();

    // Active people per week: a drawn chart (its image and at least one bar) and its table with this week's figure.
    const active = page.getByRole('figure', { name: 'Actieve mensen', exact: true });
    await active.getByRole('img', { name: 'Actieve mensen: staafdiagram, de waarden staan in de tabel' }).waitFor();
    expect(await active.locator('rect.ins-bar').count()).toBeGreaterThanOrEqual(1);
    await active.getByText('Als tabel').click();
    const lastRow = active.getByRole('row').last();
    expect(Number(await lastRow.getByRole('cell').first().textContent())).toBeGreaterThanOrEqual(K);

    // Few people stand behind most other figures: they read "fewer than k people", not 0.
    await page.getByText(`minder dan ${K} mensen`).first().waitFor();
    await p.expectAccessible(page, 'insights');

    // Per day: the table then has today's row with the posters counted.
    await page.getByRole('radiogroup', { name: 'Per' }).getByText('Dag', { exact: true }).click();
    await page.getByRole('button', { name: 'Tonen' }).click();
    await active.getByRole('rowheader', { name: today }).waitFor();

    // The CSV download answers CSV for the range shown.
    const href = await page.getByRole('link', { name: 'Actieve mensen per periode (CSV)' }).getAttribute('href');
    expect(href).toContain('/api/insights/v1/insights/export.csv?metric=active&granularity=day');
    const csv = await p.api(viewer, 'GET', href!);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await page.getByRole('link', { name: 'Wat meten we en wat niet?' }).getAttribute('href')).toBe('/api/insights/v1/insights/transparency.html');
    expect(page.consoleErrors).toEqual([]);
  }, 180_000);

  it('someone without the role has no link and gets the not-found view, without asking insights', async () => {
    const page = await p.pageAs(OUTSIDER);
    await page.goto(`${gw}/insights`);
    await page.getByText(NOT_FOUND).waitFor();
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).waitFor();
    expect(await page.getByRole('link', { name: 'Inzichten' }).count()).toBe(0);
    expect(page.failed.filter((f) => f.includes('/api/insights/'))).toEqual([]);
  }, 180_000);
});
