/**
 * npm run bench:notify: a 10,000-person organisation, then mixed feed events (posts that mention
 * someone, comments on someone's post) at a steady rate and in a burst at 25 times that rate. For
 * each event, the time from its produce to the moment the recipient's item is readable in the inbox
 * (the write order the live stream and the delivery channels tail), p50 and p99 per phase, against
 * a raw Kafka produce → consume hop at the same rates in the same run, and the service's MongoDB
 * round trips per event by command (where the time goes). Last line: `ratio=` (our p99 over the
 * raw hop's p99 in the burst; 1 would be as fast as Kafka alone).
 */
import { benchConnection, benchKafka, fmt, log, machine, mongoVersion, parseOptions, percentile, rate, RoundTrips, runBench, runId, sleep, UsageError } from '@plein/bench-kit';
import type { ManagementLevel, UserProvisionedV1 } from '@plein/identity/contracts';
import { MongoInbox, NotificationsInfrastructure, sourceTopics } from '@plein/notifications/infrastructure';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { encodeEnvelope } from '@plein/shared/messaging';
import type { ServiceProcessor } from '@plein/shared/platform';
import type { Kafka, Producer } from 'kafkajs';

const DEFAULTS = { people: 10_000, posts: 200, steadyPerSecond: 20, burstFactor: 25, steadySeconds: 5, burstSeconds: 4, waitSeconds: 120, peopleVia: 'read-model' as 'read-model' | 'kafka' };
const USAGE = 'usage: npm run bench:notify -- [options]   (expects npm run infra:up)';

class Publisher {
  private readonly sequences = new Map<string, number>();
  constructor(private readonly producer: Producer) {}

  envelope(aggregateType: string, aggregateId: string, type: string, data: unknown, version = 1, actorId = 'system:bench'): EventEnvelope {
    const key = `${aggregateType}:${aggregateId}`;
    const sequence = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, sequence);
    return { id: uuidv7(), type, version, source: `plein/${type.split('.')[0]}`, aggregateType, aggregateId, sequence, occurredAt: new Date().toISOString(), correlationId: 'bench', causationId: uuidv7(), actorId, data };
  }

  async send(topic: string, envelopes: readonly EventEnvelope[]): Promise<void> {
    for (let i = 0; i < envelopes.length; i += 1000) await this.producer.send({ topic, acks: -1, messages: envelopes.slice(i, i + 1000).map((e) => encodeEnvelope(e)) });
  }
}

/** Produces `perSecond` items per second for `seconds`, in 50 ms ticks; `make` builds and sends one tick's items and answers their send times. */
async function paced(perSecond: number, seconds: number, tick: (count: number) => Promise<void>): Promise<void> {
  const total = Math.round(perSecond * seconds);
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.round(((performance.now() - started) / 1000) * perSecond));
    if (due > sent) {
      await tick(due - sent);
      sent = due;
    }
    await sleep(50);
  }
}

