import { z } from 'zod';
import { MAX_PROFILES_PER_LOOKUP } from '@plein/identity/application';
import { USER_BADGES, USER_ROLES } from '@plein/identity/contracts';
import { api, route, type ApiDescription, type RouteSpec } from '@plein/shared/platform';

/**
 * Every identity route, declared once: the user and auth controllers map and validate from these,
 * and the OpenAPI document (GET /openapi.json) is generated from them. SCIM 2.0 routes are
 * documented here at the level of RFC 7643/7644 (their bodies follow the SCIM schemas served at
 * /scim/v2/Schemas, validated by the SCIM layer, which answers errors as `application/scim+json`).
 */
const { uuid, text } = api;

const userId = z.object({ id: uuid() });

// ---- Plein's user API (platform access token) ----
export const ME = route({ method: 'get', path: '/v1/me', summary: "The caller's organisation profile and current session id.", tags: ['users'] });
export const MY_SESSIONS = route({ method: 'get', path: '/v1/me/sessions', summary: "The caller's active sessions (current marked).", tags: ['users'] });
export const END_SESSION = route({
  method: 'delete',
  path: '/v1/sessions/{sessionId}',
  summary: "End one of the caller's sessions (another device), or anyone's for an admin.",
  tags: ['users'],
  params: z.object({ sessionId: uuid() }),
  status: 204,
  errors: [403],
});
const UUID_TEXT = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** One UUID, then more after commas (in the OpenAPI document as the parameter's pattern). */
const ID_LIST = new RegExp(`^${UUID_TEXT}(?:,${UUID_TEXT})*$`, 'u');
const ONE_UUID = new RegExp(`^${UUID_TEXT}$`, 'u');
const firstNonUuid = (raw: string): string => (raw.split(',').find((part) => !ONE_UUID.test(part)) ?? raw).slice(0, 40);
/** `a,b,c`: 1..MAX_PROFILES_PER_LOOKUP UUIDs, comma-separated (query parameters appear once), lower-cased and each once. */
const idList = z
  .string()
  .max(MAX_PROFILES_PER_LOOKUP * 37 - 1, `must name at most ${MAX_PROFILES_PER_LOOKUP} people`)
  .regex(ID_LIST, { error: (issue) => `must be UUIDs separated by commas; "${firstNonUuid(String(issue.input))}" is not a UUID` })
  .meta({ examples: ['0190b7a4-1a2b-7c3d-8e4f-0123456789ab,0190b7a4-1a2b-7c3d-8e4f-0123456789ac'] })
  .transform((raw, ctx) => {
    const ids = [...new Set(raw.split(',').map((v) => v.toLowerCase()))];
    if (ids.length > MAX_PROFILES_PER_LOOKUP) ctx.addIssue({ code: 'custom', message: `must name at most ${MAX_PROFILES_PER_LOOKUP} people` });
    // Ids of the UUID shape that no one has (any version) are simply absent from the answer.
    return ids;
  })
  .describe(`1 to ${MAX_PROFILES_PER_LOOKUP} user ids (UUIDs), comma-separated`);
export const USERS = route({
  method: 'get',
  path: '/v1/users',
  summary: `Up to ${MAX_PROFILES_PER_LOOKUP} people of the organisation in one call (what GET /v1/users/{id} answers for each).`,
  description: 'For showing many names at once (a timeline\'s authors). `items` follows the order of `ids`, each person once; unknown and deleted ids are simply absent.',
  tags: ['users'],
  query: z.object({ ids: idList }),
});
export const USER = route({ method: 'get', path: '/v1/users/{id}', summary: 'A person of the organisation.', tags: ['users'], params: userId, errors: [404] });
export const REPORTS = route({ method: 'get', path: '/v1/users/{id}/reports', summary: 'Their direct reports.', tags: ['users'], params: userId, errors: [404] });
export const CHAIN = route({ method: 'get', path: '/v1/users/{id}/chain', summary: 'Their reports-to chain, nearest manager first.', tags: ['users'], params: userId, errors: [404] });
const role = z.object({ id: uuid(), role: z.enum(USER_ROLES) });
const badge = z.object({ id: uuid(), badge: z.enum(USER_BADGES) });
export const GRANT_ROLE = route({ method: 'put', path: '/v1/users/{id}/roles/{role}', summary: 'Grant a role (admins).', tags: ['users'], params: role, errors: [403, 404, 409] });
export const REVOKE_ROLE = route({ method: 'delete', path: '/v1/users/{id}/roles/{role}', summary: 'Revoke a role (admins); the last active admin keeps theirs (409).', tags: ['users'], params: role, errors: [403, 404, 409] });
export const GRANT_BADGE = route({ method: 'put', path: '/v1/users/{id}/badges/{badge}', summary: 'Give a badge (admins, community managers).', tags: ['users'], params: badge, errors: [403, 404, 409] });
export const REVOKE_BADGE = route({ method: 'delete', path: '/v1/users/{id}/badges/{badge}', summary: 'Take a badge back (admins, community managers).', tags: ['users'], params: badge, errors: [403, 404, 409] });
export const DEACTIVATE = route({ method: 'post', path: '/v1/users/{id}/deactivate', summary: 'Deactivate: sessions end, tokens are refused (admins).', tags: ['users'], params: userId, errors: [403, 404, 409] });
export const REACTIVATE = route({ method: 'post', path: '/v1/users/{id}/reactivate', summary: 'Reactivate (admins).', tags: ['users'], params: userId, errors: [403, 404, 409] });
export const HISTORY = route({ method: 'get', path: '/v1/users/{id}/history', summary: 'Every change to the person, with its actor (admins).', tags: ['users'], params: userId, errors: [403, 404] });

// ---- sign-in and tokens ----
export const LOGIN = route({
  method: 'get',
  path: '/auth/login',
  summary: "Start sign-in at the organisation's IdP (authorization code, PKCE); redirects there (302).",
  description: '`return_to` must be on the allow-list of return URLs (400 otherwise). Rate-limited per client address (429).',
  tags: ['auth'],
  auth: 'none',
  query: z.object({ return_to: text(2_048).optional().describe('Where the browser goes after sign-in') }),
  status: 302,
  response: { description: 'Redirect to the IdP; sets the login transaction cookie' },
  errors: [429],
});
export const CALLBACK = route({
  method: 'get',
  path: '/auth/callback',
  summary: "The IdP's redirect back: finishes sign-in, sets the refresh cookie, redirects to the return URL (303).",
  tags: ['auth'],
  auth: 'none',
  query: z.object({
    code: text(2_048).optional(),
    state: text(512).optional(),
    iss: text(2_048).optional(),
    error: text(256).optional(),
    error_description: text(2_048).optional(),
  }),
  status: 303,
  response: { description: 'Redirect to the return URL' },
  errors: [401, 429],
});
export const TOKEN = route({
  method: 'post',
  path: '/auth/token',
  summary: 'Exchange a refresh token (HttpOnly cookie, or `refresh_token` in the body) for an access token and a rotated refresh token.',
  tags: ['auth'],
  auth: 'none',
  body: z.object({ grant_type: z.literal('refresh_token').optional(), refresh_token: text(512).optional() }),
  bodyOptional: true,
  response: {
    schema: z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int(), refresh_token: z.string().optional(), refresh_token_expires_in: z.number().int().optional() }),
  },
  errors: [401, 429],
});
export const LOGOUT = route({
  method: 'post',
  path: '/auth/logout',
  summary: 'End the session of the bearer token, else of the refresh cookie; says (JSON with Accept: application/json) or redirects (303) where the browser goes next.',
  tags: ['auth'],
  auth: 'none',
  response: { description: 'With `Accept: application/json`: where the browser goes next', schema: z.object({ loggedOut: z.boolean(), redirectTo: z.string() }) },
  responses: { 303: { description: 'Without `Accept: application/json`: a redirect to the IdP\'s logout, else the post-logout page', headers: { Location: { description: 'Where the browser goes next', schema: { type: 'string' } } } } },
  errors: [401, 429],
});
export const LOGOUT_TOKEN_BODY = z.object({ logout_token: text(16_384, 1) });
export const BACKCHANNEL_LOGOUT = route({
  method: 'post',
  path: '/auth/backchannel-logout',
  summary: "The IdP's logout token (OpenID Connect Back-Channel Logout 1.0); 400 answers an OAuth error (`error`, `error_description`).",
  tags: ['auth'],
  auth: 'none',
  body: LOGOUT_TOKEN_BODY,
  bodyContentType: 'application/x-www-form-urlencoded',
  responses: {
    400: {
      description: 'A missing, invalid or unverifiable logout token: an OAuth error (OpenID Connect Back-Channel Logout 1.0 §2.8)',
      schema: z.object({ error: z.string(), error_description: z.string().optional() }),
    },
  },
});
export const JWKS = route({
  method: 'get',
  path: '/.well-known/jwks.json',
  summary: 'The platform token verification keys (current, previous while its tokens live, next shortly before use).',
  tags: ['auth'],
  auth: 'none',
  response: { contentType: 'application/jwk-set+json', schema: z.object({ keys: z.array(z.object({ kid: z.string(), kty: z.string() }).loose()) }) },
});

