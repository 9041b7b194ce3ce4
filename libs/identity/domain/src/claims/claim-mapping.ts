import { ValidationError } from '@plein/shared/kernel';
import type { UserAttributesInput } from '../user/user.attributes';

/** The directory attributes a login can fill from ID-token / userinfo claims. */
export const CLAIM_ATTRIBUTES = [
  'userName',
  'externalId',
  'email',
  'displayName',
  'givenName',
  'familyName',
  'employeeNumber',
  'department',
  'title',
  'location',
  'managementLevel',
] as const;
export type ClaimAttribute = (typeof CLAIM_ATTRIBUTES)[number];

/**
 * For each attribute, the claim names to try in order; the first with a usable value wins. A
 * name with dots also reaches into nested claims (`address.locality`) when no claim has that
 * literal name (Entra's URI-style claim names contain dots too).
 */
export type ClaimMapping = Readonly<Record<ClaimAttribute, readonly string[]>>;

const STANDARD = { displayName: ['name'], givenName: ['given_name'], familyName: ['family_name'] } as const;

/**
 * Defaults per IdP. Organisation claims are not standard OIDC: Entra ID emits them through optional
 * claims or a claims-mapping policy (`employeeid`, `department`, `jobtitle`, `city`), Okta through
 * custom claims named after profile attributes, Keycloak through user-attribute mappers. Adjust
 * with overrides when the IdP names them differently.
 */
export const CLAIM_PRESETS = {
  'entra-id': {
    ...STANDARD,
    userName: ['preferred_username', 'upn', 'email'],
    // `oid` is the directory object id: stable across applications, unlike the pairwise `sub`.
    externalId: ['oid'],
    email: ['email', 'preferred_username', 'upn'],
    employeeNumber: ['employeeid', 'employee_id'],
    department: ['department'],
    title: ['jobtitle', 'job_title'],
    location: ['city', 'physicaldeliveryofficename'],
    managementLevel: ['management_level'],
  },
  okta: {
    ...STANDARD,
    userName: ['preferred_username', 'email'],
    // Okta's SCIM client sends the Okta user id as externalId; the ID token's `sub` is that id.
    externalId: ['sub'],
    email: ['email'],
    employeeNumber: ['employeeNumber', 'employee_number'],
    department: ['department'],
    title: ['title'],
    location: ['city', 'address.locality'],
    managementLevel: ['managementLevel', 'management_level'],
  },
  keycloak: {
    ...STANDARD,
    userName: ['preferred_username', 'email'],
    externalId: [],
    email: ['email'],
    employeeNumber: ['employee_number', 'employeeNumber'],
    department: ['department'],
    title: ['title', 'job_title'],
    location: ['location', 'address.locality'],
    managementLevel: ['management_level'],
  },
  /** Plain OIDC plus snake_case organisation claims: what apps/dev-idp issues. */
  generic: {
    ...STANDARD,
    userName: ['preferred_username', 'email'],
    externalId: [],
    email: ['email'],
    employeeNumber: ['employee_number'],
    department: ['department'],
    title: ['title'],
    location: ['location', 'address.locality'],
    managementLevel: ['management_level'],
  },
} as const satisfies Record<string, ClaimMapping>;
export type ClaimPreset = keyof typeof CLAIM_PRESETS;

/** A preset with some attributes remapped, e.g. `claimMapping('okta', { department: ['dept'] })`. */
export function claimMapping(preset: ClaimPreset, overrides: Partial<Record<ClaimAttribute, readonly string[]>> = {}): ClaimMapping {
  return { ...CLAIM_PRESETS[preset], ...overrides };
}

/**
 * Claims a login may use to link a new IdP identity to an existing account, each only by explicit
 * opt-in (OIDC_LINK_EXISTING_BY): a username and, in some IdPs, an e-mail are editable by the user,
 * so linking by them lets someone take over the account whose name they type in (nOAuth).
 * `userName`: the mapped userName, unless it came from the `email` claim. `email`: the `email` claim
 * equals an account's userName, only with `email_verified: true`.
 */
export const ACCOUNT_LINK_CLAIMS = ['userName', 'email'] as const;
export type AccountLinkClaim = (typeof ACCOUNT_LINK_CLAIMS)[number];

export interface MappedClaims {
  /** The `sub` claim: with the issuer, the stable key of this login identity. */
  readonly subject: string;
  readonly attributes: UserAttributesInput & { readonly userName: string };
  /** Attributes the claims did not provide (absent from `attributes`, so an update keeps them). */
  readonly missing: readonly ClaimAttribute[];
  /** For each provided attribute, the claim name it came from (e.g. userName from `email`). */
  readonly sources: Readonly<Partial<Record<ClaimAttribute, string>>>;
  /** The IdP asserted `email_verified: true` (not just "not false"). */
  readonly emailVerified: boolean;
}

export class InvalidClaimsError extends ValidationError {
  constructor(field: string, message: string) {
    super('IDENTITY.INVALID_CLAIMS', [{ field: `claims.${field}`, message }]);
  }
}

/**
 * Maps validated ID-token/userinfo claims to directory attributes. Pure: validating the token
 * (signature, issuer, audience, nonce, expiry) happens before, in the OIDC client. An e-mail the
 * IdP marks `email_verified: false` is not trusted and not used (not as userName either).
 */
export function mapClaimsToUser(claims: Readonly<Record<string, unknown>>, mapping: ClaimMapping): MappedClaims {
  const subject = scalar(claims['sub']);
  if (!subject) throw new InvalidClaimsError('sub', 'is required');
  const unverified = claims['email_verified'] === false || claims['email_verified'] === 'false';
  const attributes: Partial<Record<ClaimAttribute, string>> = {};
  const sources: Partial<Record<ClaimAttribute, string>> = {};
  const missing: ClaimAttribute[] = [];
  for (const attribute of CLAIM_ATTRIBUTES) {
    const names = mapping[attribute].filter((name) => !(unverified && name === 'email'));
    const source = names.find((name) => scalar(lookup(claims, name)) !== undefined);
    if (source === undefined) {
      missing.push(attribute);
    } else {
      attributes[attribute] = scalar(lookup(claims, source))!;
      sources[attribute] = source;
    }
  }
  const userName = attributes.userName;
  if (!userName) throw new InvalidClaimsError(mapping.userName.join('|') || 'userName', 'no claim provides a user name');
  const emailVerified = claims['email_verified'] === true || claims['email_verified'] === 'true';
  return { subject, attributes: { ...attributes, userName }, missing, sources, emailVerified };
}

function lookup(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (name in claims) return claims[name];
  let current: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Strings are trimmed, numbers stringified, arrays yield their first usable element. */
function scalar(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(scalar).find((v) => v !== undefined);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
