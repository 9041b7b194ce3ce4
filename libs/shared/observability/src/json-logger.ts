import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { DEFAULT_LOG_FIELDS, redact } from './redact';
import { getRequestContext } from './request-context';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const SEVERITY: Readonly<Record<LogLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const FROM_NEST: Readonly<Record<NestLogLevel, LogLevel>> = { verbose: 'trace', debug: 'debug', log: 'info', warn: 'warn', error: 'error', fatal: 'fatal' };

export type LogValue = string | number | boolean | null;
/** Optional structured fields; only allow-listed keys are written (see redact.ts). */
export type LogFields = Readonly<Record<string, unknown>>;

export interface JsonLoggerOptions {
  readonly service: string;
  readonly level?: LogLevel;
  /** Context (component) name, e.g. the Nest class that logs. */
  readonly context?: string;
  /** Extra field names allowed besides DEFAULT_LOG_FIELDS; opt-in, reviewed per use. */
  readonly allowFields?: readonly string[];
  /** Line sink; defaults to stdout. Tests capture lines here. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * One JSON object per line: time, level, service, context, msg, traceId/spanId of the active
 * span, correlationId of the request context, then allow-listed fields. Implements Nest's
 * LoggerService so framework messages share the format.
 */
export class JsonLogger implements LoggerService {
  private threshold: number;
  private enabled: ReadonlySet<LogLevel> | undefined;
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly options: JsonLoggerOptions) {
    this.threshold = SEVERITY[options.level ?? 'info'];
    this.allowed = new Set([...DEFAULT_LOG_FIELDS, ...(options.allowFields ?? [])]);
  }

  /** A logger for one component, sharing service, level and sink. */
  child(context: string): JsonLogger {
    const child = new JsonLogger({ ...this.options, context });
    child.threshold = this.threshold;
    child.enabled = this.enabled;
    return child;
  }

  isEnabled(level: LogLevel): boolean {
    return this.enabled ? this.enabled.has(level) : SEVERITY[level] >= this.threshold;
  }

  // Application-facing API: message plus structured fields.
  trace(msg: string, fields?: LogFields): void {
    this.write('trace', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }

  // Nest LoggerService: (message, ...optionalParams) where the last string is the context.
  log(message: unknown, ...params: unknown[]): void {
    this.fromNest('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.fromNest('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.fromNest('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.fromNest('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.fromNest('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.fromNest('fatal', message, params);
  }
  setLogLevels(levels: NestLogLevel[]): void {
    this.enabled = new Set(levels.map((l) => FROM_NEST[l]));
  }

  private fromNest(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.isEnabled(level)) return;
    let context: string | undefined;
    let stack: string | undefined;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    // Nest appends the context last; a stack (error(msg, stack, ctx)) has "\n    at " lines.
    const last = rest.at(-1);
    if (typeof last === 'string' && !looksLikeStack(last)) {
      context = last;
      rest.pop();
    }
    for (const param of rest) {
      if (typeof param === 'string' && looksLikeStack(param)) stack = param;
      else if (param instanceof Error) Object.assign(fields, { err: param });
      else if (isRecord(param)) Object.assign(fields, param);
    }
    if (message instanceof Error) {
      this.write(level, message.message, { ...fields, err: message }, context);
    } else if (isRecord(message)) {
      const { msg, message: text, ...others } = message;
      this.write(level, String(msg ?? text ?? ''), { ...others, ...fields }, context, stack);
    } else {
      this.write(level, String(message), fields, context, stack);
    }
  }

  private write(level: LogLevel, msg: string, fields: LogFields = {}, context?: string, stack?: string): void {
    if (!this.isEnabled(level)) return;
    const span = trace.getActiveSpan()?.spanContext();
    const line: Record<string, unknown> = {
      time: (this.options.now?.() ?? new Date()).toISOString(),
      level,
      service: this.options.service,
      context: context ?? this.options.context,
      msg: redact(msg),
    };
    if (span && isSpanContextValid(span)) {
      line['traceId'] = span.traceId;
      line['spanId'] = span.spanId;
    }
    const correlationId = getRequestContext()?.correlationId;
    if (correlationId) line['correlationId'] = correlationId;
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'err') continue;
      const safe = this.allowed.has(key) ? toLogValue(value) : undefined;
      if (safe !== undefined) line[key] = safe;
    }
    const err = fields['err'];
    if (err instanceof Error) line['err'] = serializeError(err);
    else if (stack) line['err'] = { stack: redact(stack) };
    (this.options.write ?? writeStdout)(JSON.stringify(line));
  }
}

const writeStdout = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const looksLikeStack = (s: string): boolean => /\n[^\S\n]+at /.test(s);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Nested objects are dropped on purpose: they are where request bodies and user data hide. */
function toLogValue(value: unknown): LogValue | undefined {
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return undefined;
}

function serializeError(error: Error): Record<string, LogValue> {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: redact(error.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(error.stack ? { stack: redact(error.stack) } : {}),
  };
}
