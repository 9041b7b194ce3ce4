/**
 * Every call of the client goes to the gateway's own origin (`/api/<service>/…`, docs/gateway.md):
 * the session cookie travels by itself, the gateway adds the token, and every write carries the
 * CSRF header the gateway demands. A non-2xx answer becomes a Problem (RFC 9457 problem+json).
 */
export const CSRF_HEADER = 'X-Plein-CSRF';

export interface FieldViolation {
  readonly field: string;
  readonly message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string | undefined,
    readonly errors: readonly FieldViolation[],
  ) {
    super(detail ?? title);
    this.name = 'Problem';
  }

  /** The messages for one request field, by any of its names (`body.body` from request validation and compose-time rules, `body` from the domain). */
  messagesFor(fields: readonly string[]): string[] {
    return this.errors.filter((e) => fields.includes(e.field)).map((e) => e.message);
  }
}

/** Reads a non-2xx answer as RFC 9457 problem+json (what it can of it). */
export async function problemOf(res: Response): Promise<Problem> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const errors = Array.isArray(body['errors'])
    ? (body['errors'] as unknown[]).flatMap((e) => {
        const v = e as Record<string, unknown>;
        return typeof v['field'] === 'string' && typeof v['message'] === 'string' ? [{ field: v['field'], message: v['message'] }] : [];
      })
    : [];
  const str = (key: string): string | undefined => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  return new Problem(res.status, str('title') || res.statusText || `HTTP ${res.status}`, str('detail'), str('code'), errors);
}

export interface CallOptions {
  readonly body?: unknown;
  /** Makes a create safe to retry: the same key gives the same answer. */
  readonly idempotencyKey?: string;
  readonly signal?: AbortSignal;
}

export async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!res.ok) throw await problemOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const feedPath = (path: string, query: Record<string, string | number | undefined> = {}): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/feed${path}${qs ? `?${qs}` : ''}`;
};

export const newIdempotencyKey = (): string => crypto.randomUUID();

// ---- shapes the client reads (feed and identity answers, only the fields it uses) ----
export const POST_KINDS = ['update', 'question', 'idea', 'personal', 'article', 'announcement'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const REACTION_KINDS = ['like', 'celebrate', 'support', 'insightful', 'curious'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
/** Calls to action the composer offers this round (a poll needs its options editor: later). */
export const CTA_KINDS = ['fyi', 'share-ideas', 'answer', 'sign-up', 'acknowledge'] as const;
export type CtaKind = (typeof CTA_KINDS)[number];

export interface Me {
  readonly id: string;
  readonly userName: string;
  readonly displayName: string;
  readonly roles: readonly string[];
}

export interface Post {
  readonly id: string;
  readonly authorId: string;
  readonly audience: { readonly kind: string; readonly groupId?: string };
  readonly kind: PostKind;
  readonly title?: string;
  readonly body: string;
  readonly hashtags: readonly string[];
  readonly callToAction: { readonly kind: string; readonly open: boolean };
  readonly notice: 'hidden-by-moderation' | null;
  readonly counts: { readonly comments: number; readonly reactions: Partial<Record<ReactionKind, number>> };
  readonly you: { readonly reaction: ReactionKind | null };
  readonly createdAt: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

export interface Comment {
  readonly id: string;
  readonly authorId: string;
  readonly parentCommentId: string | null;
  readonly body: string;
  readonly notice: 'hidden-by-moderation' | null;
  readonly createdAt: string;
}
