import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { loadConfig, type ConfigSections } from '@plein/shared/config';
import { parseTopicFile } from '@plein/shared/event-store';
/**
 * The Helm chart deploy/helm/plein: it validates (helm lint, kubeconform -strict), each service
 * gets settings that its own configuration schema accepts, secrets come from Secret references,
 * the topic Job creates what topics.yaml declares, and deploy/compose.yaml stays in step.
 */

const ROOT = path.resolve(__dirname, '../..');
const CHART = path.join(ROOT, 'deploy/helm/plein');
const TOOLS = path.join(process.env['PLEIN_HOME'] ?? path.join(ROOT, '.plein'), 'tools/deploy');
const SCRIPT = path.join(CHART, 'files/create-topics.sh');
const TOPICS_FILE = path.join(ROOT, 'deploy/topics/topics.yaml');
const KUBE_VERSION = '1.34.0';
const VALUES = { full: path.join(CHART, 'ci/full-values.yaml'), minimal: path.join(CHART, 'ci/minimal-values.yaml') };

/** The services of the chart (values.yaml), each with its configuration schema from apps/<svc>/src/<svc>.config.ts. */
const SERVICES = Object.keys((parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as { services: object }).services);
const SCHEMAS: Record<string, ConfigSections> = {};
beforeAll(async () => {
  for (const service of SERVICES) {
    const exports = (await import(path.join(ROOT, 'apps', service, 'src', `${service}.config`))) as Record<string, unknown>;
    const name = `${service.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())}ConfigSchema`;
    if (!exports[name]) throw new Error(`apps/${service}/src/${service}.config.ts exports no ${name}`);
    SCHEMAS[service] = exports[name] as ConfigSections;
  }
});

type Manifest = { kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: unknown };
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } };
type Container = {
  name: string;
  image: string;
  command?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef: { name: string } }[];
  livenessProbe?: { httpGet: { path: string } };
  readinessProbe?: { httpGet: { path: string } };
  startupProbe?: { httpGet: { path: string } };
  resources?: { requests?: object; limits?: object };
};
type PodSpec = { containers: Container[]; serviceAccountName?: string };

function helm(args: string[]) {
  const result = spawnSync(path.join(TOOLS, 'bin/helm'), args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: path.join(TOOLS, 'helm/cache'), HELM_CONFIG_HOME: path.join(TOOLS, 'helm/config'), HELM_DATA_HOME: path.join(TOOLS, 'helm/data') } });
  if (result.error) throw result.error;
  return result;
}

