import { waitFor } from '@plein/shared/testing';
import { startPlatform, type Platform, type Session } from './platform';

/** The smallest group insights shows here (its floor). */
const K = 5;
const VIEWER = 'lotte.mulder';
const OUTSIDER = 'kees.smit';
const NOT_FOUND = 'Dit bestaat niet of je mag het niet zien.';

/**
 * The insights dashboard in a real browser in front of the whole platform (./platform.ts): an
 * insights viewer sees the dashboard with its charts drawn, the headcount (more than k people are
 * known) and the figures insights hides (this run's few active people) as "fewer than k people",
 * never 0; the CSV link answers CSV; anyone without the role has no link and gets the not-found view.
 */
describe('insights dashboard in the web client (gateway + the whole platform)', () => {
  let p: Platform;
  let gw: string;
  let viewer: Session;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    p = await startPlatform({ env: { insights: { INSIGHTS_K: String(K) } } });
    gw = p.gw;
    await p.grantRole(VIEWER, 'insights-viewer');
    viewer = await p.signIn(VIEWER);
    // Insights learns people from identity's events: wait until it counts at least k of them (the demo roles' holders and the viewer signed in).
    await waitFor('insights to know k people', async () => {
      const answer = await p.api(viewer, 'GET', `/api/insights/v1/insights/adoption?granularity=day&from=${today}&to=${today}`);
      return answer.status === 200 && (answer.body.headcount ?? 0) >= K;
    });
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

    // The headcount is shown (at least k people); active people per week: the chart is drawn, its table has every week.
    const headcount = page.locator('p', { hasText: 'Aantal mensen:' }).locator('span');
    await headcount.waitFor();
    expect(Number(await headcount.textContent())).toBeGreaterThanOrEqual(K);
    const active = page.getByRole('figure', { name: 'Actieve mensen', exact: true });
    await active.getByRole('img', { name: 'Actieve mensen: staafdiagram, de waarden staan in de tabel' }).waitFor();
    await active.getByText('Als tabel').click();
    expect(await active.getByRole('row').count()).toBeGreaterThanOrEqual(2);

    // Few people were active: their figures read "fewer than k people", not 0.
    await page.getByText(`minder dan ${K} mensen`).first().waitFor();
    // Profile completeness per org unit: its stacked bars and, as a table, a row per unit with the people counted.
    const completeness = page.getByRole('figure', { name: 'Volledigheid van profielen per onderdeel' });
    await completeness.getByText('Als tabel').click();
    await completeness.getByRole('columnheader', { name: 'Profielen geteld' }).waitFor();
    expect(await completeness.getByRole('row').count()).toBeGreaterThanOrEqual(2);
    await p.expectAccessible(page, 'insights');

    // Per day: the table then has a row for today.
    await page.getByRole('radiogroup', { name: 'Per' }).getByText('Dag', { exact: true }).click();
    await page.getByRole('button', { name: 'Tonen' }).click();
    // The chart is drawn again for the new range (its axis ends today), its table closed until asked.
    await active.getByRole('img').getByText(today).waitFor();
    await active.getByText('Als tabel').click();
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
