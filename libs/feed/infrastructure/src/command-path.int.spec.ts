import { randomBytes } from 'node:crypto';
import { GroupService, type FeedDependencies, type RequestContext } from '@plein/feed/application';
import { uuidv7 } from '@plein/shared/kernel';
import { Kafka } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { FeedInfrastructure } from './feed-infrastructure';

/**
 * The command path's read-your-writes against the real server, with no Kafka consumer running:
 * when a stream holds events its read model has not applied (an earlier request crashed between
 * append and apply), the next command's read-your-writes closes the gap by re-reading the stream
 * instead of dropping it and leaving the read model behind until a consumer catches up.
 */
describe('feed command path: read-your-writes closes sequence gaps (real server)', () => {
  let connection: Connection;
  let infra: FeedInfrastructure;

  beforeAll(async () => {
    const dbName = `plein_test_command_path_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
    infra = new FeedInfrastructure({ connection, kafka: new Kafka({ brokers: ['127.0.0.1:9092'] }), consumers: false, topicPrefix: `t${randomBytes(3).toString('hex')}.` });
    await infra.init();
  });
  afterAll(async () => {
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  it('applies the missed events and its own before answering', async () => {
    const ctx: RequestContext = { caller: { userId: uuidv7(), roles: ['employee'] }, correlationId: 'corr-gap' };
    const groups = new GroupService(infra.deps);
    const created = await groups.create(ctx, { name: 'Before', visibility: 'open' });
    const groupId = created.groupId;
    // A write whose read-your-writes never ran: the stream moves to version 2, the read model stays at 1.
    await new GroupService({ ...infra.deps, projector: { project: async () => 'applied' } as unknown as FeedDependencies['projector'] }).change(ctx, groupId, { name: 'Renamed' });
    expect((await infra.deps.readModels.groups.group(groupId))?.name).toBe('Before');

    await groups.change(ctx, groupId, { description: 'Written third' });
    expect((await infra.store.readStream(`group-${groupId}`))?.version).toBe(3);
    expect(await infra.deps.readModels.groups.group(groupId)).toMatchObject({ name: 'Renamed', description: 'Written third' });
  });
});
