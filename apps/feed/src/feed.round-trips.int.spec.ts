import { newUser, startFeed, type FeedUnderTest } from './testing/feed-test-kit';

/**
 * The hot path's cost in MongoDB round trips, counted with the driver's command monitoring
 * (`monitorCommands=true` on the service's own connection): every command the service sends
 * between the request and its response. FEED_CONSUMERS=off, so no relay or projection consumer
 * talks to the database meanwhile; the registry's cached reads are warmed by a first request.
 */
describe('round trips of POST /v1/posts (HTTP, real servers, command monitoring)', () => {
  let feed: FeedUnderTest;
  const author = newUser();
  const [ana, ben] = [newUser(), newUser()];
  const commands: string[] = [];
  let counting = false;

  beforeAll(async () => {
    const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
    feed = await startFeed({ FEED_CONSUMERS: 'off', MONGODB_URI: `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true` });
    const client = feed.service.infrastructure.collections.db.client;
    client.on('commandStarted', (e) => {
      if (counting) commands.push(`${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`);
    });
    // The people as identity's events would have left them in the users read model.
    const users = await feed.service.infrastructure.collections.of('users');
    await users.insertMany([author, ana, ben].map((_id) => ({ _id, lastSequence: 1, userName: handle(_id), userNameLower: handle(_id), displayName: _id, managementLevel: 'employee', roles: ['employee'], active: true })));
  }, 120_000);
  afterAll(async () => {
    await feed?.close();
  });

  const handle = (userId: string) => `user.${userId.slice(-8)}`;

  it('publishes an organisation-wide post with two mentions in at most 4 round trips (either event-store write mode)', async () => {
    const body = { audience: { kind: 'organisation' }, kind: 'update', body: `Welcome @${handle(ana)} and @${handle(ben)}!`, callToAction: { kind: 'fyi' } };
    // A first post warms the registry's cache of active collections.
    expect((await feed.call(author, 'POST', '/v1/posts', body)).status).toBe(201);
    commands.length = 0;
    counting = true;
    const res = await feed.call(author, 'POST', '/v1/posts', body);
    counting = false;
    expect(res.status).toBe(201);
    expect(res.body.mentions).toEqual([ana, ben]);
    // The actor and both mentions in one lookup; the new stream is one insert in either write
    // mode (stream locks guard appends to existing streams only); the post's read model one
    // insert-only upsert; the response one read of it.
    expect(commands.length).toBeLessThanOrEqual(4);
    expect(commands.filter((c) => c.startsWith('find ') && c.endsWith('_users_v1'))).toHaveLength(1);
  }, 60_000);

  it('costs one round trip more with an Idempotency-Key, and a retry answers the same post', async () => {
    const body = { audience: { kind: 'organisation' }, kind: 'update', body: `Thanks @${handle(ana)}`, callToAction: { kind: 'fyi' } };
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    commands.length = 0;
    counting = true;
    const first = await feed.call(author, 'POST', '/v1/posts', body, headers);
    counting = false;
    expect(first.status).toBe(201);
    expect(commands.length).toBeLessThanOrEqual(5);
    const retry = await feed.call(author, 'POST', '/v1/posts', body, headers);
    expect([retry.status, retry.body.id]).toEqual([201, first.body.id]);
  }, 60_000);
});