// ---- SCIM 2.0 (documented here, served by the SCIM controllers) ----
/** RFC 7644 §3.12: every SCIM error, in SCIM form (`status` is a string). */
export const SCIM_ERROR_BODY = {
  type: 'object',
  description: 'RFC 7644 §3.12 SCIM error',
  properties: {
    schemas: { type: 'array', items: { const: 'urn:ietf:params:scim:api:messages:2.0:Error' }, minItems: 1 },
    status: { type: 'string', pattern: '^[45][0-9]{2}$', description: 'The HTTP status, as a string' },
    scimType: { type: 'string', description: 'RFC 7644 Table 9 error type' },
    detail: { type: 'string' },
  },
  required: ['schemas', 'status'],
} as const;
const SCIM = { tags: ['scim'], auth: 'scim', errorContentType: 'application/scim+json', errorSchema: SCIM_ERROR_BODY } as const;
/** A SCIM resource (RFC 7643) with the one attribute its schema requires: `userName` for a User, `displayName` for a Group. */
const scimResource = (required: 'userName' | 'displayName') =>
  z
    .object({
      schemas: z.array(text(200)).min(1).max(20),
      [required]: text(1_000, 1)
        .refine((v) => v.trim() !== '', 'must not be blank')
        .meta({ allOf: [{ pattern: '\\S' }] }),
    })
    .loose()
    .describe(`A SCIM resource (RFC 7643) with its required \`${required}\`; its schemas at /scim/v2/Schemas`);
