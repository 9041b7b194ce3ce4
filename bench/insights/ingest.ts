/**
 * npm run bench:insights — the insights ingestion at organisation scale, on the local servers.
 *
 * BENCH_PEOPLE (default 5,000; goal size 100,000) people are provisioned on identity's topic, then
 * BENCH_EVENTS (default 30,000; goal size 5,000,000) activity events over one year (reactions, comments, posts, acknowledgements,
 * RSVPs, visits) are produced straight onto the private topics (prefix `bench<id>.`) with a fast
 * producer. Measured in the same run:
 *   raw  — a plain kafkajs consumer group reading the same activity messages (eachBatch, no work);
 *   ours — the real cells projection (InsightsInfrastructure's projection host: validation,
 *          upcasting, facts, cells on FerretDB/MongoDB) consuming the backlog from its start until
 *          its lag is 0, or for at most BENCH_OURS_SECONDS (default: no limit); its rate is the
 *          events applied (committed) over the seconds it ran (until it stopped);
 *   query — p50/p99 of InsightsQuery tables over the filled cells (a year of weeks by org unit,
 *          a year of days for the organisation, a month by location), k = 10;
 *   goal-size query — BENCH_FILL_PEOPLE (default 100,000) people and BENCH_FILL_EVENTS events of
 *          the same script applied without Kafka through the consumer's code (see fill()), then
 *          the same tables through MongoQueryCells. BENCH_KAFKA=0 runs only this part.
 * Also printed: the backlog, the events ours applied in its window, both rates, the hours the
 * whole backlog would take at our rate, and database commands per applied activity event by
 * command (driver command monitoring).
 * Goal size within about half an hour: BENCH_PEOPLE=100000 BENCH_EVENTS=5000000
 * BENCH_OURS_SECONDS=600 BENCH_FILL_PEOPLE=0.
 * Last line: `ratio=<ours/raw>` (events per second). Everything it creates (its topics, consumer
 * groups and database) is dropped at the end, also on SIGINT/SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { InsightsQuery, type TableRequest } from '@plein/insights/application';
import { InsightsIngest } from '@plein/insights/application';
import { InsightsInfrastructure, insightsConsumedRegistry, MongoIngestStore, MongoQueryCells, type CellsCollection } from '@plein/insights/infrastructure';
import { encodeEnvelope } from '@plein/shared/messaging';
import type { EventEnvelope } from '@plein/shared/kernel';
import { Kafka, logLevel, type Admin, type Message } from 'kafkajs';
import mongoose from 'mongoose';
import { activity, envelope, organisation, SECRET, type Item } from './script';

// The goal size is 100,000 people and 5,000,000 events (BENCH_PEOPLE=100000 BENCH_EVENTS=5000000);
// the defaults are what finishes in about ten minutes on the shared development server.
const PEOPLE = Number(process.env['BENCH_PEOPLE'] ?? 5_000);
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 30_000);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 200);
/** The longest ours consumes the backlog, in seconds (unset: until its lag is 0). */
const OURS_SECONDS = process.env['BENCH_OURS_SECONDS'] ? Number(process.env['BENCH_OURS_SECONDS']) : Infinity;
/**
 * The producer sends batches of at most this many bytes of values (all in one partition must stay
 * under the broker's 1 MB message size: batches of 20,000 messages were refused at 100,000
 * people), this many sends in flight.
 */
const SEND_BYTES = 900_000;
const SENDS_IN_FLIGHT = 16;
/**
 * Partition batches the cells consumer applies at once. The service runs 64 (an activity waiting
 * for its person must not hold back identity's topic); here every person is ingested before the
 * activity, and the first fetch hands the consumer every partition's backlog at once: with 64,
 * most of those first batches pass the 25 s handler timeout on the shared FerretDB (their fact
 * writes contend, then they wait for one large merged cell round) and fall back to one event at a
 * time, so the default is 8. BENCH_PARTITIONS_AT_ONCE=64 measures the service's setting.
 */
