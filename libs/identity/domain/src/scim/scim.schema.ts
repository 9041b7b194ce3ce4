/**
 * The subset of RFC 7643 schema metadata the filter, PATCH and mapping code needs: names (for
 * case-insensitive lookup), types, multi-valuedness, caseExact and mutability. Attributes that
 * Plein does not store are still declared, so IdPs may send them without an error; they are
 * simply not mapped to the domain (see scim-user.mapper.ts).
 */
export type ScimAttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';

export interface AttributeDef {
  readonly name: string;
  readonly type: ScimAttributeType;
  readonly multiValued: boolean;
  /** RFC 7643 default is false: comparisons ignore case. */
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly required: boolean;
  readonly subAttributes: readonly AttributeDef[];
}

export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly attributes: readonly AttributeDef[];
}

export interface ResourceTypeDef {
  readonly name: 'User' | 'Group';
  readonly endpoint: string;
  readonly core: SchemaDef;
  readonly extensions: readonly SchemaDef[];
}

export const SCIM_SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  /**
   * Plein's own extension. It follows the `urn:ietf:params:scim:schemas:extension:<Name>:2.0:User`
   * pattern because that is the form Entra ID's attribute-mapping editor accepts for custom
   * attributes.
   */
  pleinUser: 'urn:ietf:params:scim:schemas:extension:plein:2.0:User',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
} as const;

type Options = Partial<Omit<AttributeDef, 'name' | 'type' | 'subAttributes'>>;
const attr = (name: string, type: ScimAttributeType, options: Options = {}, subAttributes: readonly AttributeDef[] = []): AttributeDef => ({
  name,
  type,
  multiValued: options.multiValued ?? false,
  caseExact: options.caseExact ?? false,
  mutability: options.mutability ?? 'readWrite',
  required: options.required ?? false,
  subAttributes,
});
const str = (name: string, options?: Options) => attr(name, 'string', options);
const complex = (name: string, subs: readonly AttributeDef[], options?: Options) => attr(name, 'complex', options, subs);
/** The usual shape of a multi-valued complex attribute (emails, phoneNumbers, ...). */
const plural = (name: string, extra: readonly AttributeDef[] = [], valueType: ScimAttributeType = 'string') =>
  complex(name, [attr('value', valueType), str('display'), str('type'), attr('primary', 'boolean'), ...extra], { multiValued: true });

/** id, externalId and meta belong to every resource (RFC 7643 §3.1) and resolve like core attributes. */
const COMMON: readonly AttributeDef[] = [
  str('id', { caseExact: true, mutability: 'readOnly' }),
  str('externalId', { caseExact: true }),
  complex(
    'meta',
    [str('resourceType', { caseExact: true, mutability: 'readOnly' }), attr('created', 'dateTime', { mutability: 'readOnly' }), attr('lastModified', 'dateTime', { mutability: 'readOnly' }), attr('location', 'reference', { caseExact: true, mutability: 'readOnly' }), str('version', { caseExact: true, mutability: 'readOnly' })],
    { mutability: 'readOnly' },
  ),
];

export const USER_SCHEMA: SchemaDef = {
  id: SCIM_SCHEMAS.user,
  name: 'User',
  attributes: [
    ...COMMON,
    str('userName', { required: true }),
    complex('name', ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((n) => str(n))),
    str('displayName'),
    str('nickName'),
    attr('profileUrl', 'reference'),
    str('title'),
    str('userType'),
    str('preferredLanguage'),
    str('locale'),
    str('timezone'),
    attr('active', 'boolean'),
    str('password', { mutability: 'writeOnly' }),
    plural('emails'),
    plural('phoneNumbers'),
    plural('ims'),
    plural('photos', [], 'reference'),
    plural('addresses', ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'].map((n) => str(n))),
    complex('groups', [str('value', { mutability: 'readOnly' }), attr('$ref', 'reference', { mutability: 'readOnly' }), str('display', { mutability: 'readOnly' }), str('type', { mutability: 'readOnly' })], { multiValued: true, mutability: 'readOnly' }),
    plural('entitlements'),
    plural('roles'),
    plural('x509Certificates', [], 'binary'),
  ],
};

export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: SCIM_SCHEMAS.enterpriseUser,
  name: 'EnterpriseUser',
  attributes: [
    str('employeeNumber'),
    str('costCenter'),
    str('organization'),
    str('division'),
    str('department'),
    complex('manager', [str('value'), attr('$ref', 'reference'), str('displayName', { mutability: 'readOnly' })]),
  ],
};

export const PLEIN_USER_SCHEMA: SchemaDef = {
  id: SCIM_SCHEMAS.pleinUser,
  name: 'PleinUser',
  attributes: [str('managementLevel')],
};

export const GROUP_SCHEMA: SchemaDef = {
  id: SCIM_SCHEMAS.group,
  name: 'Group',
  attributes: [
    ...COMMON,
    str('displayName', { required: true }),
    complex('members', [str('value', { caseExact: true, mutability: 'immutable' }), attr('$ref', 'reference', { mutability: 'immutable' }), str('type', { mutability: 'immutable' }), str('display', { mutability: 'readOnly' })], { multiValued: true }),
  ],
};

export const USER_RESOURCE: ResourceTypeDef = { name: 'User', endpoint: '/Users', core: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA, PLEIN_USER_SCHEMA] };
export const GROUP_RESOURCE: ResourceTypeDef = { name: 'Group', endpoint: '/Groups', core: GROUP_SCHEMA, extensions: [] };

/** Case-insensitive lookup (RFC 7644 §3.10: attribute names are case insensitive). */
export function findAttribute(defs: readonly AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return defs.find((d) => d.name.toLowerCase() === lower);
}

/** The schema with this URN (case-insensitive), core or extension. */
export function findSchema(resourceType: ResourceTypeDef, urn: string): SchemaDef | undefined {
  const lower = urn.toLowerCase();
  return [resourceType.core, ...resourceType.extensions].find((s) => s.id.toLowerCase() === lower);
}
