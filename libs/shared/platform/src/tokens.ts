/**
 * DI tokens. Strings rather than symbols so Nest's "cannot resolve dependency" messages name them.
 * Application code injects these instead of constructing clients, so one place owns connection
 * settings, health probes and shutdown.
 */
/** mongoose `Connection` for the service's database. */
export const MONGODB_CONNECTION = 'plein:mongodb:connection';
/** kafkajs `Kafka` instance (no connection until a producer/admin/consumer connects). */
export const KAFKA = 'plein:kafka';
/** `@elastic/elasticsearch` `Client`. */
export const ELASTICSEARCH = 'plein:elasticsearch';
/** The service's `JsonLogger`. */
export const LOGGER = 'plein:logger';
/** The service's `ServiceConfig` (name, http, log level). */
export const SERVICE_CONFIG = 'plein:service-config';
/** `DependencyProbe[]` checked by GET /ready. */
export const DEPENDENCY_PROBES = 'plein:dependency-probes';
