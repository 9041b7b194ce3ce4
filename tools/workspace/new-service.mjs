#!/usr/bin/env node
// Creates a Plein service from the shared kit (docs/new-service.md):
//   node tools/workspace/new-service.mjs <name>          e.g. insights
// Writes apps/<name> and libs/<name>/{contracts,domain,application,infrastructure}, each a
// project with its tags, tsconfig and Jest configs, and a small but real example through every
// layer: a contract (defineTopic + defineEvent), a decider with given/when/then tests, a command
// on executeCommand, an event-store wiring, one HTTP route on the platform's route layer and the
// service's integration suite. Registers the service in the chart values, deploy/compose.yaml,
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
  `import { ${name}Contracts, ${name}Upcasters } from '@plein/${name}/contracts';
import { ContractRegistry } from '@plein/shared/contracts';
import { MongoEventStore } from '@plein/shared/event-store';
import type { Connection } from 'mongoose';

/** The ${name} service's contracts: the event store validates every event against them before writing. */
export const ${name}Registry = (): ContractRegistry => new ContractRegistry(${name}Contracts, ${name}Upcasters);

/** The ${name} event store (\`${name}_streams\` in the service's database), validating against its own contracts. */
export function create${Pascal}EventStore(connection: Connection, registry: ContractRegistry = ${name}Registry()): MongoEventStore {
  return new MongoEventStore({ connection, service: '${name}', validate: (envelope) => registry.validate(envelope) });
}
`,
);
write(`libs/${name}/infrastructure/src/index.ts`, `export * from './${name}-event-store';\n`);
write(
  `libs/${name}/infrastructure/src/${name}-event-store.spec.ts`,
  `import { exampleEnvelope } from '@plein/shared/contracts';
import { noteRecordedV1 } from '@plein/${name}/contracts';
import { ${name}Registry } from './${name}-event-store';

describe('${name} event store wiring', () => {
  it("validates against the service's own contracts", () => {
    const registry = ${name}Registry();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1))).not.toThrow();
    expect(() => registry.validate(exampleEnvelope(noteRecordedV1, { data: { noteId: 'not-a-uuid', text: 'x' } }))).toThrow();
  });
});
`,
);

// --- app ---
write(
  `apps/${name}/src/${name}.config.ts`,
  `import { type ConfigOf, type Env, kafkaConfig, loadConfig, mongodbConfig, serviceConfig } from '@plein/shared/config';

/** ${Pascal} service settings, validated at boot; defaults fit the local servers (tools/infra). Uses Kafka + MongoDB. */
export const ${name}ConfigSchema = {
  service: serviceConfig({ name: '${name}', port: ${port} }),
  kafka: kafkaConfig({ clientId: 'plein-${name}' }),
  mongodb: mongodbConfig({ database: 'plein_${name}' }),
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
import { AboutController } from './http/about.controller';
import type { ${Pascal}Config } from './${name}.config';

export const ${UPPER}_CONFIG = 'plein:${name}:config';

/**
 * Root of the ${name} service's own code: features, consumers and workers are imported here.
 * Platform concerns (logger, dependency clients, /health, /ready, /openapi.json, problem+json)
 * come from PlatformModule, which bootstrapService adds around this module.
 */
@Module({})
export class AppModule {
  static forRoot(config: ${Pascal}Config): DynamicModule {
    return {
      module: AppModule,
      controllers: [AboutController],
      providers: [{ provide: ${UPPER}_CONFIG, useValue: config }],
      exports: [${UPPER}_CONFIG],
    };
  }
}
`,
);
write(
  `apps/${name}/src/bootstrap.ts`,
  `import type { Env } from '@plein/shared/config';
import { bootstrapService, type RunningService } from '@plein/shared/platform';
import { AppModule } from './app.module';
import { load${Pascal}Config } from './${name}.config';

export interface Boot${Pascal}Options {
  readonly env?: Env;
  /** False when a test hosts the service in-process and closes it itself. */
  readonly handleSignals?: boolean;
}

/** Starts the ${name} service; tests call this in-process with HTTP_PORT=0. */
export async function bootstrap${Pascal}(options: Boot${Pascal}Options = {}): Promise<RunningService> {
  const config = load${Pascal}Config(options.env);
  return bootstrapService({
    service: config.service,
    dependencies: { kafka: config.kafka, mongodb: config.mongodb },
    module: AppModule.forRoot(config),
    api: { title: 'Plein ${name}', description: 'The ${name} service.' },
    handleSignals: options.handleSignals ?? true,
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
  `import type { RunningService } from '@plein/shared/platform';
import { describeServiceBasics } from '@plein/shared/testing';
import { bootstrap${Pascal} } from './bootstrap';

// Boots the real ${name} service in-process against the local servers (npm run infra:up).
describeServiceBasics('${name}', bootstrap${Pascal}, ['kafka', 'mongodb'], { checks: [] });

describe('${name} HTTP', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await bootstrap${Pascal}({ env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'warn' }, handleSignals: false });
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
  insertAfterLast(text, /^ {4}secretEnv: .*\n(?: {6}.*\n)*/gm, `  ${name}:\n    enabled: true\n    port: ${port}\n    uses: [kafka, mongodb]\n    config: {}\n    secretEnv: {}\n`),
);
// compose: after the last service that runs the shared image (`<<: *service`).
edit('deploy/compose.yaml', (text) =>
  insertAfterLast(text, /^ {2}[a-z-]+:\n {4}<<: \*service\n(?: {4}.*\n)*/gm, `  ${name}:\n    <<: *service\n    environment: { <<: *env, SERVICE_NAME: ${name}, HTTP_PORT: ${port} }\n    ports: ["${port}:${port}"]\n`),
);
// eslint: the service's scope may use shared code, public contracts and itself.
edit('eslint.config.mjs', (text) =>
  insertAfterLast(text, /^ {12}\{ sourceTag: 'scope:[a-z]+', onlyDependOnLibsWithTags: \['scope:shared', 'scope:public', 'scope:[a-z]+'\] \},\n/gm, `            { sourceTag: 'scope:${name}', onlyDependOnLibsWithTags: ['scope:shared', 'scope:public', 'scope:${name}'] },\n`),
);
// README: a row in the services table.
edit('README.md', (text) => insertAfterLast(text, /^\| [a-z-]+ \| \d+ \| .*\n/gm, `| ${name} | ${port} | Kafka, MongoDB | docs/new-service.md |\n`));

console.log(`service ${name} on port ${port}\ncreated:\n  ${created.join('\n  ')}\nregistered in:\n  ${edited.join('\n  ')}`);
console.log('next: docs/new-service.md ("After generating")');
