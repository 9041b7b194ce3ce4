import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { parseTopicFile } from '@plein/shared/event-store';
import { waitFor } from '@plein/shared/testing';

/**
 * The chart's topic Job against the real broker: create-topics.sh with the Kafka command-line tools
 * of the same release as the apache/kafka image (the jars of the local server, tools/infra), so the
 * flags it passes and the tool output it reads are the real ones.
 */

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'deploy/helm/plein/files/create-topics.sh');
const TOPICS_FILE = path.join(ROOT, 'deploy/topics/topics.yaml');
const KAFKA_VERSION = /<kafka.version>([^<]+)<\/kafka.version>/.exec(readFileSync(path.join(ROOT, 'tools/infra/kafka/pom.xml'), 'utf8'))?.[1];
const LIBS = path.join(process.env['PLEIN_HOME'] ?? path.join(ROOT, '.plein'), `downloads/kafka-${KAFKA_VERSION}/libs`);
const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

describe('create-topics.sh against the real broker', () => {
  const prefix = `t${randomBytes(3).toString('hex')}.`;
  let dir: string;
  let admin: Admin;

  beforeAll(async () => {
    if (!existsSync(LIBS)) throw new Error(`no Kafka jars in ${LIBS}: start the local servers (npm run infra:up) first`);
    dir = mkdtempSync(path.join(tmpdir(), 'plein-topics-int-'));
    mkdirSync(path.join(dir, 'bin'));
    // The apache/kafka image's scripts are thin launchers of these two classes.
    const launcher = (mainClass: string) => `#!/usr/bin/env bash\nexec java -Xmx256m -Dlog4j2.configurationFile=${ROOT}/tools/infra/kafka/log4j2-cli.properties -cp '${LIBS}/*' ${mainClass} "$@"\n`;
    writeFileSync(path.join(dir, 'bin/kafka-topics.sh'), launcher('org.apache.kafka.tools.TopicCommand'));
    writeFileSync(path.join(dir, 'bin/kafka-broker-api-versions.sh'), launcher('org.apache.kafka.tools.BrokerApiVersionsCommand'));
    chmodSync(path.join(dir, 'bin/kafka-topics.sh'), 0o755);
    chmodSync(path.join(dir, 'bin/kafka-broker-api-versions.sh'), 0o755);
    admin = new Kafka({ brokers: BROKERS.split(','), clientId: 'plein-create-topics-spec', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = () => spawnSync('bash', [SCRIPT, TOPICS_FILE], { encoding: 'utf8', env: { PATH: process.env['PATH'], KAFKA_BIN: path.join(dir, 'bin'), KAFKA_BROKERS: BROKERS, KAFKA_TOPIC_PREFIX: prefix } });

  it('creates every topic of topics.yaml with its partitions and settings, clamped to the one local broker, and a second run creates nothing', async () => {
    const first = run();
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    const specs = parseTopicFile(readFileSync(TOPICS_FILE, 'utf8')).topics;
    expect(first.stdout).toContain(`create-topics: ${specs.length} created, 0 existed (1 broker(s))`);

    const names = specs.map((s) => `${prefix}${s.name}`);
    // The script's client created them; on a busy broker their partitions may still be getting leaders
    // when this client asks (UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE): ask until it answers.
    let topics: Awaited<ReturnType<Admin['fetchTopicMetadata']>>['topics'] = [];
    await waitFor('the metadata of the created topics', async () => {
      try {
        ({ topics } = await admin.fetchTopicMetadata({ topics: names }));
        return true;
      } catch (error) {
        if ((error as { retriable?: boolean }).retriable) return false;
        throw error;
      }
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const created = topics.map((t) => ({ name: t.name, partitions: t.partitions.length, replicas: t.partitions[0]?.replicas.length })).sort(byName);
    expect(created).toEqual(specs.map((s) => ({ name: `${prefix}${s.name}`, partitions: s.partitions, replicas: 1 })).sort(byName));
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['cleanup.policy', 'retention.ms', 'min.insync.replicas'] })) });
    for (const resource of configs.resources) {
      expect({ topic: resource.resourceName, config: Object.fromEntries(resource.configEntries.map((e) => [e.configName, e.configValue])) }).toEqual({ topic: resource.resourceName, config: { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'min.insync.replicas': '1' } });
    }

    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`create-topics: 0 created, ${specs.length} existed`);
  }, 300_000);
});
