import { ScimError } from '../scim.errors';
import type { ResolvedAttribute } from '../scim-path';
import { SCIM_SCHEMAS } from '../scim.schema';
import type { CompareValue } from './filter.ast';
import { compareScimValue } from './filter.evaluator';
import { leafOf, type ResolvedFilter } from './filter.resolve';

export type MongoFieldMapping = MongoStoredField | MongoConstantField;

/**
 * An attribute whose value is the same for every document, as the read model renders it (the one
 * email Plein keeps is always `type: "work"`). Comparisons on it are decided at translation time.
 */
export interface MongoConstantField {
  readonly constant: string | boolean | number;
}

export interface MongoStoredField {
  /** Dotted document field that holds the attribute's value (an array field matches if any element does). */
  readonly field: string;
  /**
   * The read model stores this caseExact=false value lower-cased (an index-friendly, exact
   * case-insensitive match): operands are lower-cased. Without it, case-insensitive string
   * operators become anchored `$regex` with the `i` option, which cannot use an index well.
   */
  readonly lowercase?: boolean;
  /** The field holds a BSON date: dateTime operands become `Date`s. */
  readonly date?: boolean;
}

/** Canonical SCIM attribute path (`userName`, `name.givenName`, `<enterprise URN>:manager.value`) → field. */
export type MongoFieldMap = Readonly<Record<string, MongoFieldMapping>>;
export type MongoQuery = Record<string, unknown>;

/**
 * Translates a resolved filter into a MongoDB query over a read model. Only mapped attributes can
 * be queried; anything else fails with invalidFilter rather than silently matching nothing.
 * Uses only operators the FerretDB test server supports ($and, $or, $nor, $regex, $exists, $nin,
 * comparisons). A value filter (`emails[type eq "work"]`) is flattened onto the mapped fields,
 * which is exact because the read model keeps one value per such attribute (e.g. the work email).
 * Ordering operators on strings compare the stored form (lower-cased where `lowercase` is set).
 */
export function scimFilterToMongo(filter: ResolvedFilter, fields: MongoFieldMap): MongoQuery {
  const lookup = new Map(Object.entries(fields).map(([path, mapping]) => [path.toLowerCase(), mapping]));
  return translate(filter, lookup);
}

function translate(filter: ResolvedFilter, fields: ReadonlyMap<string, MongoFieldMapping>): MongoQuery {
  switch (filter.type) {
    case 'and':
    case 'or': {
      const key = filter.type === 'and' ? '$and' : '$or';
      // Flatten chains (a and b and c) into one $and / $or.
      const parts = [filter.left, filter.right].flatMap((f) => {
        const q = translate(f, fields);
        return Array.isArray(q[key]) ? (q[key] as MongoQuery[]) : [q];
      });
      return { [key]: parts };
    }
    case 'not':
      return { $nor: [translate(filter.filter, fields)] };
    case 'valuePath':
      return translate(filter.filter, fields);
    case 'present': {
      const mapping = mappingOf(filter.attribute, fields);
      if ('constant' in mapping) return MATCH_ALL;
      return { [mapping.field]: { $exists: true, $nin: [null, ''] } };
    }
    case 'compare': {
      const mapping = mappingOf(filter.attribute, fields);
      if ('constant' in mapping) {
        const eq = filter.value !== null && compareScimValue(leafOf(filter.attribute), filter.operator === 'ne' ? 'eq' : filter.operator, mapping.constant, filter.value);
        const holds = filter.value === null ? filter.operator === 'ne' : filter.operator === 'ne' ? !eq : eq;
        return holds ? MATCH_ALL : MATCH_NONE;
      }
      const { field } = mapping;
      if (filter.value === null) return filter.operator === 'eq' ? { [field]: null } : { [field]: { $ne: null } };
      const leaf = leafOf(filter.attribute);
      const insensitive = typeof filter.value === 'string' && !leaf.caseExact && (leaf.type === 'string' || leaf.type === 'reference');
      const value = operand(filter.value, mapping, leaf.type === 'dateTime', insensitive);
      const regex = (pattern: string): MongoQuery =>
        insensitive && !mapping.lowercase ? { [field]: { $regex: pattern, $options: 'i' } } : { [field]: { $regex: pattern } };
      switch (filter.operator) {
        case 'eq':
          return insensitive && !mapping.lowercase ? regex(`^${escapeRegex(String(value))}$`) : { [field]: value };
        case 'ne':
          return { $nor: [translate({ ...filter, operator: 'eq' }, fields)] };
        case 'co':
          return regex(escapeRegex(String(value)));
        case 'sw':
          return regex(`^${escapeRegex(String(value))}`);
        case 'ew':
          return regex(`${escapeRegex(String(value))}$`);
        default:
          return { [field]: { [MONGO_ORDERING[filter.operator]]: value } };
      }
    }
  }
}

