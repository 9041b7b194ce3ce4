import { applyDecorators, createParamDecorator, HttpCode, RequestMapping, RequestMethod, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ValidationError, type FieldViolation } from '@plein/shared/kernel';
import { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * An object schema for path parameters or the query string (values arrive as strings). Path
 * parameters may also be a discriminated union over one of them (`kind`) when another's format
 * depends on it: the document then lists one path per value (`/v1/follows/person/{key}`), each
 * with its own schema for the others, and the route validates against the union.
 */
type ObjectSchema = z.ZodObject | z.ZodDiscriminatedUnion<z.ZodObject[]>;

/**
 * One HTTP route, declared once: the controller method is mapped from it (`@Endpoint`), its
 * input is validated against it (`@RequestInput`), and the service's OpenAPI document is
 * generated from it. So the document and the validation cannot disagree.
 */
export interface RouteSpec<P extends ObjectSchema | undefined = ObjectSchema | undefined, Q extends ObjectSchema | undefined = ObjectSchema | undefined, B extends z.ZodType | undefined = z.ZodType | undefined> {
  readonly method: HttpMethod;
  /** OpenAPI form, `{param}` placeholders: `/v1/posts/{postId}`. */
  readonly path: string;
  readonly summary: string;
  /** Longer text: domain rules the shape cannot say (deadlines in the future, who may do it). */
  readonly description?: string;
  readonly tags?: readonly string[];
  /** `bearer`: platform access token (default); `none`: public; other names: a security scheme of the service. */
  readonly auth?: 'bearer' | 'none' | (string & {});
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Media type of the body, `application/json` by default. */
  readonly bodyContentType?: string;
  /** Body optional (an empty request passes as `{}`). */
  readonly bodyOptional?: boolean;
  /** Success status, 200 by default. */
  readonly status?: number;
  /** Success response description / schema (JSON Schema, already generated or hand-written). */
  readonly response?: { readonly description?: string; readonly contentType?: string; readonly schema?: z.ZodType | Record<string, unknown> };
  /** Error statuses besides the ones every route has (400, 405, 503; 401 with auth). */
  readonly errors?: readonly number[];
  /** Extra header parameters, documented (validated by the handler). */
  readonly headers?: readonly { readonly name: string; readonly description: string; readonly schema: Record<string, unknown> }[];
  /** Error body content type for this route (`application/scim+json` for SCIM), problem+json by default. */
  readonly errorContentType?: string;
  /** JSON Schema of this route's error bodies (the SCIM Error message for SCIM), the Problem schema by default. */
  readonly errorSchema?: Record<string, unknown>;
  /**
   * Answers besides the success and the problem statuses, by status: a redirect the route may
   * answer instead (303), or an error whose body is not a problem (an OAuth error), which then
   * replaces the problem response of that status.
   */
  readonly responses?: Readonly<Record<number, ResponseSpec>>;
}

/** One documented answer of a route. */
export interface ResponseSpec {
  readonly description: string;
  readonly contentType?: string;
  readonly schema?: z.ZodType | Record<string, unknown>;
  /** Response headers, by name (e.g. `Location` of a redirect). */
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema: Record<string, unknown> }>>;
}

export const route = <P extends ObjectSchema | undefined = undefined, Q extends ObjectSchema | undefined = undefined, B extends z.ZodType | undefined = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> => spec;

type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
/** What `@RequestInput()` hands the handler: the parsed (typed, normalised) path, query and body. */
export interface InputOf<R> {
  readonly params: R extends RouteSpec<infer P, infer _Q, infer _B> ? Out<P> : never;
  readonly query: R extends RouteSpec<infer _P, infer Q, infer _B> ? Out<Q> : never;
  readonly body: R extends RouteSpec<infer _P, infer _Q, infer B> ? Out<B> : never;
}

export const API_ROUTE = 'plein:api-route';
const NEST_METHOD: Readonly<Record<HttpMethod, RequestMethod>> = { get: RequestMethod.GET, post: RequestMethod.POST, put: RequestMethod.PUT, patch: RequestMethod.PATCH, delete: RequestMethod.DELETE };

/** `/v1/posts/{postId}` → `v1/posts/:postId` (Nest/Express form). */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/** Maps a controller method to the route (use `@Controller()` without a prefix) and records it for validation and the document. */
export function Endpoint(spec: RouteSpec): MethodDecorator {
  return applyDecorators(SetMetadata(API_ROUTE, spec), RequestMapping({ path: expressPath(spec.path), method: NEST_METHOD[spec.method] }), HttpCode(spec.status ?? 200));
}

/** `a.b[2].c` from a zod issue path. */
export function fieldName(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

const violationsOf = (prefix: string, error: z.ZodError): FieldViolation[] => error.issues.map((issue) => ({ field: fieldName(prefix, issue.path), message: issue.message }));

interface RequestLike {
  readonly params?: Readonly<Record<string, unknown>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

/** Validates a request's path, query and body against the route; throws one ValidationError naming every bad field. */
export function validateRequest(spec: RouteSpec, req: RequestLike): { params: unknown; query: unknown; body: unknown } {
  const violations: FieldViolation[] = [];
  const check = (prefix: string, schema: z.ZodType | undefined, value: unknown): unknown => {
    if (!schema) return {};
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    violations.push(...violationsOf(prefix, result.error));
    return undefined;
  };
  const params = check('path', spec.params, req.params ?? {});
  const query = check('query', spec.query, req.query ?? {});
  const rawBody = req.body === undefined && (spec.bodyOptional || !spec.body) ? {} : req.body;
  const body = check('body', spec.body, rawBody);
  if (violations.length > 0) throw new ValidationError('PLATFORM.INVALID_REQUEST', violations);
  return { params, query, body };
}

/** The request's input, validated against the `@Endpoint` route of the handler. */
export const RequestInput = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const spec = Reflect.getMetadata(API_ROUTE, context.getHandler()) as RouteSpec | undefined;
  if (!spec) throw new Error('@RequestInput() needs @Endpoint(route) on the handler');
  return validateRequest(spec, context.switchToHttp().getRequest<RequestLike>());
});