// RFC 7644 §3.5.2: add and replace carry a value, remove carries a path; `op` in any case.
const scimOperation = z.union([
  z
    .object({
      op: z
        .string()
        .regex(/^(?:[aA][dD][dD]|[rR][eE][pP][lL][aA][cC][eE])$/, 'is not add or replace')
        .meta({ examples: ['add', 'Replace'] }),
      path: text(1_000).optional(),
      value: z.unknown().refine((v) => v !== undefined, 'is required'),
    })
    .describe('add or replace (any case): a `value`'),
  z
    .object({
      op: z
        .string()
        .regex(/^[rR][eE][mM][oO][vV][eE]$/, 'is not remove')
        .meta({ examples: ['remove'] }),
      path: text(1_000, 1),
      value: z.unknown().optional(),
    })
    .describe('remove (any case): a `path`'),
]);
const scimPatch = z
  .object({
    schemas: z.array(z.literal('urn:ietf:params:scim:api:messages:2.0:PatchOp')).min(1).max(1),
    Operations: z.array(scimOperation).min(1).max(1_000),
  })
  .describe('RFC 7644 §3.5.2 PATCH');
const scimList = z.object({
  filter: text(10_000).optional().describe('RFC 7644 §3.4.2.2 filter'),
  startIndex: z.coerce.number().int().min(-999_999_999).max(999_999_999).optional().describe('1-based; a value below 1 is read as 1 (RFC 7644 §3.4.2.4)'),
  count: z.coerce.number().int().min(-999_999_999).max(999_999_999).optional().describe('A negative value is read as 0 (RFC 7644 §3.4.2.4); capped at the maximum page size'),
  sortBy: text(200).optional(),
  sortOrder: z.enum(['ascending', 'descending']).optional(),
  attributes: text(2_000).optional(),
  excludedAttributes: text(2_000).optional(),
});
const scimSelection = z.object({ attributes: text(2_000).optional(), excludedAttributes: text(2_000).optional() });
const scimId = z.object({ id: text(200, 1) });

