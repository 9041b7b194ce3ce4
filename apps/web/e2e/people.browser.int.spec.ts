import { waitFor } from '@plein/shared/testing';
import { DEMO_ADMIN, expectNoOverflow, startPlatform, uniqueTag, type Platform, type Session } from './platform';

const SPEAKER = 'camille.laurent';
const COLLEAGUE = 'chloe.martin';
const EDITOR = 'mila.koster';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PLEIN = 'urn:ietf:params:scim:schemas:extension:plein:2.0:User';

/**
 * The people area in a real browser in front of the whole platform (./platform.ts): finding a
 * French speaker by the language facet and by a question, their profile with the evidence of their
 * expertise, editing one's own profile (a violation at its field, then completeness going up), and
 * the org chart of a team (manager, person, direct reports).
 */
describe('people in the web client (gateway + the whole platform)', () => {
  let p: Platform;
  let gw: string;
  let speaker: Session;
  let colleague: Session;
  const run = uniqueTag('p');
  const speakerName = 'Camille Laurent';
  const lead = { id: '', name: `Lea Leiding ${run}` };
  const boss = { id: '', name: `Bert Baas ${run}` };
  const reports = [`Rik Rapport ${run}`, `Roos Rapport ${run}`];

  const scimUser = async (displayName: string, level: string, managerId?: string) => {
    const created = await p.identity.scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT, PLEIN],
      userName: `${displayName.toLowerCase().replace(/\s/gu, '.')}@org.test`,
      displayName,
      title: level === 'manager' ? 'Teamleider' : 'Medewerker',
      [ENT]: { department: `Proef ${run}/Team`, ...(managerId ? { manager: { value: managerId } } : {}) },
      [PLEIN]: { managementLevel: level },
    });
    expect(created.status).toBe(201);
    return created.body['id'] as string;
  };

  beforeAll(async () => {
    p = await startPlatform({ demoRoles: false });
    gw = p.gw;
    speaker = await p.signIn(SPEAKER);
    colleague = await p.signIn(COLLEAGUE);
    await waitFor('the speaker in profiles', async () => (await p.api(speaker, 'GET', `/api/profiles/v1/profiles/${speaker.userId}`)).status === 200);
    const edit = await p.api(speaker, 'PATCH', `/api/profiles/v1/profiles/${speaker.userId}`, { languages: [{ code: 'fr', level: 'native' }], skills: ['kafka', 'facturatie', 'btw'] }, { 'Idempotency-Key': uniqueTag('k') });
    expect(edit.status).toBe(200);
    await waitFor('the speaker visible to a colleague', async () => (await p.api(colleague, 'GET', `/api/profiles/v1/profiles/${speaker.userId}`)).status === 200);
    expect((await p.api(colleague, 'PUT', `/api/profiles/v1/profiles/${speaker.userId}/endorsements/kafka`, undefined, { 'Idempotency-Key': uniqueTag('k') })).status).toBe(200);
    // A small team through SCIM (sign-in alone carries no manager).
    boss.id = await scimUser(boss.name, 'director');
    lead.id = await scimUser(lead.name, 'manager', boss.id);
    for (const name of reports) await scimUser(name, 'employee', lead.id);
    await waitFor('the French speaker in search, with the endorsement as evidence', async () => {
      const found = await p.api(speaker, 'GET', '/api/profiles/v1/profiles/search?language=fr');
      return found.status === 200 && (found.body.items as { userId: string; why: { expertise: { topic: string }[] } }[]).some((h) => h.userId === speaker.userId && h.why.expertise.some((e) => e.topic === 'kafka'));
    });
    // A curated skill term (admins), for the skill suggestions.
    const admin = await p.signIn(DEMO_ADMIN);
    const term = await p.api(admin, 'PUT', '/api/profiles/v1/profiles/taxonomy/terms/event-storming', { labels: { en: 'Event storming', nl: 'Event storming' }, synonyms: ['eventstorming'] }, { 'Idempotency-Key': uniqueTag('k') });
    expect(term.status).toBe(200);
    await waitFor('the taxonomy term', async () => ((await p.api(colleague, 'GET', '/api/profiles/v1/profiles/taxonomy?limit=100')).body.items as { termId: string }[]).some((t) => t.termId === 'event-storming'));
    await waitFor('the team in the org chart', async () => {
      const chart = await p.api(colleague, 'GET', `/api/profiles/v1/profiles/${lead.id}/org-chart`);
      return chart.status === 200 && chart.body.directReportCount === 2 && chart.body.managers.length === 1;
    });
  }, 600_000);

  afterAll(async () => {
    await p?.close();
  });

  it('finds a French speaker by the language facet and by a question, and shows why and their evidence', async () => {
    const page = await p.pageAs(COLLEAGUE);
    await page.goto(`${gw}/`);
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Mensen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mensen zoeken' }).waitFor();
    await page.getByRole('status').filter({ hasText: /collega's gevonden/u }).waitFor();
    await page.getByRole('checkbox', { name: /^Frans \(\d+\)$/u }).waitFor();
    await p.expectAccessible(page, 'people search');
    await expectNoOverflow(page, 'people search');

    const french = page.getByRole('checkbox', { name: /^Frans \(\d+\)$/u });
    await page.locator('label').filter({ has: french }).click();
    expect(await french.isChecked()).toBe(true);
    await page.waitForURL((url) => url.searchParams.get('language') === 'fr');
    const hit = page.getByRole('article').filter({ has: page.getByRole('link', { name: speakerName }) });
    await hit.getByText('Waarom deze persoon').waitFor();
    await hit.getByText(/#kafka/u).waitFor();
    expect(await page.getByRole('link', { name: 'Chloé Martin' }).count()).toBe(0);

    // The same search as a question; the URL is the search (linkable).
    await page.goto(`${gw}/people`);
    await page.getByRole('searchbox', { name: "Zoek collega's" }).fill('wie spreekt Frans?');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'wie spreekt Frans?');
    await page.getByRole('link', { name: speakerName }).click();

    await page.getByRole('heading', { level: 1, name: speakerName }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/people/${speaker.userId}`);
    const expertise = page.getByRole('region', { name: 'Expertise en bewijs' });
    await expertise.getByText(/#kafka/u).waitFor();
    await expertise.getByText(/aanbevelingen/u).waitFor();
    await page.getByText(/Frans/u).first().waitFor();
    await page.getByRole('button', { name: 'facturatie aanbevelen' }).click();
    await page.getByRole('status').filter({ hasText: 'Je hebt facturatie aanbevolen' }).waitFor();
    await p.expectAccessible(page, 'profile');
    await expectNoOverflow(page, 'profile');

    // Someone unknown, or a malformed id: the not-found view.
    await page.goto(`${gw}/people/0190b7a4-1a2b-7c3d-8e4f-0123456789ab`);
    await page.getByText('Dit bestaat niet of je mag het niet zien.').waitFor();
    await page.goto(`${gw}/people/nobody`);
    await page.getByText('Dit bestaat niet of je mag het niet zien.').waitFor();
    expect(page.consoleErrors).toEqual([]);
  });

  it('edits your own profile: a bad language at its field, then completeness goes up', async () => {
    const page = await p.pageAs(EDITOR);
    await page.goto(`${gw}/profile`);
    await page.getByRole('heading', { level: 1, name: 'Je profiel' }).waitFor();
    const figure = page.getByText(/^Je profiel is \d+% compleet$/u);
    const before = Number(((await figure.textContent()) ?? '').replace(/\D/gu, ''));
    await p.expectAccessible(page, 'edit profile');
    await expectNoOverflow(page, 'edit profile');

    const skill = page.getByRole('combobox', { name: 'Vaardigheid toevoegen' });
    for (const name of ['kafka', 'scrum', 'sql']) {
      await skill.fill(name);
      await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
      await page.getByRole('button', { name: `${name} verwijderen` }).waitFor();
    }
    // A curated term by part of its label: stored as its id, shown by its label.
    await skill.fill('storm');
    await page.getByRole('option', { name: 'Event storming' }).click();
    await page.getByRole('button', { name: 'Event storming verwijderen' }).waitFor();
    await page.getByRole('textbox', { name: 'Talen' }).fill('f1:B2');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('must be an ISO 639-1 code').waitFor();
    expect(await page.getByRole('textbox', { name: 'Talen' }).getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('textbox', { name: 'Talen' }).fill('fr:B2, en:C1');
    await page.getByRole('textbox', { name: 'Over mij' }).fill('Ik bouw de koppelingen met het magazijn.');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Je profiel is opgeslagen.').waitFor();
    const after = Number(((await figure.textContent()) ?? '').replace(/\D/gu, ''));
    expect(after).toBeGreaterThan(before);
    await page.reload();
    await page.getByText(`Je profiel is ${after}% compleet`).waitFor();
    await page.getByRole('button', { name: 'sql verwijderen' }).waitFor();
    await page.getByRole('button', { name: 'Event storming verwijderen' }).waitFor();
    expect(page.consoleErrors).toEqual([]);
  });

  it('shows the org chart: the manager above, the person, their direct reports, each linking to a profile', async () => {
    const page = await p.pageAs(COLLEAGUE);
    await page.goto(`${gw}/org/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Organigram' }).waitFor();
    await page.getByRole('region', { name: 'Leidinggevenden' }).getByRole('link', { name: boss.name }).waitFor();
    await page.getByRole('region', { name: 'Persoon' }).getByRole('link', { name: lead.name }).waitFor();
    const team = page.getByRole('region', { name: 'Direct rapporterend (2)' });
    for (const name of reports) await team.getByRole('link', { name }).waitFor();
    await page.getByRole('region', { name: 'Afdelingen' }).getByText(/^\d+ mensen/u).first().waitFor();
    await p.expectAccessible(page, 'org chart');
    await expectNoOverflow(page, 'org chart');

    await team.getByRole('link', { name: reports[0]! }).click();
    await page.getByRole('heading', { level: 1, name: reports[0]! }).waitFor();

    // Names for many people at once (what src/names.ts asks, through the gateway): in the order asked, the unknown left out.
    const names = await p.api(colleague, 'GET', `/api/identity/v1/users?ids=${lead.id},0190b7a4-1a2b-7c3d-8e4f-0123456789ab,${boss.id}`);
    expect(names.status).toBe(200);
    expect((names.body.items as { displayName: string }[]).map((u) => u.displayName)).toEqual([lead.name, boss.name]);

    // Your own place: /org.
    await page.goto(`${gw}/org`);
    await page.getByRole('region', { name: 'Persoon' }).getByRole('link', { name: 'Chloé Martin' }).waitFor();
    await p.expectAccessible(page, 'own org chart');
    expect(page.consoleErrors).toEqual([]);
  });
});