function render(values: string[], set: string[] = []): Manifest[] {
  const result = helm(['template', 'plein', CHART, '--kube-version', KUBE_VERSION, ...values.flatMap((v) => ['-f', v]), ...set.flatMap((s) => ['--set', s])]);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

const named = (manifests: Manifest[], kind: string, name: string): Manifest | undefined => manifests.find((m) => m.kind === kind && m.metadata.name === name);
const podSpec = (m: Manifest): PodSpec => (m as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;

/** Secret stand-ins for settings with a shape (URIs); any other secret gets 48 characters. */
const SECRET_STAND_INS: Record<string, string> = { MONGODB_URI: 'mongodb://user:pass@mongo:27017', SMTP_URL: 'smtps://user:pass@relay.example.org:465' };

/** What one service's container sees: its ConfigMap plus its env, secrets replaced by stand-ins. */
function environmentOf(manifests: Manifest[], service: string): { env: Record<string, string>; fromSecrets: Record<string, string>; fromConfigMap: string[] } {
  const deployment = named(manifests, 'Deployment', `plein-${service}`);
  if (!deployment) throw new Error(`no Deployment plein-${service}`);
  const [container] = podSpec(deployment).containers;
  const env: Record<string, string> = {};
  const fromConfigMap: string[] = [];
  for (const { configMapRef } of container?.envFrom ?? []) {
    const data = (named(manifests, 'ConfigMap', configMapRef.name) as unknown as { data: Record<string, string> }).data;
    Object.assign(env, data);
    fromConfigMap.push(...Object.keys(data));
  }
  const fromSecrets: Record<string, string> = {};
  for (const v of container?.env ?? []) {
    const ref = v.valueFrom?.secretKeyRef;
    if (ref) {
      fromSecrets[v.name] = `${ref.name}/${ref.key}`;
      // A stand-in that every secret setting accepts (length, or hex for a digest).
      env[v.name] = SECRET_STAND_INS[v.name] ?? (v.name.endsWith('_SHA256') ? 'ab'.repeat(32) : 's'.repeat(48));
    } else if (v.value !== undefined) env[v.name] = v.value;
  }
  return { env, fromSecrets, fromConfigMap };
}

/** The environment variables a configuration schema reads: the keys of its sections' objects. */
function variablesOf(sections: ConfigSections): Set<string> {
  const keys = new Set<string>();
  const walk = (schema: z.ZodType): void => {
    if (schema instanceof z.ZodObject) Object.keys(schema.shape).forEach((k) => keys.add(k));
    else if (schema instanceof z.ZodPipe) walk(schema.in as z.ZodType);
  };
  Object.values(sections).forEach(walk);
  if (keys.size === 0) throw new Error('no variables found: the schema is shaped differently now');
  return keys;
}

describe('the Helm chart deploy/helm/plein', () => {
  it('passes helm lint and kubeconform -strict against the Kubernetes schemas (tools/deploy/validate-chart.sh)', () => {
    // The first run of a clone builds helm and kubeconform and fetches the schemas.
    const result = spawnSync('bash', [path.join(ROOT, 'tools/deploy/validate-chart.sh')], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: result.status, output: result.stderr.split('\n').filter((l) => !l.includes('symbolic link')).join('\n') + result.stdout }).toEqual({ status: 0, output: expect.stringContaining('chart valid') });
    expect(result.stdout).toMatch(/Valid: \d+, Invalid: 0, Errors: 0, Skipped: 0/);
  }, 20 * 60_000);

  it('stops rendering, naming the value, when an endpoint it cannot guess is missing', () => {
    expect(helm(['template', 'plein', CHART, '--kube-version', KUBE_VERSION]).stderr).toContain('kafka.brokers is required');
    expect(helm(['template', 'plein', CHART, '--kube-version', KUBE_VERSION, '-f', VALUES.minimal, '--set', 'mongodb.uri=']).stderr).toContain('mongodb.uri or mongodb.uriSecret');
    expect(helm(['template', 'plein', CHART, '--kube-version', KUBE_VERSION, '-f', VALUES.minimal, '--set', 'services.profiles.enabled=true']).stderr).toContain('elasticsearch.url is required');
    expect(helm(['template', 'plein', CHART, '--kube-version', KUBE_VERSION, '-f', VALUES.minimal, '--set', 'services.identity.publicUrl=']).stderr).toContain('services.identity.publicUrl is required');
  });

  it.each(Object.entries(VALUES))('gives every service settings that its own configuration schema accepts, and no variable it does not read (%s values)', (_label, values) => {
    const manifests = render([values]);
    const deployed = manifests.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name.replace(/^plein-/, ''));
    expect(deployed.length).toBeGreaterThan(0);
    for (const service of deployed) {
      const schema = SCHEMAS[service];
      if (!schema) throw new Error(`the chart deploys ${service}, which is not in values.yaml`);
      const { env } = environmentOf(manifests, service);
      expect(() => loadConfig(schema, env)).not.toThrow();
      const known = variablesOf(schema);
      expect({ service, unknown: Object.keys(env).filter((k) => !known.has(k)) }).toEqual({ service, unknown: [] });
    }
  });

  it('takes secrets from references to existing Secrets, never from a ConfigMap', () => {
    const manifests = render([VALUES.full]);
    const identity = environmentOf(manifests, 'identity');
    expect(identity.fromSecrets).toEqual({
      MONGODB_URI: 'plein-mongodb/uri',
      OIDC_CLIENT_SECRET: 'plein-identity/oidc-client-secret',
      IDENTITY_KEY_ENCRYPTION_SECRET: 'plein-identity/key-encryption-secret',
      SCIM_BEARER_TOKEN_SHA256: 'plein-identity/scim-token-sha256',
    });
    const secretLike = /SECRET|TOKEN|PASSWORD|MONGODB_URI/;
    for (const configMap of manifests.filter((m) => m.kind === 'ConfigMap' && m.metadata.name !== 'plein-topics')) {
      expect({ name: configMap.metadata.name, keys: Object.keys((configMap as unknown as { data: object }).data).filter((k) => secretLike.test(k)) }).toEqual({ name: configMap.metadata.name, keys: [] });
    }
    // Notifications: the SMTP relay with its credentials, the VAPID keys (one pair for every pod)
    // and the unsubscribe links' key; insights: the key of its pseudonymous person keys.
    expect(environmentOf(manifests, 'notifications').fromSecrets).toEqual({
      MONGODB_URI: 'plein-mongodb/uri',
      SMTP_URL: 'plein-notifications/smtp-url',
      VAPID_PUBLIC_KEY: 'plein-notifications/vapid-public-key',
      VAPID_PRIVATE_KEY: 'plein-notifications/vapid-private-key',
      NOTIFICATIONS_UNSUBSCRIBE_SECRET: 'plein-notifications/unsubscribe-secret',
    });
    expect(environmentOf(manifests, 'insights').fromSecrets).toEqual({ MONGODB_URI: 'plein-mongodb/uri', INSIGHTS_PSEUDONYM_SECRET: 'plein-insights/pseudonym-secret' });
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    // With the defaults the SCIM token is an optional reference: without it SCIM is off.
    const defaults = environmentOf(render([VALUES.minimal]), 'identity');
    expect(defaults.fromSecrets).toMatchObject({ SCIM_BEARER_TOKEN: 'plein-identity/scim-bearer-token' });
  });

  it('runs each service with probes on /health and /ready, resources, its own ServiceAccount, a PodDisruptionBudget, a NetworkPolicy and an HPA where autoscaled', () => {
    const manifests = render([VALUES.full]);
    expect(SERVICES).toEqual(expect.arrayContaining(['identity', 'feed', 'profiles', 'moderation', 'notifications', 'insights']));
    for (const service of SERVICES) {
      const name = `plein-${service}`;
      const pod = podSpec(named(manifests, 'Deployment', name)!);
      const [container] = pod.containers;
      expect({ service, liveness: container?.livenessProbe?.httpGet.path, startup: container?.startupProbe?.httpGet.path, readiness: container?.readinessProbe?.httpGet.path }).toEqual({ service, liveness: '/health', startup: '/health', readiness: '/ready' });
      expect(container?.resources?.requests).toBeDefined();
      expect(container?.resources?.limits).toBeDefined();
      expect(pod.serviceAccountName).toBe(name);
      for (const kind of ['ServiceAccount', 'PodDisruptionBudget', 'NetworkPolicy', 'Service', 'ConfigMap']) expect({ kind, found: named(manifests, kind, name) !== undefined }).toEqual({ kind, found: true });
    }
    // ci/full-values.yaml turns autoscaling off for notifications: a fixed replica count instead.
    expect(named(manifests, 'HorizontalPodAutoscaler', 'plein-feed')).toBeDefined();
    expect(named(manifests, 'HorizontalPodAutoscaler', 'plein-notifications')).toBeUndefined();
    expect((named(manifests, 'Deployment', 'plein-notifications') as unknown as { spec: { replicas: number } }).spec.replicas).toBe(1);
    expect((named(manifests, 'Deployment', 'plein-feed') as unknown as { spec: { replicas?: number } }).spec.replicas).toBeUndefined();
  });

  it('lets each service reach only the endpoints it uses, and every other service reach identity for its keys', () => {
    const manifests = render([VALUES.full]);
    const egressPorts = (service: string): number[] => {
      const spec = (named(manifests, 'NetworkPolicy', `plein-${service}`) as unknown as { spec: { egress: { ports: { port: number }[] }[] } }).spec;
      return spec.egress.flatMap((rule) => rule.ports.map((p) => p.port)).sort((a, b) => a - b);
    };
    expect(egressPorts('moderation')).toEqual([53, 53, 3001, 4318, 9092, 27017]);
    expect(egressPorts('profiles')).toEqual([53, 53, 3001, 4318, 9092, 9200, 27017]);
    expect(egressPorts('feed')).toEqual([53, 53, 3001, 4318, 9092, 27017]);
    expect(egressPorts('notifications')).toEqual([53, 53, 443, 587, 3001, 4318, 9092, 27017]);
    expect(egressPorts('insights')).toEqual([53, 53, 3001, 4318, 9092, 27017]);
    expect(egressPorts('identity')).toEqual([53, 53, 4318, 9092, 27017]);
    // The gateway reaches the six services at their in-cluster URLs, and no Kafka, MongoDB or Elasticsearch.
    expect(egressPorts('gateway')).toEqual([53, 53, 3001, 3002, 3003, 3004, 3005, 3006, 4318]);
    expect(environmentOf(manifests, 'gateway').env).toMatchObject({ GATEWAY_PUBLIC_URL: 'https://plein.example.org', GATEWAY_FEED_URL: 'http://plein-feed:3002', GATEWAY_IDENTITY_URL: 'http://plein-identity:3001' });
    // Every service verifies platform tokens offline with identity's keys, fetched inside the cluster.
    // The gateway verifies no token (it forwards them): no JWKS.
    for (const service of SERVICES.filter((s) => s !== 'identity' && s !== 'gateway')) {
      expect({ service, env: environmentOf(manifests, service).env }).toMatchObject({ service, env: { AUTH_ISSUER: 'https://plein.example.org', AUTH_JWKS_URL: 'http://plein-identity:3001/.well-known/jwks.json' } });
    }
    // Profiles' indices carry the installation's prefix.
    expect(environmentOf(manifests, 'profiles').env).toMatchObject({ ELASTICSEARCH_URL: 'http://elasticsearch.data:9200', ELASTICSEARCH_INDEX_PREFIX: 'plein' });
  });

  it('creates the topics in a Job that runs before install and upgrade, with the script and deploy/topics/topics.yaml as they are in the repository', () => {
    const manifests = render([VALUES.full]);
    const job = named(manifests, 'Job', 'plein-topics')!;
    const configMap = named(manifests, 'ConfigMap', 'plein-topics') as unknown as Manifest & { data: Record<string, string> };
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(configMap.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(configMap.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations?.['helm.sh/hook-weight']));
    expect(configMap.data['topics.yaml']).toBe(readFileSync(TOPICS_FILE, 'utf8').trimEnd());
    expect(configMap.data['create-topics.sh']).toBe(readFileSync(SCRIPT, 'utf8').trimEnd());
    const [container] = podSpec(job).containers;
    expect(container?.env).toEqual(expect.arrayContaining([{ name: 'KAFKA_BROKERS', value: 'kafka-0.kafka.data:9092,kafka-1.kafka.data:9092,kafka-2.kafka.data:9092' }, { name: 'KAFKA_TOPIC_PREFIX', value: 'plein.' }]));
  });
});

