import { notificationsPerSuite, sourcesCaughtUp, waitFor, type NotificationsUnderTest } from './testing/notifications-harness';

/** Preferences over HTTP, their events and read model, and what they change in the inbox; against the real servers. */
describe('notifications preferences', () => {
  const suite = notificationsPerSuite();
  let n: NotificationsUnderTest;
  beforeAll(() => {
    n = suite.notifications;
  });

  const people = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await n.events.person());
    await waitFor('people known', async () => (await n.infrastructure.sourceDeps.people.activeAmong(ids)).size === ids.length);
    return ids;
  };
  const choices = { channels: { reaction: { push: false } }, quietHours: { start: '22:00', end: '07:00' }, timeZone: 'Europe/Amsterdam', mutedPosts: [], mutedGroups: [], groupPosts: {} };

  it('keeps a person\'s own choices over the defaults; the same values again record nothing; a retry with the same Idempotency-Key answers the same', async () => {
    const [me] = (await people(1)) as [string];
    const fresh = await n.call(me, 'GET', '/v1/notifications/preferences');
    expect(fresh.status).toBe(200);
    expect(fresh.body.choices).toEqual({ channels: {}, quietHours: null, timeZone: 'UTC', mutedPosts: [], mutedGroups: [], groupPosts: {} });
    expect(fresh.body.effective.channels.reaction).toEqual({ 'in-app': true, push: true, 'email-immediate': false, 'email-digest': true });

    const put = await n.call(me, 'PUT', '/v1/notifications/preferences', choices, { 'idempotency-key': 'prefs-1' });
    expect(put.status).toBe(200);
    expect(put.body.choices).toEqual(choices);
    expect(put.body.effective).toMatchObject({ timeZone: 'Europe/Amsterdam', quietHours: { start: '22:00', end: '07:00' }, channels: { reaction: { push: false, 'in-app': true } } });
    expect((await n.call(me, 'PUT', '/v1/notifications/preferences', choices, { 'idempotency-key': 'prefs-1' })).body).toEqual(put.body);
    expect((await n.call(me, 'PUT', '/v1/notifications/preferences', choices)).status).toBe(200);
    expect((await n.infrastructure.store.readStream(`preferences-${me}`))?.events.map((e) => e.type)).toEqual(['notifications.preferences.changed']);
    // The port the delivery channels read.
    expect(await n.infrastructure.preferences.forRecipient(me)).toMatchObject({ userId: me, timeZone: 'Europe/Amsterdam', quietHours: { start: '22:00', end: '07:00' } });
  });

  it('refuses bad preferences with a problem naming the field', async () => {
    const [me] = (await people(1)) as [string];
    for (const [body, field] of [
      [{ ...choices, timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
      [{ ...choices, quietHours: { start: '25:00', end: '07:00' } }, 'body.quietHours.start'],
      [{ ...choices, quietHours: { start: '07:00', end: '07:00' } }, 'body.quietHours.end'],
      [{ ...choices, channels: { reaction: { fax: true } } }, 'body.channels.reaction'],
      [{ ...choices, mutedPosts: ['nope'] }, 'body.mutedPosts[0]'],
    ] as const) {
      const res = await n.call(me, 'PUT', '/v1/notifications/preferences', body);
      expect([res.status, res.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await n.call(me, 'PUT', `/v1/notifications/mutes/posts/not-a-uuid`)).body.errors.map((e: { field: string }) => e.field)).toEqual(['path.postId']);
  });

  it('mutes a post and a group, and sends a group\'s new posts only to members who chose all', async () => {
    const [author, me, other] = (await people(3)) as [string, string, string];
    const groupId = await n.events.group('open', author, [me, other]);
    const muted = await n.events.post(author);
    expect((await n.call(me, 'PUT', `/v1/notifications/mutes/posts/${muted}`)).body.choices.mutedPosts).toEqual([muted]);
    expect((await n.call(me, 'PUT', `/v1/notifications/mutes/posts/${muted}`)).body.choices.mutedPosts).toEqual([muted]);
    expect((await n.call(me, 'PUT', `/v1/notifications/groups/${groupId}/posts`, { setting: 'all' })).body.choices.groupPosts).toEqual({ [groupId]: 'all' });
    await sourcesCaughtUp(n);

    await n.events.comment(muted, other, { mentions: [me] });
    const groupPost = await n.events.post(author, { audience: { kind: 'group', groupId } });
    await waitFor('the group post', async () => (await n.inbox(me)).some((i) => i.type === 'group-post' && i.target.id === groupPost));
    await sourcesCaughtUp(n);
    expect((await n.inbox(me)).map((i) => i.type)).toEqual(['group-post']);
    expect(await n.inbox(other)).toEqual([]);

    await n.call(me, 'PUT', `/v1/notifications/mutes/groups/${groupId}`);
    await n.events.post(author, { audience: { kind: 'group', groupId }, mentions: [me] });
    const control = await n.events.post(author, { mentions: [me] });
    await waitFor('the control mention', async () => (await n.inbox(me)).some((i) => i.target.id === control));
    await sourcesCaughtUp(n);
    expect((await n.inbox(me)).map((i) => i.type).sort()).toEqual(['group-post', 'mention']);
  });

  it('lets administrators only set the organisation defaults, under each person\'s own choices', async () => {
    const [admin, plain, author, keen] = (await people(4)) as [string, string, string, string];
    n.withRoles(admin, ['employee', 'admin']);
    const defaults = { channels: { reaction: { 'in-app': false, 'email-digest': false } } };
    const refused = await n.call(plain, 'PUT', '/v1/notifications/preferences/defaults', defaults);
    expect([refused.status, refused.body.code]).toEqual([403, 'NOTIFICATIONS.ADMIN_ONLY']);
    expect((await n.call(admin, 'PUT', '/v1/notifications/preferences/defaults', defaults)).body).toEqual(defaults);
    expect((await n.call(plain, 'GET', '/v1/notifications/preferences/defaults')).body).toEqual(defaults);
    expect((await n.call(plain, 'GET', '/v1/notifications/preferences')).body.effective.channels.reaction).toEqual({ 'in-app': false, push: true, 'email-immediate': false, 'email-digest': false });
    await n.call(keen, 'PUT', '/v1/notifications/preferences', { channels: { reaction: { 'in-app': true } } });

    const postOfPlain = await n.events.post(plain);
    const postOfKeen = await n.events.post(keen);
    await n.events.react(postOfPlain, author);
    await n.events.react(postOfKeen, author);
    await waitFor('the keen one\'s reaction', async () => (await n.inbox(keen)).some((i) => i.type === 'reaction'));
    await sourcesCaughtUp(n);
    expect(await n.inbox(plain)).toEqual([]);
    // Put back for the other tests of this suite.
    await n.call(admin, 'PUT', '/v1/notifications/preferences/defaults', { channels: {} });
  });
});
