import { z } from 'zod';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { elasticsearchConfig, kafkaConfig, mongodbConfig, serviceConfig } from './settings';

const sections = {
  service: serviceConfig({ name: 'feed', port: 3002 }),
  kafka: kafkaConfig({ clientId: 'plein-feed' }),
  mongodb: mongodbConfig({ database: 'plein_feed' }),
  elasticsearch: elasticsearchConfig(),
};

const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('applies local defaults to an empty environment', () => {
    expect(loadConfig(sections, {})).toEqual({
      service: { name: 'feed', http: { host: '127.0.0.1', port: 3002 }, logLevel: 'info', otlpEndpoint: undefined, requestTimeoutMs: 10_000, trustedProxies: false },
      kafka: { brokers: ['127.0.0.1:9092'], clientId: 'plein-feed', topicPrefix: '' },
      mongodb: { uri: 'mongodb://127.0.0.1:27017', database: 'plein_feed' },
      elasticsearch: { url: 'http://127.0.0.1:9200', indexPrefix: '' },
    });
  });

  it('reads and converts every setting', () => {
    const config = loadConfig(sections, {
      SERVICE_NAME: 'feed-canary',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: '0',
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      HTTP_REQUEST_TIMEOUT_MS: '2500',
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9093 ,',
      MONGODB_URI: 'mongodb+srv://cluster.example.org',
      MONGODB_DB: 'feed_test',
      ELASTICSEARCH_URL: 'https://es:9200',
      HTTP_TRUSTED_PROXIES: ' 10.0.0.0/8, ::1 ,loopback',
    });
    expect(config.service).toEqual({ name: 'feed-canary', http: { host: '0.0.0.0', port: 0 }, logLevel: 'debug', otlpEndpoint: 'http://collector:4318', requestTimeoutMs: 2500, trustedProxies: ['10.0.0.0/8', '::1', 'loopback'] });
    expect(config.kafka.brokers).toEqual(['kafka-1:9092', 'kafka-2:9093']);
    expect(config.mongodb).toEqual({ uri: 'mongodb+srv://cluster.example.org', database: 'feed_test' });
    expect(config.elasticsearch.url).toBe('https://es:9200');
  });

  it('reads the topic prefix every service puts before its topic names, and refuses one Kafka cannot name', () => {
    expect(loadConfig(sections, { KAFKA_TOPIC_PREFIX: 'plein-staging.' }).kafka.topicPrefix).toBe('plein-staging.');
    for (const bad of ['a b.', 'x/y', 'x'.repeat(61)]) expect(errorOf(() => loadConfig(sections, { KAFKA_TOPIC_PREFIX: bad })).settings).toEqual(['KAFKA_TOPIC_PREFIX']);
  });

  it('refuses a request time budget that is not a whole number of milliseconds from 100', () => {
    for (const bad of ['10s', '50', '-1', '1.5']) expect(errorOf(() => loadConfig(sections, { HTTP_REQUEST_TIMEOUT_MS: bad })).message).toContain('HTTP_REQUEST_TIMEOUT_MS');
  });

  it('trusts no proxy by default; takes a hop count or addresses, and refuses "trust everyone" and bad entries', () => {
    const proxies = (value: string) => loadConfig(sections, { HTTP_TRUSTED_PROXIES: value }).service.trustedProxies;
    expect(proxies('none')).toBe(false);
    expect(proxies('1')).toBe(1);
    expect(proxies('192.168.1.10,fd00::/8,uniquelocal')).toEqual(['192.168.1.10', 'fd00::/8', 'uniquelocal']);
    for (const bad of ['true', '10.0.0.0/33', '::1/129', 'proxy.example.org', '10.0.0.1,,*', '100']) {
      expect(errorOf(() => proxies(bad)).settings).toEqual(['HTTP_TRUSTED_PROXIES']);
    }
  });

  it('treats empty values as unset so defaults apply', () => {
    expect(loadConfig(sections, { HTTP_PORT: '', KAFKA_BROKERS: '  ' }).service.http.port).toBe(3002);
  });

  it('names every bad setting by its environment variable, with the reason, in one error', () => {
    const error = errorOf(() =>
      loadConfig(sections, {
        HTTP_PORT: '70000',
        LOG_LEVEL: 'loud',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        KAFKA_BROKERS: 'kafka-1,kafka-2:9092',
        MONGODB_URI: 'postgres://db',
        MONGODB_DB: 'bad.name',
        ELASTICSEARCH_URL: 'ftp://es',
      }),
    );
    expect(error.code).toBe('CONFIG.INVALID');
    expect(error.settings).toEqual([
      'HTTP_PORT',
      'LOG_LEVEL',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'KAFKA_BROKERS',
      'MONGODB_URI',
      'MONGODB_DB',
      'ELASTICSEARCH_URL',
    ]);
    expect(error.message).toContain('HTTP_PORT must be an integer port between 0 and 65535');
    expect(error.message).toContain('LOG_LEVEL must be one of trace, debug, info, warn, error, fatal');
    expect(error.message).toContain('KAFKA_BROKERS must be a comma-separated list of host:port');
    expect(error.message).toContain('MONGODB_URI must start with mongodb:// or mongodb+srv://');
    expect(error.message).toContain('ELASTICSEARCH_URL must use http: or https:');
    expect(error.message).toMatch(/^Invalid configuration \(7 settings\)/);
  });

  it('never echoes the offending values, which may be secrets', () => {
    const error = errorOf(() => loadConfig(sections, { MONGODB_URI: 'mysql://admin:hunter2@db' }));
    expect(error.message).not.toContain('hunter2');
  });

  it('reports a required setting that is missing', () => {
    const error = errorOf(() => loadConfig(z.object({ SMTP_URL: z.string() }), {}));
    expect(error.violations).toEqual([{ field: 'SMTP_URL', message: 'is required but not set' }]);
  });

  it('accepts a single schema as well as sections', () => {
    expect(loadConfig(z.object({ A: z.string() }), { A: 'x', B: 'ignored' })).toEqual({ A: 'x' });
  });
});
