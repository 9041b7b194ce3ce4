import { FixedClock } from '@plein/shared/kernel';
import type mongoose from 'mongoose';
import type { Admin, Kafka } from 'kafkajs';
import { EventProcessor } from './event-processor';
import { UNCHECKED_CONTRACTS } from './processor-types';
import { claimsCollectionName, SideEffectBusyError, SideEffectClaims, type ClaimRecord } from './side-effect-claims';
import { cleanupKafka, createTopics, publish, testDatabase, testEnvelope, testKafka, uniqueName, waitFor } from './testing/int-kit';

describe('side-effect claims (real MongoDB-compatible server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let claimsCollection: mongoose.mongo.Collection<ClaimRecord>;

  beforeAll(async () => {
    database = await testDatabase();
    claimsCollection = database.db.collection<ClaimRecord>(claimsCollectionName('test'));
  });
  afterAll(() => database.drop());

  it('performs an effect once per processor and event, releases failed claims and takes over stale ones', async () => {
    const clock = new FixedClock();
    const claims = new SideEffectClaims(claimsCollection, { processor: 'mailer', leaseMs: 60_000, clock });
    const retention = await claims.ensureIndexes(3600);
    let sent = 0;
    await expect(claims.once('e-1', async () => void sent++)).resolves.toBe('performed');
    await expect(claims.once('e-1', async () => void sent++)).resolves.toBe('already-done');
    expect(sent).toBe(1);

    await expect(claims.once('e-2', async () => Promise.reject(new Error('smtp down')))).rejects.toThrow('smtp down');
    await expect(claims.once('e-2', async () => void sent++)).resolves.toBe('performed');

    // A holder that crashed after claiming: busy within the lease, taken over after it.
    await expect(claims.claim('e-3')).resolves.toBe('claimed');
    await expect(claims.once('e-3', async () => void sent++)).rejects.toThrow(SideEffectBusyError);
    clock.advance(60_001);
    await expect(claims.once('e-3', async () => void sent++)).resolves.toBe('performed');
    expect(sent).toBe(3);

    const other = new SideEffectClaims(claimsCollection, { processor: 'pusher', clock });
    await expect(other.claim('e-1')).resolves.toBe('claimed');
    expect(await claimsCollection.findOne({ _id: 'mailer:e-3' })).toMatchObject({ status: 'done', attempts: 2, eventId: 'e-3' });
    const indexes = await claimsCollection.indexes();
    if (retention === 'ttl') expect(indexes.find((i) => i.name === 'claimedAt_ttl')).toMatchObject({ expireAfterSeconds: 3600 });
    else expect(indexes.map((i) => i.name)).toContain('claimedAt');
    // Older than the retention: purged (what the TTL index does where the server has one).
    clock.advance(3_600_000);
    // Now one hour after the claims of e-1 and e-2, one hour minus the 60 s lease after e-3's takeover.
    await expect(claims.purgeExpired(3600)).resolves.toBe(2);
    expect((await claimsCollection.find({}).toArray()).map((c) => c._id).sort()).toEqual(['mailer:e-3', 'pusher:e-1']);
  });

  describe('with every message delivered twice', () => {
    let kafka: Kafka;
    let admin: Admin;
    let processor: EventProcessor | undefined;
    const topic = uniqueName('test.note.events.v1');

    beforeAll(async () => {
      kafka = testKafka();
      admin = kafka.admin();
      await admin.connect();
      await createTopics(admin, [topic], 2);
    });
    afterAll(async () => {
      await processor?.stop();
      await cleanupKafka(admin, [topic, ...(processor ? [processor.deadLetterTopic] : [])], processor ? [processor.group] : []);
      await admin.disconnect();
    });

    it('sends one notification per event', async () => {
      const claims = new SideEffectClaims(claimsCollection, { processor: 'notify' });
      const sent: string[] = [];
      processor = new EventProcessor({
        kafka, service: 'test', processor: uniqueName('notify'), topics: [topic], registry: UNCHECKED_CONTRACTS, fromBeginning: true,
        handlers: { 'test.note.written': async (e) => void (await claims.once(e.id, async () => void sent.push(e.id))) },
      });
      const events = ['n-1', 'n-2', 'n-3'].map((id) => testEnvelope({ aggregateId: id, sequence: 1, data: { text: id } }));
      await publish(kafka, topic, events.flatMap((e) => [e, e]));
      await processor.start();
      await waitFor(() => processor!.stats().processed === 6, 20_000, '6 deliveries');
      expect(sent.sort()).toEqual(events.map((e) => e.id).sort());
    });
  });
});