describe('create-topics.sh, the topic Job of the chart and of compose', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'plein-topics-'));
    mkdirSync(path.join(dir, 'bin'));
    // Stand-ins for the Kafka tools: they report the brokers and existing topics and record calls.
    writeFileSync(path.join(dir, 'bin/kafka-broker-api-versions.sh'), '#!/usr/bin/env bash\nfor i in $(seq 1 "$BROKERS"); do echo "kafka-$i:9092 (id: $i rack: null isFenced: false) -> ("; done\n');
    writeFileSync(path.join(dir, 'bin/kafka-topics.sh'), '#!/usr/bin/env bash\ncase " $* " in *" --list "*) cat "$EXISTING" ;; *" --create "*) echo "$*" >>"$CALLS" ;; esac\n');
    chmodSync(path.join(dir, 'bin/kafka-broker-api-versions.sh'), 0o755);
    chmodSync(path.join(dir, 'bin/kafka-topics.sh'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (file: string, opts: { brokers: number; existing?: string[]; prefix?: string }) => {
    writeFileSync(path.join(dir, 'existing'), (opts.existing ?? []).join('\n'));
    writeFileSync(path.join(dir, 'calls'), '');
    const result = spawnSync('bash', [SCRIPT, file], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], KAFKA_BIN: path.join(dir, 'bin'), KAFKA_BROKERS: 'kafka-1:9092', KAFKA_TOPIC_PREFIX: opts.prefix ?? '', BROKERS: String(opts.brokers), EXISTING: path.join(dir, 'existing'), CALLS: path.join(dir, 'calls') },
    });
    const created = readFileSync(path.join(dir, 'calls'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => {
        const args = line.split(' ');
        const after = (flag: string): string => args[args.indexOf(flag) + 1] ?? '';
        const config = Object.fromEntries(args.flatMap((a, i) => (args[i - 1] === '--config' ? [a.split('=') as [string, string]] : [])));
        return { name: after('--topic'), partitions: Number(after('--partitions')), replicationFactor: Number(after('--replication-factor')), config, ifNotExists: args.includes('--if-not-exists') };
      });
    return { status: result.status, stderr: result.stderr, created };
  };

  it('creates every topic of deploy/topics/topics.yaml as parseTopicFile reads it, with the prefix', () => {
    const { status, created } = run(TOPICS_FILE, { brokers: 3, prefix: 'plein.' });
    const expected = parseTopicFile(readFileSync(TOPICS_FILE, 'utf8')).topics.map((t) => ({ ...t, name: `plein.${t.name}`, ifNotExists: true }));
    expect(status).toBe(0);
    expect(expected.length).toBeGreaterThan(10);
    expect(created).toEqual(expected);
  });

  it('clamps the replication factor and min.insync.replicas to the brokers present, as ensureTopics does', () => {
    const { status, created } = run(TOPICS_FILE, { brokers: 1 });
    expect(status).toBe(0);
    expect(created.length).toBe(parseTopicFile(readFileSync(TOPICS_FILE, 'utf8')).topics.length);
    for (const topic of created) expect({ name: topic.name, rf: topic.replicationFactor, isr: topic.config['min.insync.replicas'] }).toEqual({ name: topic.name, rf: 1, isr: '1' });
  });

  it('leaves existing topics alone', () => {
    const { status, created } = run(TOPICS_FILE, { brokers: 3, existing: ['feed.post.events.v1', 'identity.user.events.v1'] });
    expect(status).toBe(0);
    expect(created.map((t) => t.name)).not.toContain('feed.post.events.v1');
    expect(created.map((t) => t.name)).not.toContain('identity.user.events.v1');
    expect(created.map((t) => t.name)).toContain('feed.comment.events.v1');
  });

  it('creates nothing from a file in a shape it does not read', () => {
    const file = path.join(dir, 'topics.yaml');
    writeFileSync(file, 'defaults:\n  partitions: 3\ntopics:\n  - name: a.b.events.v1\n  - name: c.d.events.v1\n    config: { retention.ms: "1" }\n');
    const { status, stderr, created } = run(file, { brokers: 3 });
    expect(status).not.toBe(0);
    expect(stderr).toContain('flow style is not supported');
    expect(created).toEqual([]);
  });
});

