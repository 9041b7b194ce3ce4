import { isIP } from 'node:net';
import { z } from 'zod';
import { TOPIC_PREFIX_RE } from '@plein/shared/contracts';

/**
 * Reusable config sections. Every schema is keyed by environment variable name; `.transform`
 * then shapes the typed value the app sees. Defaults point at the local dev servers
 * (tools/infra) so `nx serve <svc>` works without any env file.
 */

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const fail = (ctx: z.core.$RefinementCtx, message: string): never => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

/** An integer TCP port. 0 lets the OS pick one, which the in-process tests rely on. */
export const portSetting = (fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((raw, ctx) => {
      const port = Number(raw);
      return /^\d+$/.test(raw.trim()) && port <= 65_535 ? port : fail(ctx, 'must be an integer port between 0 and 65535');
    });

export { withoutTrailingSlashes } from '@plein/shared/kernel';

export const urlSetting = (protocols: readonly string[], example: string) =>
  z.string().transform((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      return fail(ctx, `must be an absolute URL like ${example}`);
    }
    return protocols.includes(url.protocol) ? raw.trim() : fail(ctx, `must use ${protocols.join(' or ')} (e.g. ${example})`);
  });

const HOST_PORT = /^[a-z\d.-]+:\d{1,5}$|^\[[\da-f:]+\]:\d{1,5}$/i;

export const brokerListSetting = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      const brokers = raw
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== '');
      const bad = brokers.filter((b) => !HOST_PORT.test(b) || Number(b.slice(b.lastIndexOf(':') + 1)) > 65_535);
      if (brokers.length === 0 || bad.length > 0) {
        return fail(ctx, `must be a comma-separated list of host:port (e.g. kafka-1:9092,kafka-2:9092); ${bad.length || 'no'} invalid entr${bad.length === 1 ? 'y' : 'ies'}`);
      }
      return brokers;
    });

/** Names proxy-addr (Express `trust proxy`) knows for address ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/** An IP address, or an IP/prefix CIDR with a prefix that fits the address family. */
const isAddressOrCidr = (entry: string): boolean => {
  const slash = entry.indexOf('/');
  if (slash < 0) return isIP(entry) !== 0;
  const family = isIP(entry.slice(0, slash));
  const prefix = entry.slice(slash + 1);
  return family !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
};

/**
 * Which peers may tell the client address in X-Forwarded-For (Express `trust proxy`): `false`
 * (none, the default: the client is the TCP peer, so a client cannot pick its own address), a
 * number of proxy hops, or addresses/CIDRs/range names. `true` (trust any peer) is refused: any
 * client could then claim any address and escape per-client limits.
 */
export type TrustedProxies = false | number | readonly string[];

export const trustedProxiesSetting = () =>
  z
    .string()
    .default('none')
    .transform((raw, ctx): TrustedProxies => {
      const value = raw.trim();
      if (value === 'none' || value === 'false' || value === '0') return false;
      if (/^\d{1,2}$/.test(value)) return Number(value);
      const entries = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const bad = entries.filter((e) => !(PROXY_RANGES as readonly string[]).includes(e) && !isAddressOrCidr(e));
      if (entries.length === 0 || bad.length > 0) {
        return fail(ctx, `must be none, a hop count (1-99), or a comma-separated list of IP addresses, CIDRs (10.0.0.0/8) or ${PROXY_RANGES.join(', ')}; ${bad.length} invalid entr${bad.length === 1 ? 'y' : 'ies'}`);
      }
      return entries;
    });

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Identity, HTTP listener, log level and trace export: what every service needs. */
export const serviceConfig = (defaults: { name: string; port: number }) =>
  z
    .object({
      SERVICE_NAME: z.string().regex(NAME, 'must be lower-case letters, digits and dashes').default(defaults.name),
      // 127.0.0.1 keeps a dev laptop's services off the network; container images set HTTP_HOST=0.0.0.0.
      HTTP_HOST: z.string().regex(/^[^\s/]+$/, 'must be a host name or IP address without spaces or slashes').default('127.0.0.1'),
      HTTP_PORT: portSetting(defaults.port),
      LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
      OTEL_EXPORTER_OTLP_ENDPOINT: urlSetting(['http:', 'https:'], 'http://otel-collector:4318').optional(),
      // Server-side time budget of one HTTP request; past it the client gets a 503 problem.
      HTTP_REQUEST_TIMEOUT_MS: z
        .string()
        .default('10000')
        .transform((raw, ctx) => (/^\d{1,7}$/.test(raw.trim()) && Number(raw) >= 100 ? Number(raw) : fail(ctx, 'must be an integer number of milliseconds from 100 to 9999999'))),
      // Reverse proxies whose X-Forwarded-For is believed (client address for rate limits, logs).
      HTTP_TRUSTED_PROXIES: trustedProxiesSetting(),
    })
    .transform((e) => ({
      name: e.SERVICE_NAME,
      http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
      logLevel: e.LOG_LEVEL,
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      trustedProxies: e.HTTP_TRUSTED_PROXIES,
    }));