const AT_ONCE = Number(process.env['BENCH_PARTITIONS_AT_ONCE'] ?? 8);
/**
 * The goal-size fill for the query measurement (BENCH_FILL_PEOPLE=0 skips it): the same
 * organisation and script at this size, applied without Kafka through the consumer's own code
 * (contract validation and upcasting, then InsightsIngest.handleBatch on a MongoIngestStore, what
 * the cells projection's applyBatch runs), in batches of BENCH_FILL_BATCH events of one type,
 * BENCH_FILL_AT_ONCE batches at once.
 */
const FILL_PEOPLE = Number(process.env['BENCH_FILL_PEOPLE'] ?? 100_000);
const FILL_EVENTS = Number(process.env['BENCH_FILL_EVENTS'] ?? 60_000);
const FILL_BATCH = Number(process.env['BENCH_FILL_BATCH'] ?? 2_000);
const FILL_AT_ONCE = Number(process.env['BENCH_FILL_AT_ONCE'] ?? 8);
/** BENCH_KAFKA=0 runs only the goal-size fill and its queries (no Kafka path, no ratio line). */
const KAFKA = process.env['BENCH_KAFKA'] !== '0';
const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const MONGODB_URI = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);

async function produce(kafka: Kafka, prefix: string, items: Iterable<Item>, what: string): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let sent = 0;
  let batch = new Map<string, Message[]>();
  let size = 0;
  let bytes = 0;
  const started = performance.now();
  // Up to SENDS_IN_FLIGHT batches are sent while the next ones are encoded.
  const inFlight = new Set<Promise<void>>();
  let failed: unknown = null;
  const flush = async () => {
    if (!size) return;
    const topicMessages = [...batch].map(([topic, messages]) => ({ topic: `${prefix}${topic}`, messages }));
    const count = size;
    batch = new Map();
    size = 0;
    bytes = 0;
    const sending: Promise<void> = producer.sendBatch({ acks: 1, topicMessages }).then(
      () => {
        sent += count;
        if (sent % 250_000 < count) log(`${what}: ${sent} produced, ${(sent / ((performance.now() - started) / 1000)).toFixed(0)} messages/s`);
      },
      (error: unknown) => {
        failed ??= error;
      },
    );
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
    while (inFlight.size >= SENDS_IN_FLIGHT) await Promise.race(inFlight);
    if (failed) throw failed;
  };
  try {
    for (const { topic, envelope: e } of items) {
      const messages = batch.get(topic) ?? [];
      const encoded = encodeEnvelope(e);
      messages.push({ key: encoded.key, value: encoded.value, headers: encoded.headers });
      batch.set(topic, messages);
      size++;
      bytes += encoded.value.length;
      if (bytes >= SEND_BYTES) await flush();
    }
    await flush();
    await Promise.all(inFlight);
    if (failed) throw failed;
  } finally {
    await producer.disconnect();
  }
  log(`${what}: ${sent} produced in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return sent;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 6 * 3_600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A check that fails (a broker request timing out on a loaded server) is tried again.
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: timed out`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Filled {
  readonly collection: CellsCollection;
  readonly peopleMs: number;
  readonly eventsMs: number;
  readonly events: number;
}

/** See FILL_PEOPLE: fills `collection` with the goal-size organisation's year through InsightsIngest.handleBatch. */
async function fill(collection: CellsCollection): Promise<Filled> {
  const registry = insightsConsumedRegistry();
  const ingest = new InsightsIngest(new MongoIngestStore(collection), SECRET);
  const consumed = (e: EventEnvelope): EventEnvelope => {
    registry.validate(e, 'consume');
    return registry.upcast(e);
  };
  /** Batches of one aggregate type (as one partition's batch holds), FILL_AT_ONCE at once. */
  const apply = async (events: readonly EventEnvelope[]) => {
    const byType = new Map<string, EventEnvelope[]>();
    for (const e of events) byType.set(e.aggregateType, [...(byType.get(e.aggregateType) ?? []), consumed(e)]);
    // Posts first: the comments, reactions and responses of this stretch of time refer to them.
    const posts = byType.get('post') ?? [];
    byType.delete('post');
    const chunks = (list: readonly EventEnvelope[]) => Array.from({ length: Math.ceil(list.length / FILL_BATCH) }, (_, i) => list.slice(i * FILL_BATCH, (i + 1) * FILL_BATCH));
    const run = async (batches: EventEnvelope[][]) => {
      const worker = async () => {
        for (let b = batches.shift(); b; b = batches.shift()) await ingest.handleBatch(b);
      };
      await Promise.all(Array.from({ length: FILL_AT_ONCE }, worker));
    };
    await run(chunks(posts));
    await run([...byType.values()].flatMap(chunks));
  };
  const people = organisation(FILL_PEOPLE);
  let started = performance.now();
  const provisioned = people.map((p) => envelope('user', p.id, 'identity.user.provisioned', 1, { externalId: p.id, userName: p.id, displayName: 'P', department: p.department, location: p.location, managementLevel: p.level, badges: [], managerId: null, roles: ['employee'] }, '2025-12-01T00:00:00.000Z'));
  for (let i = 0; i < provisioned.length; i += FILL_BATCH * FILL_AT_ONCE) await apply(provisioned.slice(i, i + FILL_BATCH * FILL_AT_ONCE));
  const peopleMs = performance.now() - started;
  log(`fill: ${FILL_PEOPLE} people in ${(peopleMs / 1000).toFixed(1)} s`);
  started = performance.now();
  let events = 0;
  let stretch: EventEnvelope[] = [];
  for (const item of activity(people, FILL_EVENTS)) {
    stretch.push(item.envelope);
    if (stretch.length < FILL_BATCH * FILL_AT_ONCE) continue;
    await apply(stretch);
    events += stretch.length;
    stretch = [];
    if (events % 100_000 < FILL_BATCH * FILL_AT_ONCE) log(`fill: ${events} events, ${(events / ((performance.now() - started) / 1000)).toFixed(0)} events/s`);
  }
  await apply(stretch);
  events += stretch.length;
  return { collection, peopleMs, eventsMs: performance.now() - started, events };
}

/** p50 and p99 of InsightsQuery tables over a year (k = 10), read through the service's query adapter. */
async function queryTimes(collection: CellsCollection): Promise<{ p50: string; p99: string; perTable: string }> {
  const query = new InsightsQuery(new MongoQueryCells(async () => collection), { k: 10, clock: { now: () => new Date('2026-12-31T12:00:00.000Z') } });
  const requests: TableRequest[] = [
    { metric: 'active', granularity: 'week', from: '2026-01-05', to: '2026-12-27', by: 'orgUnit' },
    { metric: 'active', granularity: 'day', from: '2026-01-01', to: '2026-12-31', by: 'all' },
    { metric: 'posts', granularity: 'week', from: '2026-06-01', to: '2026-06-28', by: 'location' },
    { metric: 'active_reacted', granularity: 'month', from: '2026-01-01', to: '2026-12-31', by: 'level' },
  ];
  const times: number[] = [];
  const worst = requests.map(() => 0);
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    await query.table(requests[i % requests.length]!);
    const ms = performance.now() - t;
    times.push(ms);
    worst[i % requests.length] = Math.max(worst[i % requests.length]!, ms);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  return { p50: pct(0.5), p99: pct(0.99), perTable: requests.map((r, i) => `${r.granularity}x${r.by}:${worst[i]!.toFixed(0)}`).join(' ') };
}

async function rawConsume(kafka: Kafka, admin: Admin, topics: readonly string[], expected: number, runId: string): Promise<number> {
  const groupId = `bench.insights.raw.${runId}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000 });
  let consumed = 0;
  const started = performance.now();
  let ended = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 8,
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= expected && !ended) ended = performance.now();
    },
  });
  await until('raw consumer', async () => ended > 0);
  await consumer.disconnect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  return ended - started;
}

/** The goal-size fill (see FILL_PEOPLE) and the query times over it. */
async function goalSize(connection: mongoose.Connection): Promise<void> {
  log(`fill: ${FILL_PEOPLE} people, ${FILL_EVENTS} events, batches of ${FILL_BATCH}, ${FILL_AT_ONCE} at once`);
  const filled = await fill(connection.db!.collection('goal_fill_cells'));
  const documents = await filled.collection.countDocuments({ _id: { $gte: 'c|', $lt: 'c}' } });
  const facts = await filled.collection.countDocuments({ _id: { $gte: 'f|', $lt: 'f}' } });
  const goal = await queryTimes(filled.collection);
  process.stdout.write(
    `fill people=${FILL_PEOPLE} people_s=${(filled.peopleMs / 1000).toFixed(1)} events=${filled.events} events_s=${(filled.eventsMs / 1000).toFixed(1)} events_per_s=${(filled.events / (filled.eventsMs / 1000)).toFixed(0)} cell_documents=${documents} fact_documents=${facts}\n`,
  );
  process.stdout.write(`goal_query_p50_ms=${goal.p50} goal_query_p99_ms=${goal.p99} queries=${QUERIES} people=${FILL_PEOPLE} (slowest per table ms: ${goal.perTable})\n`);
}

/** The kind of document a command touches, by the id prefix of its first filter or document (`c|` cells, `f|` facts, `a|` markers, `p|` people, `q|` posts, `w|` parked answers). */
function documentKind(command: Record<string, unknown>): string {
  const first = (command['filter'] ?? (command['updates'] as { q: unknown }[] | undefined)?.[0]?.q ?? (command['documents'] as unknown[] | undefined)?.[0] ?? (command['deletes'] as { q: unknown }[] | undefined)?.[0]?.q) as Record<string, unknown> | undefined;
  const id = first?.['_id'] as unknown;
  const sample = typeof id === 'string' ? id : id && typeof id === 'object' ? (Object.values(id as Record<string, unknown>)[0] as unknown) : undefined;
  const text = Array.isArray(sample) ? sample[0] : sample;
  return typeof text === 'string' ? text.slice(0, 2) : 'other';
}

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const prefix = `bench${runId}.`;
  const service = `insights-bench-${runId}`;
  const database = `plein_bench_insights_${runId}`;
  const kafka = new Kafka({ clientId: 'bench-insights', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const connection = await mongoose.createConnection(MONGODB_URI, { dbName: database, monitorCommands: true }).asPromise();
  // Driver command monitoring: round trips by command while the activity is ingested (calls per event).
  const commands = new Map<string, number>();
  let counting = false;
  connection.getClient().on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
    if (counting) commands.set(`${e.commandName}:${documentKind(e.command)}`, (commands.get(`${e.commandName}:${documentKind(e.command)}`) ?? 0) + 1);
  });
  const infra = new InsightsInfrastructure({ connection, kafka, service, topicPrefix: prefix, pseudonymSecret: SECRET, factRetentionDays: 35, partitionsConsumedConcurrently: AT_ONCE });
  const host = infra.projectionHost();
  let cleaned: Promise<void> | null = null;
  /** Drops everything the run created: its database, topics (prefix) and consumer groups; once. */
  const cleanUp = () =>
    (cleaned ??= (async () => {
      await host.stop().catch(() => undefined);
      await connection.dropDatabase().catch(() => undefined);
      await connection.close().catch(() => undefined);
      const topics = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(prefix));
      await admin.deleteTopics({ topics }).catch(() => undefined);
      const groups = (await admin.listGroups().catch(() => ({ groups: [] as { groupId: string }[] }))).groups.map((g) => g.groupId).filter((g) => g.startsWith(service) || g === `bench.insights.raw.${runId}`);
      await admin.deleteGroups(groups).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      log(`run ${runId}: dropped database ${database}, ${topics.length} topics and ${groups.length} consumer groups`);
    })());
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    if (!KAFKA) {
      await goalSize(connection);
      return;
    }
    // Fresh topics: metadata may lag their creation for a moment (the service's processors retry the same way).
    await until('topics created', async () => infra.open().then(() => true, () => false), 120_000);
    for (const topic of infra.topics.consumed()) {
      await until(`${topic} has leaders`, async () => admin.fetchTopicOffsets(topic).then(() => true, () => false), 60_000);
    }
    log(`run ${runId}: ${PEOPLE} people, ${EVENTS} activity events, ${AT_ONCE} partition batches at once`);
    const people = organisation(PEOPLE);
    await produce(kafka, prefix, people.map((p) => ({ topic: 'identity.user.events.v1', envelope: envelope('user', p.id, 'identity.user.provisioned', 1, { externalId: p.id, userName: p.id, displayName: 'P', department: p.department, location: p.location, managementLevel: p.level, badges: [], managerId: null, roles: ['employee'] }, '2025-12-01T00:00:00.000Z') })), 'people');
    const lagZero = async () => (await host.lag()).every((l) => l.total === 0);
    let started = performance.now();
    await host.start();
    await until('people ingested', async () => (await host.lag()).length > 0 && lagZero());
    const peopleMs = performance.now() - started;
    log(`people ingested in ${(peopleMs / 1000).toFixed(1)} s`);
    await host.stop();

    const produced = await produce(kafka, prefix, activity(people, EVENTS), 'activity');
    const activityTopics = ['feed.post.events.v1', 'feed.comment.events.v1', 'feed.reaction.events.v1', 'feed.response.events.v1', 'feed.rsvp.events.v1', 'insights.visit.events.v1'].map((t) => `${prefix}${t}`);
    const rawMs = await rawConsume(kafka, admin, activityTopics, produced, runId);
    log(`raw consume: ${produced} in ${(rawMs / 1000).toFixed(1)} s`);

    started = performance.now();
    counting = true;
    await host.start();
    const window = Number.isFinite(OURS_SECONDS) ? OURS_SECONDS * 1000 : 6 * 3_600_000;
    const drained = await until('activity ingested', lagZero, window).then(
      () => true,
      () => false,
    );
    // The host forgets its processors when it stops; a stopped processor still answers its group's lag.
    const processors = host.processors();
    await host.stop();
    const oursMs = performance.now() - started;
    counting = false;
    const applied = produced - (await Promise.all(processors.map((p) => p.lag()))).reduce((sum, l) => sum + l.total, 0);
    log(`cells projection: ${applied} of ${produced} in ${(oursMs / 1000).toFixed(1)} s${drained ? '' : ` (stopped after BENCH_OURS_SECONDS=${OURS_SECONDS})`}`);

    const kafkaQueries = await queryTimes(await infra.activeCells());
    const cellCount = await (await infra.activeCells()).countDocuments({ _id: { $gte: 'c|', $lt: 'c}' } }); // cell documents: one per period and dimension kind
    const oursRate = applied / (oursMs / 1000);
    const rawRate = produced / (rawMs / 1000);
    process.stdout.write(`measured_size people=${PEOPLE} backlog=${produced} events (goal size: 100000 people, 5000000 events)\n`);
    process.stdout.write(`people=${PEOPLE} people_ingest_s=${(peopleMs / 1000).toFixed(1)}\n`);
    process.stdout.write(`ours_applied=${applied} of backlog=${produced} in ours_s=${(oursMs / 1000).toFixed(1)}${drained ? ' (backlog done)' : ` (window BENCH_OURS_SECONDS=${OURS_SECONDS})`} cell_documents=${cellCount}\n`);
    process.stdout.write(`raw_events_per_s=${rawRate.toFixed(0)} (all ${produced} in ${(rawMs / 1000).toFixed(1)} s) ours_events_per_s=${oursRate.toFixed(1)}\n`);
    process.stdout.write(`backlog_hours_at_ours=${(produced / oursRate / 3600).toFixed(2)} (goal size 5000000 events: ${(5_000_000 / oursRate / 3600).toFixed(1)} h)\n`);
    const perEvent = [...commands].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name}:${(n / Math.max(applied, 1)).toFixed(3)}`).join(' ');
    process.stdout.write(`db_calls_per_event ${perEvent}\n`);
    process.stdout.write(`query_p50_ms=${kafkaQueries.p50} query_p99_ms=${kafkaQueries.p99} queries=${QUERIES} (cells of the Kafka run; slowest per table ms: ${kafkaQueries.perTable})\n`);
    if (FILL_PEOPLE > 0) await goalSize(connection);
    process.stdout.write(`ratio=${(oursRate / rawRate).toFixed(4)}\n`);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
