import { uuidv7, type CommandMetadata } from '@plein/shared/kernel';
import { compileScimFilter, USER_RESOURCE, userDecider } from '@plein/identity/domain';
import { identityContractRegistry, createIdentityEventStore } from '../event-store/identity-event-store';
import { EventSourcedGroupCommandBus, EventSourcedUserCommandBus } from '../event-store/event-sourced-command-bus';
import { MongoUserNameRegistry } from '../auth/mongo-user-names';
import { testConnection } from '../testing/test-db';
import { MongoGroupDirectory, MongoUserDirectory } from './mongo-directories';
import { IdentityReadModels } from './read-models';
import { usersProjection } from './users.projection';

const meta = (): CommandMetadata => ({ correlationId: uuidv7(), causationId: uuidv7(), actorId: 'system:test' });

describe('identity read models and command buses (real MongoDB)', () => {
  let db: Awaited<ReturnType<typeof testConnection>>;
  let store: ReturnType<typeof createIdentityEventStore>;
  let readModels: IdentityReadModels;
  let users: EventSourcedUserCommandBus;
  let directory: MongoUserDirectory;

  beforeAll(async () => {
    db = await testConnection();
    store = createIdentityEventStore(db.connection, identityContractRegistry());
    await store.init();
    readModels = new IdentityReadModels(db.connection.db!);
    await readModels.init();
    users = new EventSourcedUserCommandBus({ store, readModels });
    directory = new MongoUserDirectory(readModels);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads its own writes, and answers SCIM filters from the read model', async () => {
    const userId = uuidv7();
    await users.execute({ type: 'ProvisionUser', userId, attributes: { userName: 'Ada@Example.org', department: 'Research' } }, meta());
    await users.execute({ type: 'UpdateUserAttributes', userId, changes: { title: 'Engineer', department: null } }, meta());
    const record = await directory.get(userId);
    expect(record).toMatchObject({ version: 2, active: true, attributes: { userName: 'Ada@Example.org', title: 'Engineer' } });
    expect(record!.attributes).not.toHaveProperty('department');
    expect((await directory.findByUserName('ada@example.ORG'))?.id).toBe(userId);
    const page = await directory.list({ filter: compileScimFilter('userName eq "ADA@example.org" and title sw "eng"', USER_RESOURCE), startIndex: 1, count: 10, sortOrder: 'ascending' });
    expect(page.items.map((u) => u.id)).toEqual([userId]);
  });

  it('applies each event once: Kafka redeliveries after the in-process update change nothing', async () => {
    const userId = uuidv7();
    await users.execute({ type: 'ProvisionUser', userId, attributes: { userName: 'grace@example.org' } }, meta());
    await users.execute({ type: 'GrantRole', userId, role: 'moderator' }, meta());
    const collection = await readModels.users();
    const before = await collection.findOne({ _id: userId });
    const ctx = { service: 'identity', name: 'users', version: 1, mode: 'live' as const, db: db.connection.db!, collection };
    for (const event of (await store.readStream(`user-${userId}`))!.events) await usersProjection.apply(event, ctx);
    expect(await collection.findOne({ _id: userId })).toEqual(before);
    // An event of another installation sharing the cluster (its stream is not in our store) is ignored.
    const foreign = { ...(await store.readStream(`user-${userId}`))!.events[0]!, aggregateId: uuidv7() };
    await usersProjection.apply(foreign, ctx);
    expect(await collection.findOne({ _id: foreign.aggregateId })).toBeNull();
  });

  it('catches a read model up when an earlier append was never applied (crash between append and apply)', async () => {
    const userId = uuidv7();
    await users.execute({ type: 'ProvisionUser', userId, attributes: { userName: 'alan@example.org' } }, meta());
    // An append that bypasses the bus, as if the process died before updating the read model.
    const stream = (await store.readStream(`user-${userId}`))!;
    const state = stream.events.reduce((s, e) => userDecider.evolve(s, e as never), userDecider.initialState());
    await store.append(`user-${userId}`, stream.version, userDecider.decide({ type: 'GrantRole', userId, role: 'admin' }, state), meta());
    expect((await directory.get(userId))!.roles).toEqual(['employee']);
    await users.execute({ type: 'DeactivateUser', userId, reason: 'administrator' }, meta());
    expect(await directory.get(userId)).toMatchObject({ version: 3, active: false, roles: ['employee', 'admin'] });
  });

  it('keeps a tombstone without personal data for a deleted user', async () => {
    const userId = uuidv7();
    await users.execute({ type: 'ProvisionUser', userId, attributes: { userName: 'gone@example.org', title: 'Secret' } }, meta());
    await users.execute({ type: 'DeleteUser', userId }, meta());
    expect(await directory.get(userId)).toBeNull();
    const doc = await (await readModels.users()).findOne({ _id: userId });
    expect(doc).toMatchObject({ deleted: true, lastSequence: 3 });
    expect(JSON.stringify(doc)).not.toMatch(/gone@example|Secret/);
  });

  it('keeps group membership in order through add/remove deltas', async () => {
    const groups = new EventSourcedGroupCommandBus({ store, readModels });
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    const groupId = uuidv7();
    await groups.execute({ type: 'CreateGroup', groupId, displayName: 'Research', members: [a, b] }, meta());
    await groups.execute({ type: 'ChangeGroupMembership', groupId, add: [c], remove: [a] }, meta());
    const group = await new MongoGroupDirectory(readModels).get(groupId);
    expect(group).toMatchObject({ displayName: 'Research', memberIds: [b, c], version: 3 });
    expect((await new MongoGroupDirectory(readModels).groupsOf([c, a])).get(c)).toEqual([{ id: groupId, displayName: 'Research' }]);
  });

  it('lets exactly one of several concurrent claims of a userName win', async () => {
    const names = new MongoUserNameRegistry(db.connection.db!.collection('user_names_race'), store);
    const ids = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const results = await Promise.allSettled(ids.map((id) => names.claim('Same.Name@example.org', id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(3).fill('IDENTITY.USERNAME_TAKEN'));
  });
});
