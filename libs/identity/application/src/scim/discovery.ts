import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, PLEIN_USER_SCHEMA, SCIM_SCHEMAS, USER_SCHEMA, type AttributeDef, type SchemaDef } from '@plein/identity/domain';
import { withoutTrailingSlashes } from '@plein/shared/kernel';
import { MAX_PAGE_SIZE } from './list-params';

const SPC = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** Attributes Plein keeps unique (RFC 7643 `uniqueness`). */
const UNIQUE: Readonly<Record<string, 'server'>> = { userName: 'server', id: 'server' };
/** Never returned (RFC 7643 `returned: never`). */
const NEVER_RETURNED = new Set(['password']);

/** RFC 7644 §5: what this server supports, as Entra ID and Okta read it before provisioning. */
export function serviceProviderConfig(baseUrl: string, documentationUri?: string): Record<string, unknown> {
  return {
    schemas: [SPC],
    ...(documentationUri ? { documentationUri } : {}),
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A long-lived bearer token configured on the identity service (SCIM_BEARER_TOKEN).',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${trim(baseUrl)}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string): Record<string, unknown>[] {
  const base = trim(baseUrl);
  return [
    {
      schemas: [RESOURCE_TYPE],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'Employees',
      schema: SCIM_SCHEMAS.user,
      schemaExtensions: [
        { schema: SCIM_SCHEMAS.enterpriseUser, required: false },
        { schema: SCIM_SCHEMAS.pleinUser, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Directory groups (departments, teams)',
      schema: SCIM_SCHEMAS.group,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

export function schemas(baseUrl: string): Record<string, unknown>[] {
  const base = trim(baseUrl);
  return [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PLEIN_USER_SCHEMA, GROUP_SCHEMA].map((schema) => renderSchema(schema, base));
}

function renderSchema(schema: SchemaDef, base: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA],
    id: schema.id,
    name: schema.name,
    description: `${schema.name} as Plein stores it`,
    // id, externalId and meta are common attributes (RFC 7643 §3.1), not part of a schema's list.
    attributes: schema.attributes.filter((a) => !['id', 'externalid', 'meta'].includes(a.name.toLowerCase())).map(renderAttribute),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${schema.id}` },
  };
}

function renderAttribute(def: AttributeDef): Record<string, unknown> {
  return {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.name,
    required: def.required,
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: NEVER_RETURNED.has(def.name) ? 'never' : 'default',
    uniqueness: UNIQUE[def.name] ?? 'none',
    ...(def.type === 'reference' ? { referenceTypes: def.name === 'manager' ? ['User'] : ['external'] } : {}),
    ...(def.subAttributes.length > 0 ? { subAttributes: def.subAttributes.map(renderAttribute) } : {}),
  };
}

const trim = withoutTrailingSlashes;
