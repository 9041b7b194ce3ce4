import mongoose, { type Connection } from 'mongoose';
import { captureQueryShapes, explainShapes, shapeReport, type QueryShape } from '@plein/shared/testing';
import { newUser, startFeed, withRoles, type FeedUnderTest } from './testing/feed-test-kit';

/**
 * Every query shape the feed sends is answered by an index on the local server.
 *
 * The shapes are captured, not declared: the real feed service (HTTP, event store, outbox relay,
 * projections, timeline fan-out) runs a set of flows with the driver's command monitoring on, and
 * every filter it sends is recorded with its sort, then each distinct shape is explained on the
 * same collections and must show an index scan (@plein/shared/testing, query-shapes.ts). The few shapes the
 * patched server cannot serve from an index are listed in NOT_INDEXED with the reason, as in
 * docs/performance.md ("Query shapes"); a new unindexed shape fails this test.
 */
const NOT_INDEXED: Record<string, string> = {
  'find <svc>_users_v1 {"$or":[{"_id":{"$in":["string"]}},{"userNameLower":{"$in":["string"]}}]}':
    'the actor and the @mentions of a post in one lookup (the post path budget of 4 round trips); the patched server does not push $or down, MongoDB answers each branch from an index',
};

describe('query shapes of the feed (real servers, captured with command monitoring)', () => {
  let feed: FeedUnderTest;
  let connection: Connection;
  let seen: Map<string, QueryShape>;

  beforeAll(async () => {
    const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
    feed = await startFeed({ MONGODB_URI: `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true` });
    const collections = feed.service.infrastructure.collections;
    seen = captureQueryShapes(collections.db.client, collections.registry.service);
    connection = await mongoose.createConnection(uri, { dbName: feed.database }).asPromise();
  }, 120_000);
  afterAll(async () => {
    await feed?.close();
    await connection?.close();
  });

  it('runs the feed flows, then finds an index scan for every filter they sent', async () => {
    const [alice, bob, reader] = [newUser(), newUser(), newUser()];
    withRoles(feed, alice, ['employee', 'community-manager']);
    const users = await feed.service.infrastructure.collections.of('users');
    await users.insertMany([alice, bob, reader].map((_id) => ({ _id, lastSequence: 1, userName: `u.${_id.slice(-8)}`, userNameLower: `u.${_id.slice(-8)}`, displayName: _id, managementLevel: 'employee', roles: ['employee'], active: true })));
    const ok = async (res: Promise<{ status: number; body: unknown }>) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return r.body as Record<string, unknown>;
    };
    const groupId = (await ok(feed.call(alice, 'POST', '/v1/groups', { name: 'Shapes', visibility: 'open' })))['groupId'] as string;
    await ok(feed.call(reader, 'POST', `/v1/groups/${groupId}/join`, {}));
    await ok(feed.call(reader, 'PUT', `/v1/follows/person/${alice}`));
    await ok(feed.call(reader, 'PUT', '/v1/follows/hashtag/ops'));
    const fyi = { callToAction: { kind: 'fyi' } };
    const org = (await ok(feed.call(alice, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'Hello #ops', ...fyi })))['id'] as string;
    await ok(feed.call(alice, 'POST', '/v1/posts', { audience: { kind: 'group', groupId }, kind: 'update', body: 'In the group', ...fyi }));
    await ok(feed.call(alice, 'POST', '/v1/posts', { audience: { kind: 'followers' }, kind: 'update', body: 'For followers', ...fyi }));
    const comment = (await ok(feed.call(bob, 'POST', `/v1/posts/${org}/comments`, { body: 'A comment' })))['id'] as string;
    await ok(feed.call(reader, 'PUT', `/v1/posts/${org}/reaction`, { kind: 'like' }));
    await ok(feed.call(reader, 'PUT', `/v1/comments/${comment}/reaction`, { kind: 'like' }));
    await ok(feed.call(bob, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: `Thanks @u.${alice.slice(-8)}`, ...fyi }));
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const ack = (await ok(feed.call(alice, 'POST', '/v1/posts', { audience: { kind: 'group', groupId }, kind: 'announcement', body: 'Read me', callToAction: { kind: 'acknowledge', dueAt: inAWeek } })))['id'] as string;
    await ok(feed.call(reader, 'POST', `/v1/posts/${ack}/acknowledgement`));
    const signUp = (await ok(feed.call(alice, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: 'Volunteers?', callToAction: { kind: 'sign-up', capacity: 5, deadline: inAWeek } })))['id'] as string;
    await ok(feed.call(reader, 'POST', `/v1/posts/${signUp}/sign-up`));
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
    const details = { kind: 'event', title: 'Lab tour', description: 'The lab.', startsAt: inDays(2), endsAt: inDays(2.1), location: 'B', capacity: 5 };
    const agendaItemId = (await ok(feed.call(alice, 'POST', '/v1/agenda', { audience: { kind: 'group', groupId }, details })))['agendaItemId'] as string;
    await ok(feed.call(reader, 'PUT', `/v1/agenda/${agendaItemId}/rsvp`, { answer: 'yes' }));
    // Give the relay, the projections and the fan-out time to run.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const path of [
      '/v1/timelines/home', '/v1/timelines/organisation', '/v1/timelines/hashtags/ops', `/v1/posts/${org}`, `/v1/posts/${org}/comments`,
      `/v1/posts/${org}/reactions`, `/v1/groups/${groupId}`, `/v1/groups/${groupId}/posts`, `/v1/groups/${groupId}/members`, '/v1/groups', '/v1/follows', '/v1/me', '/v1/agenda',
      `/v1/agenda/${agendaItemId}`, `/v1/posts/${org}/history`,
    ]) {
      await ok(feed.call(reader, 'GET', path));
    }
    // What only the author sees.
    for (const path of [`/v1/posts/${ack}/acknowledgements`, `/v1/posts/${signUp}/sign-ups`]) await ok(feed.call(alice, 'GET', path));
    await ok(feed.call(reader, 'POST', `/v1/groups/${groupId}/leave`, {}));
    await ok(feed.call(reader, 'DELETE', '/v1/follows/hashtag/ops'));
    await ok(feed.call(alice, 'DELETE', `/v1/posts/${org}`));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await feed.service.close();

    const results = await explainShapes(connection.db!, seen);
    process.stdout.write(`${shapeReport(results)}\n`);
    expect(results.length).toBeGreaterThan(20);
    expect(results.filter((r) => !r.indexed && !(r.shape in NOT_INDEXED)).map((r) => r.shape)).toEqual([]);
  }, 120_000);
});
