import { uuidv7 } from '@plein/shared/kernel';
import mongoose from 'mongoose';
import { profilesPerSuite, projectionsCaughtUp, redeliverStream, waitFor, waitForProfile } from './testing/profiles-harness';

/** The profile core against the real servers: identity's events in, edits, visibility, taxonomy, lifecycle. */
describe('profiles: profile views, edits, taxonomy and lifecycle (real Kafka and FerretDB)', () => {
  const suite = profilesPerSuite();
  const admin = uuidv7();
  let db: mongoose.Connection;

  beforeAll(async () => {
    suite.profiles.withRoles(admin, ['employee', 'admin']);
    db = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: suite.profiles.database }).asPromise();
  });
  afterAll(async () => {
    await db?.close();
  });

  const views = () => db.collection(`${suite.profiles.serviceName}_profile_views_v1`);
  const get = (viewer: string, userId: string) => suite.profiles.call(viewer, 'GET', `/v1/profiles/${userId}`);
  const patch = (caller: string, userId: string, body: unknown, headers: Record<string, string> = {}) => suite.profiles.call(caller, 'PATCH', `/v1/profiles/${userId}`, body, headers);

  it("shows identity's directory data with the person's own edits and the completeness of both", async () => {
    const manager = await suite.profiles.identity.provision({ displayName: 'Grace Hopper', managementLevel: 'manager' });
    const ada = await suite.profiles.identity.provision({ displayName: 'Ada Lovelace', title: 'Engineer', department: 'Research', location: 'London', managerId: manager });
    await waitForProfile(suite.profiles, ada);
    const before = await get(ada, ada);
    expect(before.body).toMatchObject({ userId: ada, displayName: 'Ada Lovelace', title: 'Engineer', department: 'Research', managerId: manager, active: true, skills: [], profileVersion: 0 });
    expect(before.body.completeness).toEqual({ score: 20, missing: ['skills', 'photo', 'askMeAbout', 'bio', 'languages', 'experience', 'interests'] });

    const edited = await patch(ada, ada, {
      skills: ['TypeScript', 'Kafka', 'Event sourcing'],
      languages: [{ code: 'nl', level: 'native' }, { code: 'en', level: 'C1' }],
      askMeAbout: ['Running Kafka'],
      bio: 'I build **boring** infrastructure.\r\n\r\n\r\n\r\nAsk me. <img src=x onerror=alert(1)>',
      photoUrl: 'https://cdn.example.org/ada.jpg',
      experience: [{ title: 'Engineer', organisation: 'Analytical Engines', from: '2019-03', to: null }],
    });
    expect(edited.status).toBe(200);
    // Read-your-writes: the answer and the next read already hold the edit.
    expect(edited.body).toMatchObject({ skills: ['TypeScript', 'Kafka', 'Event sourcing'], bio: 'I build **boring** infrastructure.\n\nAsk me. \\<img src=x onerror=alert(1)>', profileVersion: 1 });
    expect(edited.body.completeness).toEqual({ score: 95, missing: ['interests'] });
    const colleague = await suite.profiles.identity.provision();
    await waitForProfile(suite.profiles, colleague);
    expect((await get(colleague, ada)).body).toMatchObject({ displayName: 'Ada Lovelace', languages: [{ code: 'nl', level: 'native' }, { code: 'en', level: 'C1' }], photoUrl: 'https://cdn.example.org/ada.jpg' });

    // Directory changes keep the person's own fields.
    await suite.profiles.identity.attributesChanged(ada, { title: 'Principal Engineer', location: null });
    await waitFor('title change', async () => (await get(ada, ada)).body.title === 'Principal Engineer');
    const after = (await get(ada, ada)).body;
    expect([after.location, after.skills, after.profileVersion]).toEqual([undefined, ['TypeScript', 'Kafka', 'Event sourcing'], 1]);
  });

  it('refuses bad input with a problem naming the field, and edits of someone else', async () => {
    const bob = await suite.profiles.identity.provision();
    const eve = await suite.profiles.identity.provision();
    await waitForProfile(suite.profiles, bob);
    await waitForProfile(suite.profiles, eve);
    const cases: [unknown, string[]][] = [
      [{ languages: [{ code: 'dutch', level: 'C1' }] }, ['body.languages[0].code']],
      [{ languages: [{ code: 'nl', level: 'fluent' }] }, ['body.languages[0].level']],
      [{ photoUrl: 'http://cdn.example.org/bob.jpg' }, ['body.photoUrl']],
      [{ skills: Array.from({ length: 51 }, (_, i) => `skill ${i}`) }, ['body.skills']],
      [{ experience: [{ title: 'x', organisation: 'y', from: '2020-13', to: null }] }, ['body.experience[0].from']],
      [{ nickname: 'bobby' }, ['body']],
      [{}, ['body']],
      // Rules the shape cannot say come from the domain, named the same way.
      [{ languages: [{ code: 'nl', level: 'C1' }, { code: 'nl', level: 'B2' }] }, ['body.languages[1].code']],
      [{ experience: [{ title: 'x', organisation: 'y', from: '2020-05', to: '2019-01' }] }, ['body.experience[0].to']],
    ];
    for (const [body, fields] of cases) {
      const res = await patch(bob, bob, body);
      expect([res.status, res.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
      expect([...new Set((res.body.errors as { field: string }[]).map((e) => e.field))]).toEqual(fields);
    }
    expect((await patch(bob, bob, { bio: 'hi' }, { 'idempotency-key': 'with space' })).body.errors[0].field).toBe('header.Idempotency-Key');
    expect((await get(bob, 'not-a-uuid')).body.errors[0].field).toBe('path.userId');

    const other = await patch(eve, bob, { bio: 'hacked' });
    expect([other.status, other.body.code]).toEqual([403, 'PROFILES.NOT_YOUR_PROFILE']);
    const unknown = uuidv7();
    expect((await get(bob, unknown)).status).toBe(404);
    expect((await patch(bob, unknown, { bio: 'x' })).status).toBe(404);
    // Admins may edit anyone they can see.
    expect((await patch(admin, bob, { askMeAbout: ['Onboarding'] })).body.askMeAbout).toEqual(['Onboarding']);
    expect((await get(bob, bob)).body.bio).toBeNull();
  });

  it('stores a retried edit (same Idempotency-Key) once, and an edit that changes nothing not at all', async () => {
    const carol = await suite.profiles.identity.provision();
    await waitForProfile(suite.profiles, carol);
    const first = await patch(carol, carol, { interests: ['cycling'] }, { 'idempotency-key': 'edit-1' });
    const retry = await patch(carol, carol, { interests: ['cycling'] }, { 'idempotency-key': 'edit-1' });
    const same = await patch(carol, carol, { interests: ['  cycling '] });
    expect([first.status, retry.status, same.status]).toEqual([200, 200, 200]);
    expect([first.body.profileVersion, retry.body.profileVersion, same.body.profileVersion]).toEqual([1, 1, 1]);
    const stream = await db.collection(`${suite.profiles.serviceName}_streams`).findOne({ _id: `profile-${carol}` } as never);
    expect((stream?.['events'] as { type: string }[]).map((e) => e.type)).toEqual(['profiles.profile.edited']);
    // An old profile event delivered again (after a later edit) changes nothing either.
    expect((await patch(carol, carol, { interests: ['running'] })).body.profileVersion).toBe(2);
    await projectionsCaughtUp(suite.profiles);
    const before = await views().findOne({ _id: carol } as never);
    expect(await redeliverStream(suite.profiles, `profile-${carol}`, 1)).toBe(1);
    await projectionsCaughtUp(suite.profiles);
    expect(await views().findOne({ _id: carol } as never)).toEqual(before);
    expect((await get(carol, carol)).body.interests).toEqual(['running']);
  });

  it('changes nothing twice when identity events are delivered again', async () => {
    const dan = await suite.profiles.identity.provision({ title: 'Analyst' });
    await suite.profiles.identity.attributesChanged(dan, { title: 'Senior Analyst' });
    await waitFor('dan', async () => (await get(dan, dan)).body?.title === 'Senior Analyst');
    await patch(dan, dan, { skills: ['SQL'] });
    const before = await views().findOne({ _id: dan } as never);
    // Redeliver the whole stream: the provisioned event must not bring the old title back.
    await suite.profiles.identity.send(suite.profiles.identity.published.filter((e) => e.aggregateId === dan));
    await projectionsCaughtUp(suite.profiles);
    expect(await views().findOne({ _id: dan } as never)).toEqual(before);
    // The stream goes on where it was.
    await suite.profiles.identity.attributesChanged(dan, { department: 'Finance' });
    await waitFor('department', async () => (await get(dan, dan)).body.department === 'Finance');
    expect((await get(dan, dan)).body).toMatchObject({ title: 'Senior Analyst', skills: ['SQL'] });
  });

  it('hides a deactivated person from everyone but admins, and shows them again once reactivated', async () => {
    const erin = await suite.profiles.identity.provision();
    const viewer = await suite.profiles.identity.provision();
    await waitForProfile(suite.profiles, erin, viewer);
    await suite.profiles.identity.deactivated(erin);
    await waitFor('deactivation', async () => (await get(viewer, erin)).status === 404);
    expect((await get(admin, erin)).body).toMatchObject({ userId: erin, active: false });
    expect((await patch(viewer, erin, { bio: 'x' })).status).toBe(404);
    await suite.profiles.identity.reactivated(erin);
    await waitFor('reactivation', async () => (await get(viewer, erin)).status === 200);
  });

  it('keeps no document of a deleted person, also when their events arrive again', async () => {
    const frank = await suite.profiles.identity.provision({ displayName: 'Frank Deleted', title: 'Temp' });
    await waitForProfile(suite.profiles, frank);
    await patch(frank, frank, { bio: 'about me', skills: ['Go'] });
    const own = (await suite.profiles.service.infrastructure.store.readStream(`profile-${frank}`))!.events;
    await suite.profiles.identity.deleted(frank);
    await waitFor('deletion', async () => (await get(admin, frank)).status === 404);
    expect(await views().findOne({ _id: frank } as never)).toBeNull();
    // Their own stream is erased from the event store (ADR 0025).
    await waitFor('profile stream erased', async () => (await suite.profiles.service.infrastructure.store.readStream(`profile-${frank}`)) === null);
    // Redelivered identity events (from sequence 1) and a late profile event do not bring them back.
    await suite.profiles.identity.send(suite.profiles.identity.published.filter((e) => e.aggregateId === frank));
    expect(await redeliverStream(suite.profiles, `profile-${frank}`)).toBe(0);
    await suite.profiles.identity.send(own, suite.profiles.service.infrastructure.topics.profile);
    await projectionsCaughtUp(suite.profiles);
    expect(await views().findOne({ _id: frank } as never)).toBeNull();
    expect(await views().countDocuments({ displayName: 'Frank Deleted' })).toBe(0);
  });

  it('lets admins curate the taxonomy, resolves skills to its terms and pages through it', async () => {
    const gina = await suite.profiles.identity.provision();
    await waitForProfile(suite.profiles, gina);
    const put = (caller: string, termId: string, body: unknown) => suite.profiles.call(caller, 'PUT', `/v1/profiles/taxonomy/terms/${termId}`, body);
    expect((await put(gina, 'kubernetes', { labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s'] })).body.code).toBe('PROFILES.ADMIN_ONLY');
    expect((await put(admin, 'kubernetes', { labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['K8s', 'kube'] })).body).toEqual({ termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s', 'kube'] });
    expect((await put(admin, 'french', { labels: { en: 'French', nl: 'Frans' } })).status).toBe(200);
    expect((await put(admin, 'Bad Id', { labels: { en: 'x', nl: 'x' } })).body.errors[0].field).toBe('path.termId');
    expect((await put(admin, 'go', { labels: { en: ' ', nl: 'Go' } })).body.errors[0].field).toBe('body.labels.en');

    const edited = await patch(gina, gina, { skills: ['K8S', 'frans', 'Knitting'] });
    expect(edited.body.skills).toEqual(['kubernetes', 'french', 'Knitting']);

    const page1 = await suite.profiles.call(gina, 'GET', '/v1/profiles/taxonomy?limit=1');
    expect([page1.body.items.map((t: { termId: string }) => t.termId), page1.body.next]).toEqual([['french'], 'french']);
    const page2 = await suite.profiles.call(gina, 'GET', `/v1/profiles/taxonomy?limit=1&cursor=${page1.body.next}`);
    expect([page2.body.items.map((t: { termId: string }) => t.termId), page2.body.next]).toEqual([['kubernetes'], null]);
    expect((await suite.profiles.call(gina, 'GET', '/v1/profiles/taxonomy?limit=101')).body.errors[0].field).toBe('query.limit');

    expect((await suite.profiles.call(admin, 'DELETE', '/v1/profiles/taxonomy/terms/french')).status).toBe(204);
    expect((await suite.profiles.call(admin, 'DELETE', '/v1/profiles/taxonomy/terms/french')).status).toBe(204);
    expect((await suite.profiles.call(admin, 'DELETE', '/v1/profiles/taxonomy/terms/never-defined')).status).toBe(404);
    expect((await suite.profiles.call(gina, 'GET', '/v1/profiles/taxonomy')).body.items.map((t: { termId: string }) => t.termId)).toEqual(['kubernetes']);
  });

  it('lists its routes in the OpenAPI document and refuses unauthenticated calls', async () => {
    const doc = (await suite.profiles.call(null, 'GET', '/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/profiles/{userId}', '/v1/profiles/taxonomy', '/v1/profiles/taxonomy/terms/{termId}']));
    expect((await suite.profiles.call(null, 'GET', `/v1/profiles/${uuidv7()}`)).status).toBe(401);
  });
});