function mappingOf(attribute: ResolvedAttribute, fields: ReadonlyMap<string, MongoFieldMapping>): MongoFieldMapping {
  const mapping = fields.get(attribute.path.toLowerCase());
  if (!mapping) throw new ScimError('invalidFilter', `Filtering on "${attribute.path}" is not supported`);
  return mapping;
}

function operand(value: Exclude<CompareValue, null>, mapping: MongoStoredField, dateTime: boolean, insensitive: boolean): unknown {
  if (typeof value !== 'string') return value;
  if (dateTime && mapping.date) return new Date(value);
  return insensitive && mapping.lowercase ? value.toLowerCase() : value;
}

const MATCH_ALL: MongoQuery = {};
// Every document has an _id, so this matches none; plain operators only (no $expr) for FerretDB.
const MATCH_NONE: MongoQuery = { _id: { $exists: false } };

const MONGO_ORDERING: Readonly<Record<'gt' | 'ge' | 'lt' | 'le', string>> = { gt: '$gt', ge: '$gte', lt: '$lt', le: '$lte' };

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const ENT = SCIM_SCHEMAS.enterpriseUser;

/**
 * The fields the identity users read model is expected to store (one document per user). The
 * read model keeps `userNameLower` and `emailLower` lower-cased: they back the unique index that
 * enforces userName uniqueness and the exact lookups Entra ID and Okta make (`userName eq "..."`).
 */
export const USER_READ_MODEL_FIELDS: MongoFieldMap = {
  id: { field: '_id' },
  externalId: { field: 'externalId' },
  userName: { field: 'userNameLower', lowercase: true },
  displayName: { field: 'displayName' },
  'name.givenName': { field: 'givenName' },
  'name.familyName': { field: 'familyName' },
  'emails.value': { field: 'emailLower', lowercase: true },
  'emails.type': { constant: 'work' },
  'emails.primary': { constant: true },
  title: { field: 'title' },
  active: { field: 'active' },
  'addresses.locality': { field: 'location' },
  'meta.created': { field: 'createdAt', date: true },
  'meta.lastModified': { field: 'updatedAt', date: true },
  [`${ENT}:employeeNumber`]: { field: 'employeeNumber' },
  [`${ENT}:department`]: { field: 'department' },
  [`${ENT}:manager.value`]: { field: 'managerId' },
  [`${SCIM_SCHEMAS.pleinUser}:managementLevel`]: { field: 'managementLevel' },
};

/** The fields the identity groups read model is expected to store; `memberIds` is an array of user ids. */
export const GROUP_READ_MODEL_FIELDS: MongoFieldMap = {
  id: { field: '_id' },
  externalId: { field: 'externalId' },
  displayName: { field: 'displayNameLower', lowercase: true },
  'members.value': { field: 'memberIds' },
  'meta.created': { field: 'createdAt', date: true },
  'meta.lastModified': { field: 'updatedAt', date: true },
};