describe('deploy/compose.yaml, in step with the chart', () => {
  type ComposeService = { image?: string; command?: string[]; environment?: Record<string, string | number>; volumes?: string[]; healthcheck?: { test: string[] }; depends_on?: Record<string, unknown> };
  const compose = parse(readFileSync(path.join(ROOT, 'deploy/compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };

  it('runs the services of the chart on the same ports, with no setting the chart does not give them', () => {
    const manifests = render([VALUES.full]);
    for (const service of SERVICES) {
      const composed = compose.services[service];
      const { env } = environmentOf(manifests, service);
      expect({ service, port: String(composed?.environment?.['HTTP_PORT']) }).toEqual({ service, port: env['HTTP_PORT'] });
      const missing = Object.keys(composed?.environment ?? {}).filter((k) => !(k in env));
      expect({ service, missing }).toEqual({ service, missing: [] });
      expect(composed?.healthcheck?.test.join(' ')).toContain("'/ready'");
      expect(composed?.depends_on).toHaveProperty('topics');
    }
    // The gateway verifies no token (it forwards them): no JWKS.
    for (const service of SERVICES.filter((s) => s !== 'identity' && s !== 'gateway')) {
      expect({ service, jwks: compose.services[service]?.environment?.['AUTH_JWKS_URL'] }).toEqual({ service, jwks: 'http://identity:3001/.well-known/jwks.json' });
    }
    expect(compose.services['notifications']?.environment?.['SMTP_URL']).toBe('smtp://mailpit:1025');
  });

  it('creates the topics with the same script, topics file and Kafka image as the chart, and its broker runs that image', () => {
    const manifests = render([VALUES.full]);
    const chartImage = podSpec(named(manifests, 'Job', 'plein-topics')!).containers[0]?.image;
    const topics = compose.services['topics'];
    expect(topics?.image).toBe(chartImage);
    expect(compose.services['kafka']?.image).toBe(chartImage);
    expect(topics?.command).toEqual(podSpec(named(manifests, 'Job', 'plein-topics')!).containers[0]?.command);
    expect(topics?.volumes).toEqual(['./helm/plein/files/create-topics.sh:/plein/create-topics.sh:ro', './topics/topics.yaml:/plein/topics.yaml:ro']);
  });
});
