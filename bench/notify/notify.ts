/**
 * npm run bench:notify: a 10,000-person organisation, then mixed feed events (posts that mention
 * someone, comments on someone's post) at a steady rate and in a burst at 25 times that rate. For
 * each event, the time from its produce to the moment the recipient's item is readable in the inbox
 * (the write order the live stream and the delivery channels tail), p50 and p99 per phase, against
 * a raw Kafka produce → consume hop at the same rates in the same run. Last line: `ratio=` (raw p99
 * over ours in the burst).
 */
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import type { ManagementLevel, UserProvisionedV1 } from '@plein/identity/contracts';
import { NotificationsInfrastructure, sourceTopics } from '@plein/notifications/infrastructure';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { encodeEnvelope } from '@plein/shared/messaging';
import type { ServiceProcessor } from '@plein/shared/platform';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose from 'mongoose';

const DEFAULTS = { people: 10_000, posts: 200, steadyPerSecond: 20, burstFactor: 25, steadySeconds: 5, burstSeconds: 4 };
type Options = typeof DEFAULTS;

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function options(): Options {
  const out: Record<string, number> = { ...DEFAULTS };
  for (const arg of process.argv.slice(2)) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    const name = (key ?? '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(name in out) || !Number.isFinite(Number(value))) {
      log(`usage: npm run bench:notify -- [${Object.keys(DEFAULTS).map((k) => `--${k}=N`).join(' ')}]   (expects npm run infra:up)`);
      process.exit(2);
    }
    out[name] = Number(value);
  }
  return out as Options;
}

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
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
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
  const o = options();
  const suffix = randomBytes(4).toString('hex');
  const prefix = `bn${suffix}.`;
  const kafka = new Kafka({ clientId: 'bench-notify', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_bench_notify_${suffix}` }).asPromise();
  const infra = new NotificationsInfrastructure({ connection, kafka, service: `notifications-bn${suffix}`, topicPrefix: prefix });
  const processors: ServiceProcessor[] = infra.processors();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const topics = sourceTopics(prefix);
  try {
    log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.versions.node}`);
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

    let t = performance.now();
    const people = Array.from({ length: o.people }, () => uuidv7());
    await pub.send(
      topics.people,
      people.map((userId) => {
        const data: UserProvisionedV1 = { externalId: `ext-${userId}`, userName: `u.${userId.slice(-12)}`, displayName: 'Bench Person', managementLevel: 'employee' as ManagementLevel, badges: [], managerId: null, roles: ['employee'] };
        return pub.envelope('user', userId, 'identity.user.provisioned', data);
      }),
    );
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
    let seq = await infra.inbox.head().catch(() => 0);
    const watcher = (async () => {
      while (watching) {
        const items = await infra.inbox.readAfter(seq, 1000).catch(() => []);
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
      for (const deadline = Date.now() + 120_000; ids.some((id) => !latency.has(id)) && Date.now() < deadline; ) await sleep(50);
      const values = ids.map((id) => latency.get(id)).filter((v): v is number => v !== undefined);
      log(`ours   ${name.padEnd(6)}: ${ids.length} events at ${fmt(perSecond)}/s → inbox p50 ${fmt(percentile(values, 0.5))} ms, p99 ${fmt(percentile(values, 0.99))} ms (${ids.length - values.length} not seen)`);
      return values;
    };
    t = performance.now();
    await phase('steady', o.steadyPerSecond, o.steadySeconds);
    const burst = await phase('burst', o.steadyPerSecond * o.burstFactor, o.burstSeconds);
    watching = false;
    await watcher;

    const rawSteady = await rawHop(kafka, `${prefix}bench.raw.steady`, o.steadyPerSecond, o.steadySeconds);
    log(`raw    steady: produce → consume p50 ${fmt(percentile(rawSteady, 0.5), 1)} ms, p99 ${fmt(percentile(rawSteady, 0.99), 1)} ms`);
    const rawBurst = await rawHop(kafka, `${prefix}bench.raw.burst`, o.steadyPerSecond * o.burstFactor, o.burstSeconds);
    log(`raw    burst : produce → consume p50 ${fmt(percentile(rawBurst, 0.5), 1)} ms, p99 ${fmt(percentile(rawBurst, 0.99), 1)} ms`);
    log(`ratio=${fmt(percentile(rawBurst, 0.99) / percentile(burst, 0.99), 3)}`);
  } finally {
    for (const p of [...processors].reverse()) await p.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    const admin = kafka.admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((name) => name.startsWith(prefix));
    await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
