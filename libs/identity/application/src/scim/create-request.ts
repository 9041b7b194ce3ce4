import { ScimError } from '@plein/identity/domain';

/**
 * RFC 7644 §3.3: the body of a create is the resource, and RFC 7643 §3 makes `schemas` (a
 * non-empty list of schema URNs) REQUIRED on every resource. A POST without it is refused with
 * 400 invalidSyntax before anything is provisioned. Entra ID and Okta both send `schemas` on
 * every create. Which URNs it lists is not checked here: the resource's attributes are read by
 * their own schema whatever the list says, as the OpenAPI document (any non-empty list) promises.
 * PUT stays tolerant of a missing `schemas`: the resource it replaces exists and has one.
 */
export function assertCreateHasSchemas(body: unknown): void {
  const resource = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  // Attribute names are case-insensitive (RFC 7643 §2.1): `SCHEMAS` is `schemas`.
  const key = Object.keys(resource).find((k) => k.toLowerCase() === 'schemas');
  const schemas = key === undefined ? undefined : resource[key];
  if (!Array.isArray(schemas) || schemas.length === 0 || !schemas.every((s) => typeof s === 'string')) {
    throw new ScimError('invalidSyntax', 'schemas is required on a create (RFC 7644 §3.3): a non-empty list of schema URNs');
  }
}
