/**
 * Naming rules (docs/contracts.md, "Naming"): one topic per aggregate type per owning service,
 * `<svc>.<aggregate>.events.v<major>`, and event types `<svc>.<aggregate>.<past-tense>`.
 * Segments are lower-case kebab-case so they are safe in topic names, metric labels and file names.
 */
const SEGMENT = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const SEGMENT_RE = new RegExp(`^${SEGMENT}$`);
const TOPIC_RE = new RegExp(`^(${SEGMENT})\\.(${SEGMENT})\\.events\\.v([1-9][0-9]*)$`);
const TYPE_RE = new RegExp(`^(${SEGMENT})\\.(${SEGMENT})\\.(${SEGMENT})$`);

/** Irregular past participles that do not end in -ed / -en. */
const IRREGULAR_PAST = new Set([
  'left', 'sent', 'set', 'reset', 'put', 'read', 'won', 'made', 'built', 'held', 'kept', 'lost', 'met', 'paid',
  'sold', 'told', 'brought', 'bought', 'caught', 'taught', 'found', 'got', 'run', 'shut', 'cut', 'begun', 'done',
  'gone', 'seen', 'shown', 'known', 'undone', 'withdrawn', 'split', 'spent',
]);

export function topicName(svc: string, aggregate: string, major: number): string {
  if (!SEGMENT_RE.test(svc)) throw new TypeError(`service name "${svc}" is not lower-case kebab-case`);
  if (!SEGMENT_RE.test(aggregate)) throw new TypeError(`aggregate name "${aggregate}" is not lower-case kebab-case`);
  if (!Number.isInteger(major) || major < 1) throw new TypeError(`topic major version must be a positive integer, got ${major}`);
  return `${svc}.${aggregate}.events.v${major}`;
}

export interface ParsedTopic {
  readonly svc: string;
  readonly aggregate: string;
  readonly major: number;
}

/**
 * What may go before every topic name of an installation (`KAFKA_TOPIC_PREFIX`): tests and
 * side-by-side installations on one cluster get their own topics (e.g. `t1a2b3.`). Empty in a
 * single installation, which uses the contract names as they are.
 */
export const TOPIC_PREFIX_RE = /^[A-Za-z0-9._-]{0,60}$/;

/**
 * The one topic naming of every producer and consumer: `<prefix><svc>.<aggregate>.events.v<major>`.
 * `topic` is a contract topic name (`topicName`), `prefix` the installation's `KAFKA_TOPIC_PREFIX`.
 */
export function prefixedTopicName(prefix: string, topic: string): string {
  if (!TOPIC_PREFIX_RE.test(prefix)) throw new TypeError('topic prefix must be at most 60 letters, digits, dots, dashes or underscores');
  if (!TOPIC_RE.test(topic)) throw new TypeError(`topic "${topic}" is not <svc>.<aggregate>.events.v<major>`);
  return prefix + topic;
}

export function parseTopicName(topic: string): ParsedTopic | undefined {
  const match = TOPIC_RE.exec(topic);
  if (!match) return undefined;
  return { svc: match[1]!, aggregate: match[2]!, major: Number(match[3]) };
}

export interface ParsedEventType {
  readonly svc: string;
  readonly aggregate: string;
  /** The past-tense part, e.g. `published` or `role-granted`. */
  readonly fact: string;
}

export function parseEventType(type: string): ParsedEventType | undefined {
  const match = TYPE_RE.exec(type);
  if (!match) return undefined;
  return { svc: match[1]!, aggregate: match[2]!, fact: match[3]! };
}

/** True when the last word of a fact reads as a past participle (`published`, `hidden`, `left`). */
export function isPastTense(fact: string): boolean {
  const last = fact.split('-').pop() ?? '';
  return /[a-z]{2}e[dn]$/.test(last) || IRREGULAR_PAST.has(last);
}

/**
 * Returns why `type` breaks the naming rules, or undefined when it is fine. When `topic` is given,
 * the type must also belong to that topic's service and aggregate.
 */
export function eventTypeNameProblem(type: string, topic?: string): string | undefined {
  const parsed = parseEventType(type);
  if (!parsed) return `event type "${type}" is not <svc>.<aggregate>.<past-tense> in lower-case kebab-case`;
  if (!isPastTense(parsed.fact)) return `event type "${type}" does not end in a past-tense verb ("${parsed.fact}")`;
  if (topic !== undefined) {
    const t = parseTopicName(topic);
    if (!t) return `topic "${topic}" is not <svc>.<aggregate>.events.v<major>`;
    if (t.svc !== parsed.svc || t.aggregate !== parsed.aggregate) {
      return `event type "${type}" does not belong to topic "${topic}" (expected prefix ${t.svc}.${t.aggregate}.)`;
    }
  }
  return undefined;
}

export const isEventTypeName = (type: string): boolean => eventTypeNameProblem(type) === undefined;