function scimResourceRoutes(name: 'Users' | 'Groups'): RouteSpec[] {
  const path = `/scim/v2/${name}`;
  const resource = scimResource(name === 'Users' ? 'userName' : 'displayName');
  // Deprovisioning or deactivating the last active admin is refused (409).
  const lastAdmin = name === 'Users' ? [409] : [];
  return [
    route({ ...SCIM, method: 'get', path, summary: `List or filter ${name}.`, query: scimList }),
    route({ ...SCIM, method: 'post', path, summary: `Provision one of the ${name}.`, body: resource, status: 201, errors: [409, 413] }),
    route({ ...SCIM, method: 'get', path: `${path}/{id}`, summary: `One of the ${name} (ETag; 304 with If-None-Match).`, params: scimId, query: scimSelection, errors: [404] }),
    route({ ...SCIM, method: 'put', path: `${path}/{id}`, summary: `Replace one of the ${name} (If-Match).`, params: scimId, body: resource, errors: [404, 409, 412, 413] }),
    route({ ...SCIM, method: 'patch', path: `${path}/{id}`, summary: `Patch one of the ${name} (If-Match).`, params: scimId, body: scimPatch, errors: [404, 409, 412, 413] }),
    route({ ...SCIM, method: 'delete', path: `${path}/{id}`, summary: `Deprovision one of the ${name} (If-Match).`, params: scimId, status: 204, errors: [404, 412, ...lastAdmin] }),
  ];
}

function notImplemented(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, summary: string): RouteSpec {
  return route({ ...SCIM, method, path, summary, status: 501, response: { description: 'Not implemented: a SCIM error (`application/scim+json`) with status 501' } });
}

export const SCIM_ROUTES: readonly RouteSpec[] = [
  ...scimResourceRoutes('Users'),
  ...scimResourceRoutes('Groups'),
  route({ ...SCIM, method: 'get', path: '/scim/v2/ServiceProviderConfig', summary: 'What this SCIM service supports (RFC 7644 §5).' }),
  route({ ...SCIM, method: 'get', path: '/scim/v2/ResourceTypes', summary: 'The resource types (User, Group).' }),
  route({ ...SCIM, method: 'get', path: '/scim/v2/ResourceTypes/{name}', summary: 'One resource type.', params: z.object({ name: text(200, 1) }), errors: [404] }),
  route({ ...SCIM, method: 'get', path: '/scim/v2/Schemas', summary: 'The schemas of the resources.' }),
  route({ ...SCIM, method: 'get', path: '/scim/v2/Schemas/{id}', summary: 'One schema, by its URN.', params: z.object({ id: text(500, 1) }), errors: [404] }),
  // Optional RFC 7644 features declared unsupported in ServiceProviderConfig: 501 with a SCIM error, so clients fall back.
  ...(['get', 'post', 'put', 'patch', 'delete'] as const).map((method) => notImplemented(method, '/scim/v2/Me', '/Me (RFC 7644 §3.11): not supported, SCIM clients act as the directory')),
  notImplemented('post', '/scim/v2/Bulk', 'Bulk operations (RFC 7644 §3.7): not supported, send one request per operation'),
  ...['/scim/v2/.search', '/scim/v2/Users/.search', '/scim/v2/Groups/.search'].map((path) => notImplemented('post', path, 'Search by POST (RFC 7644 §3.4.3): not supported, use GET with `filter`')),
];

export const IDENTITY_API: ApiDescription = {
  title: 'Plein identity',
  description: "Sign-in at the organisation's IdP, Plein's platform tokens and their keys, the user and organisation API, and SCIM 2.0 provisioning.",
  routes: SCIM_ROUTES,
  securitySchemes: { scim: { type: 'http', scheme: 'bearer', description: 'The SCIM bearer token configured for the IdP' } },
};
