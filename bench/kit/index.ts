/**
 * The benchmarks' shared kit (`@plein/bench-kit`): options, running and reporting, statistics,
 * seeded randomness, the local servers' connections and MongoDB round-trip counting. Anything
 * about one service's code (seeding a feed, an organisation's shape) stays in that benchmark.
 */
export * from './options';
export * from './measure';
export * from './servers';
