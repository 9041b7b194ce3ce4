import { OrgInfrastructure } from '@plein/profiles/infrastructure';
import { uuidv7 } from '@plein/shared/kernel';
import { profilesPerSuite, waitFor } from './testing/profiles-harness';

/**
 * The org routes on the running profiles service: identity's user events published to its
 * (prefixed) topic, projected by the org-nodes consumer, read over HTTP with platform tokens.
 */
describe('profiles org chart, directory and departments over HTTP (real servers)', () => {
  const suite = profilesPerSuite();
  const p = () => suite.profiles;
  const tag = uuidv7().slice(-6);
  const dept = (path: string) => `Org${tag}/${path}`;
  let ceo: string, cto: string, lead: string, dev1: string, dev2: string, dev3: string, sales: string, gone: string;

  beforeAll(async () => {
    const id = p().identity;
    ceo = await id.provision({ displayName: 'Carla Ceo', department: `Org${tag}`, location: 'Utrecht', managementLevel: 'board' });
    cto = await id.provision({ displayName: 'Tom Cto', department: dept('Engineering'), location: 'Utrecht', managerId: ceo, managementLevel: 'director' });
    sales = await id.provision({ displayName: 'Sara Sales', department: dept('Sales'), location: 'Amsterdam', managerId: ceo, managementLevel: 'director' });
    lead = await id.provision({ displayName: 'Lea Lead', title: 'Teamlead', department: dept('Engineering/Platform'), location: 'Utrecht', managerId: cto, managementLevel: 'manager' });
    dev1 = await id.provision({ displayName: 'Ömer Dev', department: dept('Engineering/Platform'), location: 'Amsterdam', managerId: lead });
    dev2 = await id.provision({ displayName: 'anna Dev', department: dept('Engineering/Platform'), location: 'Utrecht', managerId: lead });
    dev3 = await id.provision({ displayName: 'Bas Dev', department: dept('Engineering/Platform'), location: 'Utrecht', managerId: lead });
    gone = await id.provision({ displayName: 'Gert Gone', department: dept('Engineering/Platform'), location: 'Utrecht', managerId: lead });
    await id.deactivated(gone);
    // Every published event applied (consumer lag 0), not a chart that merely looks complete: each
    // person's events are on their own partition, so e.g. dev3's peers can be [anna, Gert] (Gert
    // provisioned, not yet deactivated; Ömer not yet projected) and count 2 a moment later.
    const org = p().service.app.get(OrgInfrastructure);
    await waitFor('the organisation projected', async () => (await org.host.lag()).every((lag) => lag.total === 0));
  }, 120_000);

  it('answers the chart: managers to the top, reports and peers A–Z, deactivated people left out', async () => {
    const res = await p().call(dev1, 'GET', `/v1/profiles/${lead}/org-chart?limit=2`);
    expect(res.status).toBe(200);
    expect(res.body.person).toMatchObject({ userId: lead, displayName: 'Lea Lead', title: 'Teamlead', department: dept('Engineering/Platform') });
    expect(res.body.managers.map((m: { userId: string }) => m.userId)).toEqual([cto, ceo]);
    expect(res.body.directReports.items.map((r: { displayName: string }) => r.displayName)).toEqual(['anna Dev', 'Bas Dev']);
    expect(res.body.directReportCount).toBe(3);
    const more = await p().call(dev1, 'GET', `/v1/profiles/${lead}/org-chart/reports?limit=2&cursor=${res.body.directReports.nextCursor}`);
    expect([more.status, more.body.items.map((r: { userId: string }) => r.userId), more.body.nextCursor]).toEqual([200, [dev1], null]);
    const peers = await p().call(dev1, 'GET', `/v1/profiles/${cto}/org-chart/peers`);
    expect(peers.body.items.map((r: { userId: string }) => r.userId)).toEqual([sales]);
    expect((await p().call(dev1, 'GET', `/v1/profiles/${gone}/org-chart`)).status).toBe(404);
    expect((await p().call(dev1, 'GET', `/v1/profiles/${uuidv7()}/org-chart`)).status).toBe(404);
  });

  it('moves a subtree when a manager changes', async () => {
    await p().identity.managerChanged(lead, sales, cto);
    await waitFor('the team under sales', async () => {
      const res = await p().call(dev2, 'GET', `/v1/profiles/${dev2}/org-chart`);
      return JSON.stringify(res.body.managers?.map((m: { userId: string }) => m.userId)) === JSON.stringify([lead, sales, ceo]);
    });
    await p().identity.managerChanged(lead, cto, sales);
    await waitFor('the team back under the cto', async () => {
      const res = await p().call(dev3, 'GET', `/v1/profiles/${dev3}/org-chart`);
      return JSON.stringify(res.body.managers?.map((m: { userId: string }) => m.userId)) === JSON.stringify([lead, cto, ceo]);
    });
  }, 60_000);

  it('lists the directory by department (with sub-departments) and location, A–Z, cursor-paged', async () => {
    const names: string[] = [];
    let cursor = '';
    do {
      const res = await p().call(dev1, 'GET', `/v1/profiles/directory?department=${encodeURIComponent(`org${tag} / engineering`)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      names.push(...res.body.items.map((r: { displayName: string }) => r.displayName));
      cursor = res.body.nextCursor ?? '';
    } while (cursor);
    expect(names).toEqual(['anna Dev', 'Bas Dev', 'Lea Lead', 'Ömer Dev', 'Tom Cto']);
    const amsterdam = await p().call(dev1, 'GET', `/v1/profiles/directory?department=Org${tag}&location=amsterdam`);
    expect(amsterdam.body.items.map((r: { displayName: string }) => r.displayName)).toEqual(['Ömer Dev', 'Sara Sales']);
  });

  it('answers the department tree with head counts', async () => {
    const top = await p().call(dev1, 'GET', `/v1/profiles/departments?limit=100`);
    expect(top.status).toBe(200);
    expect(top.body.items.find((d: { name: string }) => d.name === `Org${tag}`)).toEqual({ path: `org${tag}`.toLowerCase(), name: `Org${tag}`, headCount: 7, directHeadCount: 1, subDepartmentCount: 2 });
    const sub = await p().call(dev1, 'GET', `/v1/profiles/departments?parent=${encodeURIComponent(`Org${tag}/Engineering`)}`);
    expect(sub.body.items).toEqual([{ path: `org${tag}/engineering/platform`.toLowerCase(), name: 'Platform', headCount: 4, directHeadCount: 4, subDepartmentCount: 0 }]);
  });

  it('changes nothing when identity events are delivered again', async () => {
    const id = p().identity;
    const ids = (list: { userId: string }[]) => list.map((x) => x.userId);
    const shape = async () => {
      const tree = await p().call(dev1, 'GET', `/v1/profiles/departments?parent=${encodeURIComponent(`Org${tag}`)}`);
      const chart = (await p().call(dev1, 'GET', `/v1/profiles/${dev2}/org-chart`)).body;
      return { tree: tree.body, managers: ids(chart.managers), reports: ids(chart.directReports.items), peers: ids(chart.peers.items), count: chart.directReportCount };
    };
    const before = await shape();
    // dev2's provisioning and the lead's move to sales again, as a redelivery would: applied twice,
    // the move would put the team under sales again and count dev2 twice.
    const again = id.published.filter((e) => (e.aggregateId === dev2 && e.type === 'identity.user.provisioned') || (e.aggregateId === lead && (e.data as { managerId?: string }).managerId === sales));
    expect(again).toHaveLength(2);
    await id.send(again);
    // Then a later event on each key, whose effect shows the redelivered ones before it were consumed.
    await id.attributesChanged(dev2, { title: 'Marker' });
    await id.attributesChanged(lead, { title: 'Marker' });
    await waitFor('the markers applied', async () => {
      const chart = (await p().call(dev1, 'GET', `/v1/profiles/${dev2}/org-chart`)).body;
      return chart.person?.title === 'Marker' && chart.managers?.[0]?.title === 'Marker';
    });
    expect(await shape()).toEqual(before);
  }, 60_000);

  it('removes a deleted person from the directory and the chart', async () => {
    const temp = await p().identity.provision({ displayName: 'Zed Temp', department: dept('Legal'), location: 'Utrecht', managerId: ceo });
    const inLegal = async () => (await p().call(dev1, 'GET', `/v1/profiles/directory?department=${encodeURIComponent(dept('Legal'))}`)).body.items.map((r: { userId: string }) => r.userId);
    await waitFor('Zed in the directory', async () => (await inLegal()).includes(temp));
    await p().identity.deleted(temp);
    await waitFor('Zed gone from the directory', async () => (await inLegal()).length === 0);
    expect((await p().call(dev1, 'GET', `/v1/profiles/${temp}/org-chart`)).status).toBe(404);
    const peers = await p().call(dev1, 'GET', `/v1/profiles/${cto}/org-chart/peers`);
    expect(peers.body.items.map((r: { userId: string }) => r.userId)).toEqual([sales]);
  }, 60_000);

  it('refuses bad input with a problem naming the field, and callers without a token', async () => {
    for (const [path, field] of [
      [`/v1/profiles/directory?limit=0`, 'query.limit'],
      [`/v1/profiles/directory?limit=101`, 'query.limit'],
      [`/v1/profiles/directory?cursor=bm90LWEtY3Vyc29y`, 'query.cursor'],
      [`/v1/profiles/not-a-uuid/org-chart`, 'path.userId'],
      [`/v1/profiles/departments?cursor=${'%24'.repeat(3)}`, 'query.cursor'],
    ] as const) {
      const res = await p().call(dev1, 'GET', path);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    expect((await p().call(null, 'GET', '/v1/profiles/directory')).status).toBe(401);
  });

  it('lists every org route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${p().url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/profiles/{userId}/org-chart', '/v1/profiles/{userId}/org-chart/reports', '/v1/profiles/{userId}/org-chart/peers', '/v1/profiles/directory', '/v1/profiles/departments']),
    );
  });
});
