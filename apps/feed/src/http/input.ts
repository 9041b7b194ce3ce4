import { ValidationError, isUuid, type FieldViolation } from '@plein/shared/kernel';

/**
 * Shape checks of request input (types, enums, lengths of raw strings). Content rules (Markdown,
 * limits per kind, deadlines) belong to the domain, which reports them with field names too.
 */
export class Input {
  private readonly violations: FieldViolation[] = [];
  constructor(
    private readonly value: unknown,
    private readonly prefix = 'body',
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.violations.push({ field: prefix, message: 'must be a JSON object' });
  }
  private get obj(): Record<string, unknown> {
    return (typeof this.value === 'object' && this.value !== null ? this.value : {}) as Record<string, unknown>;
  }
  private fail(field: string, message: string): undefined {
    this.violations.push({ field: `${this.prefix}.${field}`, message });
    return undefined;
  }
  has(field: string): boolean {
    return this.obj[field] !== undefined;
  }
  string(field: string, opts: { optional?: boolean; max?: number } = {}): string | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) return opts.optional ? undefined : this.fail(field, 'is required');
    if (typeof v !== 'string') return this.fail(field, 'must be a string');
    if (v.length > (opts.max ?? 100_000)) return this.fail(field, `must be at most ${opts.max ?? 100_000} characters`);
    return v;
  }
  nullableString(field: string, max: number): string | null | undefined {
    return this.obj[field] === null ? null : this.string(field, { optional: true, max });
  }
  oneOf<T extends string>(field: string, values: readonly T[], opts: { optional?: boolean } = {}): T | undefined {
    const v = this.string(field, opts);
    if (v === undefined) return undefined;
    return (values as readonly string[]).includes(v) ? (v as T) : this.fail(field, `must be one of ${values.join(', ')}`);
  }
  uuid(field: string, opts: { optional?: boolean } = {}): string | undefined {
    const v = this.string(field, { ...opts, max: 36 });
    if (v === undefined) return undefined;
    return isUuid(v.toLowerCase()) ? v.toLowerCase() : this.fail(field, 'must be a UUID');
  }
  boolean(field: string): boolean | undefined {
    const v = this.obj[field];
    if (v === undefined) return undefined;
    return typeof v === 'boolean' ? v : this.fail(field, 'must be true or false');
  }
  integer(field: string): number | undefined {
    const v = this.obj[field];
    if (v === undefined) return undefined;
    return Number.isInteger(v) ? (v as number) : this.fail(field, 'must be an integer');
  }
  strings(field: string, max: number): string[] | undefined {
    const v = this.obj[field];
    if (v === undefined) return this.fail(field, 'is required');
    if (!Array.isArray(v) || v.length > max || !v.every((s) => typeof s === 'string' && s.length <= 500)) return this.fail(field, `must be an array of at most ${max} strings`);
    return v as string[];
  }
  object(field: string, opts: { optional?: boolean } = {}): Input | undefined {
    const v = this.obj[field];
    if (v === undefined) return opts.optional ? undefined : this.fail(field, 'is required');
    const nested = new Input(v, `${this.prefix}.${field}`);
    return nested;
  }
  array(field: string, max: number): Input[] | undefined {
    const v = this.obj[field];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length > max) return this.fail(field, `must be an array of at most ${max} items`);
    return v.map((item, k) => new Input(item, `${this.prefix}.${field}[${k}]`));
  }
  /** Collects nested violations and throws them all at once. */
  done(...nested: (Input | undefined)[]): void {
    const all = [...this.violations, ...nested.flatMap((n) => n?.violations ?? [])];
    if (all.length > 0) throw new ValidationError('FEED.INVALID_REQUEST', all);
  }
  get errors(): readonly FieldViolation[] {
    return this.violations;
  }
}

export function pathUuid(value: string, name: string): string {
  const v = value.toLowerCase();
  if (!isUuid(v)) throw new ValidationError('FEED.INVALID_REQUEST', [{ field: `path.${name}`, message: 'must be a UUID' }]);
  return v;
}

export function pageLimit(raw: string | undefined, fallback = 20, max = 100): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max) throw new ValidationError('FEED.INVALID_REQUEST', [{ field: 'query.limit', message: `must be an integer from 1 to ${max}` }]);
  return n;
}

export function optionalUuid(raw: string | undefined, name: string): string | null {
  return raw === undefined || raw === '' ? null : pathUuid(raw, name).toLowerCase();
}
