import type { Admin, Kafka } from 'kafkajs';
import { parse } from 'yaml';

/** One Kafka topic as declared in deploy/topics/topics.yaml. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic-level configs, e.g. `retention.ms`, `cleanup.policy`, `min.insync.replicas`. */
  readonly config: Readonly<Record<string, string>>;
}

export interface TopicFile {
  readonly topics: readonly TopicSpec[];
  /** Settings for dead-letter topics, which are named `<svc>.<processor>.dlq`. */
  readonly dlq: Omit<TopicSpec, 'name'>;
}

type Settings = Partial<Omit<TopicSpec, 'name'>>;

/** Parses the topics file, merging `defaults` into each topic; throws on a malformed file. */
export function parseTopicFile(text: string): TopicFile {
  const raw = (parse(text) ?? {}) as { defaults?: Settings; topics?: (Settings & { name?: string })[]; dlq?: Settings };
  const defaults = raw.defaults ?? {};
  const merge = (name: string, own: Settings, base: Settings): TopicSpec => {
    const spec = {
      name,
      partitions: own.partitions ?? base.partitions ?? 1,
      replicationFactor: own.replicationFactor ?? base.replicationFactor ?? 1,
      config: Object.fromEntries(Object.entries({ ...base.config, ...own.config }).map(([k, v]) => [k, String(v)])),
    };
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1) throw new Error(`topic ${name}: partitions must be a positive integer`);
    if (!Number.isInteger(spec.replicationFactor) || spec.replicationFactor < 1) throw new Error(`topic ${name}: replicationFactor must be a positive integer`);
    return spec;
  };
  const topics = (raw.topics ?? []).map((topic) => {
    if (!topic.name) throw new Error('topics.yaml: every topic needs a name');
    return merge(topic.name, topic, defaults);
  });
  const names = new Set<string>();
  for (const { name } of topics) {
    if (names.has(name)) throw new Error(`topics.yaml: ${name} is declared twice`);
    names.add(name);
  }
  const { name: _ignored, ...dlq } = merge('dlq', raw.dlq ?? {}, defaults);
  return { topics, dlq };
}

export const dlqTopicName = (service: string, processor: string): string => `${service}.${processor}.dlq`;

export const dlqSpec = (name: string, file: TopicFile): TopicSpec => ({ name, ...file.dlq });

/** The settings deploy/topics/topics.yaml gives every event topic (kept forever, as events are the truth). */
export const EVENT_TOPIC_SETTINGS: Omit<TopicSpec, 'name' | 'partitions'> = {
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'min.insync.replicas': '2' },
};

/** The settings deploy/topics/topics.yaml gives every dead-letter topic (30 days to inspect and replay). */
export const DEAD_LETTER_TOPIC_SETTINGS: Omit<TopicSpec, 'name'> = {
  partitions: 1,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': '2592000000', 'min.insync.replicas': '2' },
};

/** An event topic with the platform's settings; `partitions` must match deploy/topics/topics.yaml (never changed once created). */
export const eventTopicSpec = (name: string, partitions: number): TopicSpec => ({ name, partitions, ...EVENT_TOPIC_SETTINGS });

/** A dead-letter topic (`<group>.dlq`) with the platform's settings. */
export const deadLetterTopicSpec = (name: string): TopicSpec => ({ name, ...DEAD_LETTER_TOPIC_SETTINGS });

export interface EnsureTopicsResult {
  readonly created: readonly string[];
  readonly existing: readonly string[];
}

/**
 * Creates the missing topics and leaves existing ones alone (adding partitions to a live topic
 * would remap keys and break per-aggregate order; that is a deliberate migration, not a boot step).
 * Replication factor and `min.insync.replicas` are clamped to the brokers present, so one spec
 * file fits production and the single local broker.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<EnsureTopicsResult> {
  const [{ brokers }, present] = await Promise.all([admin.describeCluster(), admin.listTopics()]);
  const have = new Set(present);
  const missing = specs.filter((spec) => !have.has(spec.name));
  if (missing.length > 0) {
    const clamp = (n: number): number => Math.max(1, Math.min(n, brokers.length));
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => {
        const replicationFactor = clamp(spec.replicationFactor);
        const config = { ...spec.config };
        if (config['min.insync.replicas']) config['min.insync.replicas'] = String(Math.min(Number(config['min.insync.replicas']), replicationFactor));
        return {
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor,
          configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
        };
      }),
    });
  }
  return { created: missing.map((s) => s.name), existing: specs.filter((s) => have.has(s.name)).map((s) => s.name) };
}

export interface EnsureServiceTopicsOptions {
  /** Dead-letter topics of the service's processors, created with DEAD_LETTER_TOPIC_SETTINGS. */
  readonly deadLetterTopics?: readonly string[];
  /** Tries before the last error is thrown (default 50). */
  readonly attempts?: number;
  /** Wait between tries in ms (default 200). */
  readonly retryDelayMs?: number;
}

/**
 * A service's start-up step for Kafka: creates its topics and its processors' dead-letter topics
 * when missing (ensureTopics) and waits until every partition of each has a leader. A topic just
 * created is served a little later, and a processor subscribing (or creating its DLQ) before that
 * fails with UNKNOWN_TOPIC_OR_PARTITION; a broker that is not ready yet is retried the same way.
 * A topic named twice (a service that consumes what it produces) is created once, with its first spec.
 */
export async function ensureServiceTopics(kafka: Pick<Kafka, 'admin'>, topics: readonly TopicSpec[], options: EnsureServiceTopicsOptions = {}): Promise<void> {
  const byName = new Map<string, TopicSpec>();
  for (const spec of [...topics, ...(options.deadLetterTopics ?? []).map(deadLetterTopicSpec)]) if (!byName.has(spec.name)) byName.set(spec.name, spec);
  const specs = [...byName.values()];
  if (specs.length === 0) return;
  const attempts = options.attempts ?? 50;
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      const ready = await ensureTopics(admin, specs)
        .then(() => admin.fetchTopicMetadata({ topics: specs.map((t) => t.name) }))
        .then((m) => m.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
        .catch((error: unknown) => {
          if (attempt >= attempts) throw error;
          return false;
        });
      if (ready) return;
      if (attempt >= attempts) throw new Error(`topics without a leader after ${attempts} tries: ${specs.map((t) => t.name).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 200));
    }
  } finally {
    await admin.disconnect();
  }
}
