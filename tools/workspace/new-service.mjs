#!/usr/bin/env node
// Creates a Plein service from the shared kit (docs/new-service.md):
//   node tools/workspace/new-service.mjs <name>          e.g. insights
// Writes apps/<name> and libs/<name>/{contracts,domain,application,infrastructure}, each a
// project with its tags, tsconfig and Jest configs, and a small but real example through every
// layer: a contract (defineTopic + defineEvent), a decider with given/when/then tests, a command
// on executeCommand, the event store with its outbox relay to Kafka and one projection (a
// versioned read model of the notes) run as processors by bootstrapService, one HTTP route on the
// platform's route layer and the service's integration suite. Registers the service in the chart values, deploy/compose.yaml,
// the lint scope rules and the README's services table, on the next free port.
// Refuses a name that is taken or not 2-20 lower-case letters; it never overwrites a file.
// `--root <dir>` generates into another checkout (the generator's test uses a git worktree).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectFiles } from './project-files.mjs';

const usage = 'usage: node tools/workspace/new-service.mjs <name> [--root <checkout>]   (name: 2-20 lower-case letters)';
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? args[rootAt + 1] : '.';
const name = args.filter((_, i) => rootAt < 0 || (i !== rootAt && i !== rootAt + 1))[0];
const fail = (message) => {
  console.error(message);
  process.exit(2);
};
if (!name || !root) fail(usage);
if (!/^[a-z]{2,20}$/.test(name)) fail(`"${name}" is not 2-20 lower-case letters\n${usage}`);
if (existsSync(join(root, 'apps', name)) || existsSync(join(root, 'libs', name))) fail(`apps/${name} or libs/${name} exists already`);