async function rawHop(kafka: Kafka, topic: string, perSecond: number, seconds: number): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  // A loaded broker can answer a new topic's metadata before its leaders are elected: asked again.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
      await admin.fetchTopicMetadata({ topics: [topic] });
      break;
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(1000);
    }
  }
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: topic });
  const latencies: number[] = [];
  try {
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void latencies.push(performance.now() + performance.timeOrigin - Number(message.value?.toString())) });
    await sleep(3000);
    const total = Math.round(perSecond * seconds);
    await paced(perSecond, seconds, async (count) => {
      const at = String(performance.now() + performance.timeOrigin);
      await producer.send({ topic, acks: -1, messages: Array.from({ length: count }, (_, i) => ({ key: String(i), value: at })) });
    });
    for (const deadline = Date.now() + 60_000; latencies.length < total && Date.now() < deadline; ) await sleep(20);
    return latencies;
  } finally {
    await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
    await admin.deleteGroups([topic]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const o = parseOptions(DEFAULTS, USAGE, { min: 1, integer: true });
  if (o.peopleVia !== 'read-model' && o.peopleVia !== 'kafka') throw new UsageError(`--people-via must be read-model or kafka, got "${o.peopleVia}"`);
  const suffix = runId();
  const prefix = `bn${suffix}.`;
  const service = `notifications-bn${suffix}`;
  const kafka = benchKafka('bench-notify');
  // The service's own connection (its round trips are counted) and the watcher's (not counted).
  const connection = await benchConnection(`plein_bench_notify_${suffix}`);
  const watchConnection = await benchConnection(`plein_bench_notify_${suffix}`);
  const infra = new NotificationsInfrastructure({ connection, kafka, service, topicPrefix: prefix });
  const watchInbox = new MongoInbox(watchConnection.db!, { namespace: service });
  const processors: ServiceProcessor[] = infra.processors();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const topics = sourceTopics(prefix);
  try {
    log(`machine: ${machine(await mongoVersion(connection))}`);
    log(`params : ${JSON.stringify(o)}`);
    // As bootstrapService does: a processor whose topics are still being created is started again.
    for (const p of processors) {
      for (let attempt = 1; ; attempt++) {
        try {
          await p.start();
          break;
        } catch (error) {
          if (attempt >= 30) throw error;
          await sleep(1000);
        }
      }
    }
    await producer.connect();
    const pub = new Publisher(producer);

    const t = performance.now();
    const people = Array.from({ length: o.people }, () => uuidv7());
    if (o.peopleVia === 'kafka') {
      await pub.send(
        topics.people,
        people.map((userId) => {
          const data: UserProvisionedV1 = { externalId: `ext-${userId}`, userName: `u.${userId.slice(-12)}`, displayName: 'Bench Person', managementLevel: 'employee' as ManagementLevel, badges: [], managerId: null, roles: ['employee'] };
          return pub.envelope('user', userId, 'identity.user.provisioned', data);
        }),
      );
    } else {
      // What the people source writes for identity.user.provisioned, inserted at once (seeding is not what is measured).
      for (let i = 0; i < people.length; i += 1000) {
        await infra.context.people.insertMany(people.slice(i, i + 1000).map((_id) => ({ _id, active: true, managerId: null, lastSequence: 1 })));
      }
    }
    const pick = (): string => people[Math.floor(Math.random() * people.length)]!;
    const post = (authorId: string, mentions: string[]) =>
      pub.envelope('post', uuidv7(), 'feed.post.published', { authorId, audience: { kind: 'organisation' }, kind: 'update', body: 'Bench post', mentions, hashtags: [], links: [], attachments: [], callToAction: { kind: 'fyi' } }, 2, authorId);
    const seeded = Array.from({ length: o.posts }, () => post(pick(), []));
    await pub.send(topics.posts, seeded);
    for (const deadline = Date.now() + 600_000; ; await sleep(200)) {
      const [known, posts] = await Promise.all([infra.context.people.countDocuments({}), infra.context.posts.countDocuments({})]);
      if (known >= o.people && posts >= o.posts) break;
      if (Date.now() > deadline) throw new Error(`seeding stalled at ${known} people, ${posts} posts`);
    }
    log(`seeded : ${fmt(o.people)} people and ${o.posts} posts in ${fmt((performance.now() - t) / 1000, 1)} s`);

    // Watch the inbox in write order, as the stream and the delivery runner do.
    const sentAt = new Map<string, number>();
    const latency = new Map<string, number>();
    let watching = true;
    let seq = await watchInbox.head().catch(() => 0);
    const watcher = (async () => {
      while (watching) {
        const items = await watchInbox.readAfter(seq, 1000).catch(() => []);
        const now = performance.now();
        for (const item of items) {
          const at = sentAt.get(item.sourceEventId);
          if (at !== undefined && !latency.has(item.sourceEventId)) latency.set(item.sourceEventId, now - at);
          seq = Math.max(seq, item.seq);
        }
        if (items.length === 0) await sleep(5);
      }
    })();

    const phase = async (name: string, perSecond: number, seconds: number): Promise<number[]> => {
      const ids: string[] = [];
      const trips = new RoundTrips(connection, { component: name, rename: (c) => c.replace(service, 'notifications') });
      const started = performance.now();
      await paced(perSecond, seconds, async (count) => {
        const posts: EventEnvelope[] = [];
        const comments: EventEnvelope[] = [];
        for (let i = 0; i < count; i++) {
          if (i % 2 === 0) posts.push(post(pick(), [pick()]));
          else {
            const target = seeded[Math.floor(Math.random() * seeded.length)]!;
            comments.push(pub.envelope('comment', uuidv7(), 'feed.comment.added', { postId: target.aggregateId, authorId: pick(), parentCommentId: null, audience: { kind: 'organisation' }, body: 'Bench comment', mentions: [] }, 1));
          }
        }
        const now = performance.now();
        for (const e of [...posts, ...comments]) {
          sentAt.set(e.id, now);
          ids.push(e.id);
        }
        await Promise.all([posts.length ? pub.send(topics.posts, posts) : undefined, comments.length ? pub.send(topics.comments, comments) : undefined]);
      });
      const sent = performance.now();
      for (const deadline = Date.now() + o.waitSeconds * 1000; ids.some((id) => !latency.has(id)) && Date.now() < deadline; ) await sleep(50);
      trips.detach();
      const values = ids.map((id) => latency.get(id)).filter((v): v is number => v !== undefined);
      const drained = performance.now() - started;
      log(
        `ours   ${name.padEnd(6)}: ${ids.length} events at ${fmt(perSecond)}/s (sent in ${fmt((sent - started) / 1000, 1)} s) → inbox p50 ${fmt(percentile(values, 0.5))} ms, p99 ${fmt(percentile(values, 0.99))} ms; ` +
          `${fmt(rate(values.length, drained), 1)} events/s written${values.length < ids.length ? `, ${ids.length - values.length} not seen within ${o.waitSeconds} s` : ''}`,
      );
      for (const line of trips.report(Math.max(1, values.length)).slice(0, 12)) log(line);
      return values;
    };
    await phase('steady', o.steadyPerSecond, o.steadySeconds);
    const burst = await phase('burst', o.steadyPerSecond * o.burstFactor, o.burstSeconds);
    watching = false;
    await watcher;

    const rawSteady = await rawHop(kafka, `${prefix}bench.raw.steady`, o.steadyPerSecond, o.steadySeconds);
    log(`raw    steady: produce → consume p50 ${fmt(percentile(rawSteady, 0.5), 1)} ms, p99 ${fmt(percentile(rawSteady, 0.99), 1)} ms`);
    const rawBurst = await rawHop(kafka, `${prefix}bench.raw.burst`, o.steadyPerSecond * o.burstFactor, o.burstSeconds);
    log(`raw    burst : produce → consume p50 ${fmt(percentile(rawBurst, 0.5), 1)} ms, p99 ${fmt(percentile(rawBurst, 0.99), 1)} ms`);
    // Events never seen count as the whole wait: the ratio is then a lower bound.
    const ours = [...burst, ...Array.from({ length: o.steadyPerSecond * o.burstFactor * o.burstSeconds - burst.length }, () => o.waitSeconds * 1000)];
    log(`ratio=${(percentile(ours, 0.99) / percentile(rawBurst, 0.99)).toFixed(1)}`);
  } finally {
    for (const p of [...processors].reverse()) await p.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await connection.dropDatabase().catch(() => undefined);
    await Promise.all([connection.close(), watchConnection.close()]);
    const admin = kafka.admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((name) => name.startsWith(prefix));
    await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
  }
}

runBench(main);