export type ServiceConfig = z.output<ReturnType<typeof serviceConfig>>;

export const kafkaConfig = (defaults: { clientId: string }) =>
  z
    .object({
      KAFKA_BROKERS: brokerListSetting('127.0.0.1:9092'),
      KAFKA_CLIENT_ID: z.string().regex(/^[\w.-]{1,100}$/, 'must be letters, digits, dots, dashes or underscores').default(defaults.clientId),
      // Put before every topic the service produces or consumes (prefixedTopicName), its own and
      // other services' alike: tests and side-by-side installations on one cluster (e.g. `t1a2b3.`).
      KAFKA_TOPIC_PREFIX: z.string().regex(TOPIC_PREFIX_RE, 'must be at most 60 letters, digits, dots, dashes or underscores').default(''),
    })
    .transform((e) => ({ brokers: e.KAFKA_BROKERS, clientId: e.KAFKA_CLIENT_ID, topicPrefix: e.KAFKA_TOPIC_PREFIX }));
export type KafkaConfig = z.output<ReturnType<typeof kafkaConfig>>;

export const mongodbConfig = (defaults: { database: string }) =>
  z
    .object({
      MONGODB_URI: z
        .string()
        .default('mongodb://127.0.0.1:27017')
        .refine((uri) => /^mongodb(?:\+srv)?:\/\/\S+$/.test(uri.trim()), 'must start with mongodb:// or mongodb+srv://'),
      // MongoDB forbids /\. "$ and spaces in database names and caps them at 63 bytes.
      MONGODB_DB: z
        .string()
        .regex(/^[\w-]{1,63}$/, 'must be 1-63 letters, digits, dashes or underscores')
        .default(defaults.database),
    })
    .transform((e) => ({ uri: e.MONGODB_URI.trim(), database: e.MONGODB_DB }));
export type MongodbConfig = z.output<ReturnType<typeof mongodbConfig>>;

export const elasticsearchConfig = () =>
  z
    .object({
      ELASTICSEARCH_URL: urlSetting(['http:', 'https:'], 'http://elasticsearch:9200').default('http://127.0.0.1:9200'),
      // Put before every index and alias the service creates (e.g. `t1a2b3-profiles-v1`): tests and
      // side-by-side installations on one cluster, as KAFKA_TOPIC_PREFIX does for topics.
      ELASTICSEARCH_INDEX_PREFIX: z
        .string()
        .regex(/^(?:[a-z0-9][a-z0-9_-]{0,39})?$/, 'must be empty or at most 40 lowercase letters, digits, dashes or underscores, starting with a letter or digit')
        .default(''),
    })
    .transform((e) => ({ url: e.ELASTICSEARCH_URL, indexPrefix: e.ELASTICSEARCH_INDEX_PREFIX }));
export type ElasticsearchConfig = z.output<ReturnType<typeof elasticsearchConfig>>;