const Pascal = name[0].toUpperCase() + name.slice(1);
const UPPER = name.toUpperCase();
const read = (file) => readFileSync(join(root, file), 'utf8');
const created = [];
const write = (file, text) => {
  const path = join(root, file);
  if (existsSync(path)) fail(`${file} exists already; nothing overwritten`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  created.push(file);
};

// --- the port: one above every port the chart gives a service (the dev IdP's 3100 is not one) ---
const values = read('deploy/helm/plein/values.yaml');
const ports = [...values.matchAll(/^ {4}port: (\d+)$/gm)].map((m) => Number(m[1]));
const port = Math.max(3000, ...ports) + 1;

// --- projects ---
const project = (dir, projectName, kind, tags) => {
  for (const [file, text] of projectFiles(dir, projectName, kind, tags)) write(`${dir}/${file}`, text);
};
const lib = (layer, tags) => project(`libs/${name}/${layer}`, `${name}-${layer}`, 'library', [`type:${layer}`, `scope:${name}`, ...tags]);
lib('contracts', ['scope:public']);
lib('domain', []);
lib('application', []);
lib('infrastructure', []);
project(`apps/${name}`, name, 'application', ['type:app', `scope:${name}`]);

// --- contracts ---
write(
  `libs/${name}/contracts/src/note.events.ts`,
  `import { defineEvent, defineTopic, object, text, topicName, uuid } from '@plein/shared/contracts';

/** The example aggregate of the ${name} service: a note, recorded once. Replace it with the service's own. */
export const ${name}NoteTopic = defineTopic({
  name: topicName('${name}', 'note', 1),
  aggregateType: 'note',
  description: 'Notes recorded in the ${name} service.',
  key: { description: 'The note id: one note per key, so its events stay in order.', example: '01964b1e-0000-7000-8000-000000000901' },
});

export interface NoteRecordedV1 {
  noteId: string;
  text: string;
}

export const noteRecordedV1 = defineEvent<NoteRecordedV1>({
  type: '${name}.note.recorded',
  version: 1,
  aggregateType: 'note',
  topic: ${name}NoteTopic,
  description: 'A note was recorded.',
  schema: object({ noteId: uuid(), text: text(500) }, ['noteId', 'text']),
  example: { noteId: '01964b1e-0000-7000-8000-000000000901', text: 'A first note.' },
});

export const noteContracts = [noteRecordedV1];
`,
);
write(
  `libs/${name}/contracts/src/index.ts`,
  `import type { EventContract, Upcaster } from '@plein/shared/contracts';
import { noteContracts } from './note.events';

export * from './note.events';

/** Every public ${name} event contract, all versions. */
export const ${name}Contracts: readonly EventContract[] = [...noteContracts];
/** Upcasters of superseded ${name} event versions (none yet). */
export const ${name}Upcasters: readonly Upcaster[] = [];
`,
);
write(
  `libs/${name}/contracts/src/${name}.contracts.spec.ts`,
  `import { ContractRegistry, ContractViolationError, exampleEnvelope } from '@plein/shared/contracts';
import { ${name}Contracts, ${name}Upcasters, noteRecordedV1 } from './index';

const registry = new ContractRegistry(${name}Contracts, ${name}Upcasters);

describe('${name} contracts', () => {
  it('publish notes on their own topic, keyed by the note', () => {
    expect(noteRecordedV1.topic).toBe('${name}.note.events.v1');
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1))).not.toThrow();
  });

  it('refuse an empty note and unknown fields', () => {
    const bad = exampleEnvelope(noteRecordedV1, { data: { ...noteRecordedV1.example, text: '', extra: 1 } as never });
    expect(() => registry.validate(bad)).toThrow(ContractViolationError);
  });
});
`,
);

// --- domain ---
write(
  `libs/${name}/domain/src/note/note.decider.ts`,
  `import type { NoteRecordedV1 } from '@plein/${name}/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { ConflictError, type NewEvent } from '@plein/shared/kernel';

export type NoteEvent = NewEvent<NoteRecordedV1, '${name}.note.recorded'>;
export interface RecordNote {
  readonly type: 'RecordNote';
  readonly noteId: string;
  readonly text: string;
}
export type NoteCommand = RecordNote;
export interface NoteState {
  readonly recorded: boolean;
}

export class NoteExistsError extends ConflictError {
  constructor(noteId: string) {
    super('${UPPER}.NOTE_EXISTS', 'this note is recorded already', { noteId });
  }
}

/** The example aggregate: a note is recorded once; recording it again is a conflict. Pure: no I/O, no clock. */
export const noteDecider: Decider<NoteCommand, NoteEvent, NoteState> = {
  initialState: () => ({ recorded: false }),
  decide(command, state) {
    if (state.recorded) throw new NoteExistsError(command.noteId);
    return [{ type: '${name}.note.recorded', version: 1, data: { noteId: command.noteId, text: command.text } }];
  },
  evolve: (state, event) => (event.type === '${name}.note.recorded' ? { recorded: true } : state),
};
`,
);
write(`libs/${name}/domain/src/index.ts`, `export * from './note/note.decider';\n`);
write(
  `libs/${name}/domain/src/note/note.decider.spec.ts`,
  `import { ${name}Contracts } from '@plein/${name}/contracts';
import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { deciderSpec } from '@plein/shared/testing';
import { noteDecider, type NoteEvent } from './note.decider';

const registry = new ContractRegistry(${name}Contracts, []);
// Every produced event must pass its contract, as the event store checks before writing.
const spec = deciderSpec(noteDecider, (event: NoteEvent) => {
  const contract = registry.contracts().find((c) => c.type === event.type && c.version === event.version);
  if (!contract) throw new Error(\`no contract for \${event.type}@v\${event.version}\`);
  registry.validate(exampleEnvelope(contract, { data: event.data }));
});
const noteId = '01964b1e-0000-7000-8000-000000000901';
const recorded: NoteEvent = { type: '${name}.note.recorded', version: 1, data: { noteId, text: 'hello' } };

describe('note decider', () => {
  it('records a new note', () => {
    spec.given().when({ type: 'RecordNote', noteId, text: 'hello' }).then([recorded]);
  });

  it('refuses to record the same note twice', () => {
    spec.given(recorded).when({ type: 'RecordNote', noteId, text: 'again' }).thenThrows({ code: '${UPPER}.NOTE_EXISTS', kind: 'conflict' });
  });
});
`,
);

// --- application ---
write(
  `libs/${name}/application/src/record-note.ts`,
  `import { noteDecider } from '@plein/${name}/domain';
import { commandMetadata, executeCommand, type EventStore, type ReadYourWrites, type RequestContext } from '@plein/shared/event-sourcing';
import { streamId } from '@plein/shared/kernel';

export interface NoteCommandsDeps {
  readonly store: EventStore;
  /** The read models fed by note streams, brought up to date before the command answers. */
  readonly readYourWrites?: ReadYourWrites;
}

export interface RecordedNote {
  readonly noteId: string;
  readonly version: number;
  /** True when the Idempotency-Key had been used for this before and nothing new was stored. */
  readonly replayed: boolean;
}

/** Records a note through the shared command path (decide, append with idempotency, read-your-writes). */
export async function recordNote(deps: NoteCommandsDeps, ctx: RequestContext, input: { readonly noteId: string; readonly text: string }): Promise<RecordedNote> {
  const result = await executeCommand({
    store: deps.store,
    ...(deps.readYourWrites ? { readYourWrites: deps.readYourWrites } : {}),
    streamId: streamId('note', input.noteId),
    decider: noteDecider,
    command: { type: 'RecordNote', noteId: input.noteId, text: input.text },
    metadata: commandMetadata(ctx),
  });
  return { noteId: input.noteId, version: result.version, replayed: result.replayed };
}
`,
);
write(`libs/${name}/application/src/index.ts`, `export * from './record-note';\n`);
write(
  `libs/${name}/application/src/record-note.spec.ts`,
  `import { InMemoryEventStore, type RequestContext } from '@plein/shared/event-sourcing';
import { recordNote } from './record-note';

const noteId = '01964b1e-0000-7000-8000-000000000901';
const ctx = (idempotencyKey?: string, userId = '01964b1e-0000-7000-8000-000000000101'): RequestContext => ({
  caller: { userId },
  correlationId: 'corr-1',
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

describe('recordNote', () => {
  it('stores the note and answers its version', async () => {
    const store = new InMemoryEventStore();
    await expect(recordNote({ store }, ctx(), { noteId, text: 'hello' })).resolves.toEqual({ noteId, version: 1, replayed: false });
    expect((await store.readStream(\`note-\${noteId}\`))?.events.map((e) => e.type)).toEqual(['${name}.note.recorded']);
  });

  it('answers a retry with the same Idempotency-Key from its first run, and refuses a second recording', async () => {
    const store = new InMemoryEventStore();
    await recordNote({ store }, ctx('key-1'), { noteId, text: 'hello' });
    await expect(recordNote({ store }, ctx('key-1'), { noteId, text: 'hello' })).resolves.toEqual({ noteId, version: 1, replayed: true });
    await expect(recordNote({ store }, ctx('key-2'), { noteId, text: 'hello' })).rejects.toMatchObject({ code: '${UPPER}.NOTE_EXISTS' });
  });
});
`,
);

// --- infrastructure ---
write(
  `libs/${name}/infrastructure/src/${name}-event-store.ts`,
  `import { ${name}Contracts, ${name}NoteTopic, ${name}Upcasters } from '@plein/${name}/contracts';
import { ContractRegistry, prefixedTopicName } from '@plein/shared/contracts';
import { eventTopicSpec, MongoEventStore, type TopicSpec } from '@plein/shared/event-store';
import type { EventEnvelope } from '@plein/shared/kernel';
import type { Connection } from 'mongoose';

/** The ${name} service's contracts: the event store validates every event against them before writing. */
export const ${name}Registry = (): ContractRegistry => new ContractRegistry(${name}Contracts, ${name}Upcasters);

/**
 * The ${name} event store (\`<service>_streams\` in the service's database, \`${name}_streams\` in
 * production), validating against its own contracts.
 */
export function create${Pascal}EventStore(connection: Connection, registry: ContractRegistry = ${name}Registry(), service = '${name}'): MongoEventStore {
  return new MongoEventStore({ connection, service, validate: (envelope) => registry.validate(envelope) });
}

/** The topic of each aggregate type the service publishes. */
const TOPIC_BY_AGGREGATE: Readonly<Record<string, string>> = { note: ${name}NoteTopic.name };

/** Where the outbox relay publishes an event: its aggregate's topic, after the installation's prefix. */
export function ${name}TopicFor(topicPrefix = ''): (envelope: EventEnvelope) => string {
  prefixedTopicName(topicPrefix, ${name}NoteTopic.name); // refuses a bad prefix before the first event
  return (envelope) => {
    const topic = TOPIC_BY_AGGREGATE[envelope.aggregateType];
    if (!topic) throw new Error(\`no ${name} topic for aggregate type \${envelope.aggregateType}\`);
    return prefixedTopicName(topicPrefix, topic);
  };
}

/** The topics the service produces, created at start when missing (ensureServiceTopics never alters an existing one). */
export const ${name}TopicSpecs = (topicPrefix = ''): TopicSpec[] => Object.values(TOPIC_BY_AGGREGATE).map((topic) => eventTopicSpec(prefixedTopicName(topicPrefix, topic), 6));
`,
);
write(
  `libs/${name}/infrastructure/src/notes.projection.ts`,
  `import { ${name}NoteTopic, type NoteRecordedV1 } from '@plein/${name}/contracts';
import { prefixedTopicName } from '@plein/shared/contracts';
import { applyInSequence, defineProjection, type ProjectionDefinition } from '@plein/shared/projections';

/** A note as the read model keeps it: the projection's own document, written from the events. */
export interface NoteDocument {
  /** The note id. */
  _id: string;
  text: string;
  /** When the note was recorded (the event's occurredAt, so a rebuild writes the same). */
  recordedAt: string;
  lastSequence: number;
}

/** Bump when the document or its mapping changes: the new version is rebuilt beside the old one. */
export const NOTES_READ_MODEL_VERSION = 1;

/**
 * The example read model: every recorded note, in the collection \`<service>_notes_v<N>\`, fed
 * from Kafka by the consumer group \`<service>.notes.v<N>\` (docs/projections.md).
 */
export function notesProjection(topicPrefix = ''): ProjectionDefinition<'mongo'> {
  return defineProjection({
    name: 'notes',
    version: NOTES_READ_MODEL_VERSION,
    topics: [prefixedTopicName(topicPrefix, ${name}NoteTopic.name)],
    aggregateTypes: ['note'],
    async apply(event, ctx) {
      // Every event of the note goes through the sequence guard (a redelivery changes nothing), also one that changes nothing here.
      const update = event.type === '${name}.note.recorded' ? { $set: { text: (event.data as NoteRecordedV1).text, recordedAt: event.occurredAt } } : {};
      await applyInSequence<NoteDocument>(ctx.collection, event.aggregateId, event.sequence, update);
    },
  });
}
`,
);
write(
  `libs/${name}/infrastructure/src/${name}-infrastructure.ts`,
  `import { ensureServiceTopics, OutboxRelay, type MongoEventStore } from '@plein/shared/event-store';
import type { MessagingLogger } from '@plein/shared/messaging';
import { consumersNotRunning, onceUntilFailure, openFirst, serviceProcessor, type ServiceProcessor } from '@plein/shared/platform';
import { projectionDeadLetterTopics, ProjectionHost, type ProjectionDefinition } from '@plein/shared/projections';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { create${Pascal}EventStore, ${name}Registry, ${name}TopicFor, ${name}TopicSpecs } from './${name}-event-store';
import { notesProjection } from './notes.projection';

export interface ${Pascal}InfrastructureOptions {
  readonly connection: Connection;
  readonly kafka: Kafka;
  /** Namespace of the event store, read-model collections and consumer groups (\`${name}\` in production). */
  readonly service?: string;
  readonly topicPrefix?: string;
  readonly logger?: MessagingLogger;
}

/**
 * The ${name} service's composition root below HTTP: the event store, the outbox relay that
 * publishes its events to Kafka and the projection host that feeds the read models from Kafka.
 * The constructor connects nothing: the processors open what they need when bootstrapService
 * starts them (and retries them while MongoDB or Kafka is down).
 */
export class ${Pascal}Infrastructure {
  readonly service: string;
  readonly registry = ${name}Registry();
  readonly store: MongoEventStore;
  readonly projections: readonly ProjectionDefinition[];
  private readonly relay: OutboxRelay;
  private host: ProjectionHost | null = null;

  constructor(private readonly options: ${Pascal}InfrastructureOptions) {
    this.service = options.service ?? '${name}';
    this.store = create${Pascal}EventStore(options.connection, this.registry, this.service);
    this.projections = [notesProjection(options.topicPrefix)];
    const logger = options.logger;
    this.relay = new OutboxRelay({
      store: this.store,
      kafka: options.kafka,
      topicFor: ${name}TopicFor(options.topicPrefix),
      ...(logger ? { onError: (error: unknown) => logger.warn('outbox relay cycle failed', { reason: String(error) }) } : {}),
    });
  }

  /** Opens the event store (its indexes) and creates the service's topics and its projections' dead-letter topics when missing: once, again after a failure. */
  readonly open: () => Promise<void> = onceUntilFailure(async () => {
    await this.options.connection.asPromise();
    await this.store.init();
    await ensureServiceTopics(this.options.kafka, ${name}TopicSpecs(this.options.topicPrefix), { deadLetterTopics: projectionDeadLetterTopics(this.service, this.projections) });
  });

  /** What bootstrapService runs beside HTTP (each after open), each reported on GET /ready: the outbox relay and the projections. */
  processors(): ServiceProcessor[] {
    return openFirst(this.open, [
      serviceProcessor('outbox-relay', this.relay),
      {
        name: 'projections',
        start: async () => {
          this.host ??= new ProjectionHost({
            kafka: this.options.kafka,
            service: this.service,
            db: this.options.connection.db!,
            contracts: this.registry,
            projections: this.projections,
            ...(this.options.logger ? { logger: this.options.logger } : {}),
          });
          await this.host.start();
        },
        stop: async () => this.host?.stop(),
        notReadyReason: consumersNotRunning(() => this.host?.processors() ?? []),
      },
    ]);
  }
}
`,
);
write(`libs/${name}/infrastructure/src/index.ts`, `export * from './${name}-event-store';\nexport * from './notes.projection';\nexport * from './${name}-infrastructure';\n`);
write(
  `libs/${name}/infrastructure/src/${name}-event-store.spec.ts`,
  `import { exampleEnvelope } from '@plein/shared/contracts';
import { noteRecordedV1 } from '@plein/${name}/contracts';
import { ${name}Registry, ${name}TopicFor, ${name}TopicSpecs } from './${name}-event-store';
import { notesProjection } from './notes.projection';

describe('${name} event store wiring', () => {
  it("validates against the service's own contracts", () => {
    const registry = ${name}Registry();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1, { data: { noteId: 'not-a-uuid', text: 'x' } }))).toThrow();
  });

  it("publishes each note on the note topic after the installation's prefix, and refuses a bad prefix", () => {
    expect(${name}TopicFor('staging.')(exampleEnvelope(noteRecordedV1))).toBe('staging.${name}.note.events.v1');
    expect(${name}TopicSpecs('staging.').map((t) => t.name)).toEqual(['staging.${name}.note.events.v1']);
    expect(notesProjection('staging.').topics).toEqual(['staging.${name}.note.events.v1']);
    expect(() => ${name}TopicFor('bad prefix')).toThrow(TypeError);
    expect(() => ${name}TopicFor('')({ ...exampleEnvelope(noteRecordedV1), aggregateType: 'other' })).toThrow(/no ${name} topic for aggregate type other/);
  });
});
`,
);

// --- app ---
write(
  `apps/${name}/src/${name}.config.ts`,
  `import { authConfig } from '@plein/shared/auth';
import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';

/** ${Pascal} service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB, and identity's keys for platform tokens (auth). */
export const ${name}ConfigSchema = {
  service: serviceConfig({ name: '${name}', port: ${port} }),
  kafka: kafkaConfig({ clientId: 'plein-${name}' }),
  mongodb: mongodbConfig({ database: 'plein_${name}' }),
  auth: authConfig(),
};

export type ${Pascal}Config = ConfigOf<typeof ${name}ConfigSchema>;

/** Throws ConfigError naming every bad or missing variable. */
export const load${Pascal}Config = (env: Env = process.env): ${Pascal}Config => loadConfig(${name}ConfigSchema, env);
`,
);
write(
  `apps/${name}/src/http/about.controller.ts`,
  `import { Controller } from '@nestjs/common';
import { Endpoint, RequestInput, route, type InputOf } from '@plein/shared/platform';
import { z } from 'zod';

/** The example route: declared once, validated by @RequestInput and listed in GET /openapi.json. */
export const ABOUT_ROUTE = route({
  method: 'get',
  path: '/v1/${name}/about',
  summary: 'What this service is (no authentication)',
  auth: 'none',
  query: z.object({ lang: z.enum(['en', 'nl']).default('en') }),
  response: { schema: z.object({ service: z.literal('${name}'), lang: z.string() }) },
});

@Controller()
export class AboutController {
  @Endpoint(ABOUT_ROUTE)
  about(@RequestInput() input: InputOf<typeof ABOUT_ROUTE>): { service: '${name}'; lang: string } {
    return { service: '${name}', lang: input.query.lang };
  }
}
`,
);
write(
  `apps/${name}/src/app.module.ts`,
  `import { Module, type DynamicModule } from '@nestjs/common';
import { ${Pascal}Infrastructure } from '@plein/${name}/infrastructure';
import type { JsonLogger } from '@plein/shared/observability';
import { KAFKA, LOGGER, MONGODB_CONNECTION } from '@plein/shared/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { AboutController } from './http/about.controller';
import type { ${Pascal}Config } from './${name}.config';

export const ${UPPER}_CONFIG = 'plein:${name}:config';

/**
 * Root of the ${name} service's own code: features and their infrastructure (event store, outbox
 * relay, projections; bootstrap${Pascal} hands its processors to bootstrapService). Platform
 * concerns (logger, dependency clients, /health, /ready, /openapi.json, problem+json) come from
 * PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: ${Pascal}Config): DynamicModule {
    return {
      module: AppModule,
      controllers: [AboutController],
      providers: [
        { provide: ${UPPER}_CONFIG, useValue: config },
        {
          provide: ${Pascal}Infrastructure,
          useFactory: (connection: Connection, kafka: Kafka, logger: JsonLogger) => {
            const log = logger.child('${Pascal}Infrastructure');
            return new ${Pascal}Infrastructure({
              connection,
              kafka,
              service: config.service.name,
              topicPrefix: config.kafka.topicPrefix,
              logger: { info: (m, f) => log.log(m, f), warn: (m, f) => log.warn(m, f), error: (m, f) => log.error(m, f) },
            });
          },
          inject: [MONGODB_CONNECTION, KAFKA, LOGGER],
        },
      ],
      exports: [${UPPER}_CONFIG, ${Pascal}Infrastructure],
    };
  }
}
`,
);
write(
  `apps/${name}/src/bootstrap.ts`,
  `import { ${Pascal}Infrastructure } from '@plein/${name}/infrastructure';
import type { Env } from '@plein/shared/config';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule } from './app.module';
import { load${Pascal}Config } from './${name}.config';

export interface Boot${Pascal}Options {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/**
 * Starts the ${name} service; tests call this in-process with HTTP_PORT=0. Resolves once it
 * listens; its processors (outbox relay, projections) start right after, each on GET /ready.
 */
export async function bootstrap${Pascal}(options: Boot${Pascal}Options = {}): Promise<RunningService> {
  const config = load${Pascal}Config(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config),
    api: { title: 'Plein ${name}', description: 'The ${name} service.' },
    handleSignals: options.handleSignals ?? true,
    processors: (app) => app.get(${Pascal}Infrastructure).processors(),
  });
}
`,
);
write(
  `apps/${name}/src/main.ts`,
  `// Run with \`node -r ./dist/tools/runtime/register.js dist/apps/${name}/src/main.js\`: the register hook
// resolves @plein/* in dist and starts OpenTelemetry before Nest and its HTTP stack load.
import { runMain } from '@plein/shared/platform';
import { bootstrap${Pascal} } from './bootstrap';

runMain('${name}', () => bootstrap${Pascal}());
`,
);
write(
  `apps/${name}/src/${name}.int.spec.ts`,
  `import { recordNote } from '@plein/${name}/application';
import { ${Pascal}Infrastructure, type NoteDocument } from '@plein/${name}/infrastructure';
import { uuidv7 } from '@plein/shared/kernel';
import { KAFKA, MONGODB_CONNECTION } from '@plein/shared/platform';
import { describeServiceBasics, firstMessageKeyed, isolatedBoot, waitFor } from '@plein/shared/testing';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { bootstrap${Pascal} } from './bootstrap';

/** The real ${name} service in-process against the local servers, on its own database, topic prefix and namespace (dropped on close). */
const boot${Pascal} = isolatedBoot('${name}', bootstrap${Pascal});

// /ready reports the dependencies and each processor (the outbox relay and the projections) up.
describeServiceBasics('${name}', boot${Pascal}, ['kafka', 'mongodb'], { checks: [], processors: ['outbox-relay', 'projections'] });

describe('${name} HTTP and events', () => {
  let service: Awaited<ReturnType<typeof boot${Pascal}>>;
  beforeAll(async () => {
    service = await boot${Pascal}();
    await service.processors.started;
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers the example route and lists it in its OpenAPI document', async () => {
    const res = await fetch(\`\${service.url}/v1/${name}/about?lang=nl\`);
    expect([res.status, await res.json()]).toEqual([200, { service: '${name}', lang: 'nl' }]);
    const doc = (await (await fetch(\`\${service.url}/openapi.json\`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/${name}/about');
  });

  it('refuses bad input with a problem naming the field', async () => {
    const res = await fetch(\`\${service.url}/v1/${name}/about?lang=fr\`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['query.lang']);
  });

  it('publishes a recorded note to Kafka, and the projection consumer writes it into the versioned read model', async () => {
    const { store } = service.app.get(${Pascal}Infrastructure);
    const noteId = uuidv7();
    await recordNote({ store }, { caller: { userId: uuidv7() }, correlationId: 'int-note-1' }, { noteId, text: 'From the event store to Kafka' });

    // On the service's topic, keyed by the note, published by the outbox relay.
    const message = await firstMessageKeyed(service.app.get<Kafka>(KAFKA), \`\${service.topicPrefix}${name}.note.events.v1\`, noteId);
    expect(JSON.parse(message.value!.toString())).toMatchObject({ type: '${name}.note.recorded', aggregateId: noteId, sequence: 1, data: { noteId, text: 'From the event store to Kafka' } });

    // In <service>_notes_v1, written only by the consumer group <service>.notes.v1 (the command does not touch it).
    const notes = service.app.get<Connection>(MONGODB_CONNECTION).db!.collection<NoteDocument>(\`\${service.namespace}_notes_v1\`);
    await waitFor('the note in the read model', async () => (await notes.findOne({ _id: noteId })) !== null);
    expect(await notes.findOne({ _id: noteId })).toEqual({ _id: noteId, text: 'From the event store to Kafka', recordedAt: expect.any(String), lastSequence: 1 });
  });
});
`,
);

// --- registrations (text edits next to the existing entries, so comments and layout stay) ---
const edited = [];
const edit = (file, change) => {
  const before = read(file);
  const after = change(before);
  if (after === before) fail(`${file}: found no place for ${name}; generated files are left, nothing registered there`);
  writeFileSync(join(root, file), after);
  edited.push(file);
};
const insertAfterLast = (text, pattern, insert) => {
  const matches = [...text.matchAll(pattern)];
  const last = matches.at(-1);
  if (!last) return text;
  const at = last.index + last[0].length;
  return text.slice(0, at) + insert + text.slice(at);
};
// values.yaml: after the last service entry of `services:` (entries end with their secretEnv line).
edit('deploy/helm/plein/values.yaml', (text) =>
  insertAfterLast(text, /^ {4}secretEnv: .*\n(?: {6}.*\n)*/gm, `  ${name}:\n    enabled: true\n    port: ${port}\n    uses: [kafka, mongodb, identity]\n    config: {}\n    secretEnv: {}\n`),
);
// compose: after the last service that runs the shared image (`<<: *service`).
edit('deploy/compose.yaml', (text) =>
  insertAfterLast(text, /^ {2}[a-z-]+:\n {4}<<: \*service\n(?: {4}.*\n)*/gm, `  ${name}:\n    <<: *service\n    environment: { <<: *env, SERVICE_NAME: ${name}, HTTP_PORT: ${port}, AUTH_JWKS_URL: http://identity:3001/.well-known/jwks.json }\n    ports: ["${port}:${port}"]\n`),
);
// eslint: the service's scope may use shared code, public contracts and itself.
edit('eslint.config.mjs', (text) =>
  insertAfterLast(text, /^ {12}\{ sourceTag: 'scope:[a-z]+', onlyDependOnLibsWithTags: \['scope:shared', 'scope:public', 'scope:[a-z]+'\] \},\n/gm, `            { sourceTag: 'scope:${name}', onlyDependOnLibsWithTags: ['scope:shared', 'scope:public', 'scope:${name}'] },\n`),
);
// README: a row in the services table.
edit('README.md', (text) => insertAfterLast(text, /^\| [a-z-]+ \| \d+ \| .*\n/gm, `| ${name} | ${port} | Kafka, MongoDB | docs/new-service.md |\n`));

console.log(`service ${name} on port ${port}\ncreated:\n  ${created.join('\n  ')}\nregistered in:\n  ${edited.join('\n  ')}`);
console.log('next: docs/new-service.md ("After generating")');
