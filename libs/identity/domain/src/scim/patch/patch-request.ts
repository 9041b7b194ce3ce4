import { ScimError } from '../scim.errors';
import { getKey, isPlainObject } from '../scim-path';
import { SCIM_SCHEMAS } from '../scim.schema';

export type PatchOpName = 'add' | 'replace' | 'remove';
export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path?: string;
  readonly value?: unknown;
}

/** More operations than this in one request are refused with tooMany. */
export const MAX_PATCH_OPERATIONS = 1000;

/**
 * Validates a PATCH body (RFC 7644 §3.5.2). Op names are case-insensitive because Entra ID sends
 * `Add`/`Replace`/`Remove`; an empty `path` counts as no path.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) throw new ScimError('invalidSyntax', 'The PATCH body must be a JSON object');
  const schemas = getKey(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SCIM_SCHEMAS.patchOp.toLowerCase())) {
    throw new ScimError('invalidSyntax', `"schemas" must contain "${SCIM_SCHEMAS.patchOp}"`);
  }
  const operations = getKey(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) throw new ScimError('invalidSyntax', '"Operations" must be a non-empty array');
  if (operations.length > MAX_PATCH_OPERATIONS) throw new ScimError('tooMany', `At most ${MAX_PATCH_OPERATIONS} operations per request`);
  return operations.map((raw, index) => parseOperation(raw, index));
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  if (!isPlainObject(raw)) throw new ScimError('invalidSyntax', `Operations[${index}] must be an object`);
  const op = getKey(raw, 'op');
  const name = typeof op === 'string' ? op.trim().toLowerCase() : '';
  if (name !== 'add' && name !== 'replace' && name !== 'remove') {
    throw new ScimError('invalidSyntax', `Operations[${index}].op must be add, replace or remove`);
  }
  const path = getKey(raw, 'path');
  if (path !== undefined && path !== null && typeof path !== 'string') throw new ScimError('invalidPath', `Operations[${index}].path must be a string`);
  const value = getKey(raw, 'value');
  const trimmed = typeof path === 'string' ? path.trim() : '';
  if (name !== 'remove' && value === undefined) throw new ScimError('invalidValue', `Operations[${index}] (${name}) needs a "value"`);
  if (name === 'remove' && trimmed === '') throw new ScimError('noTarget', `Operations[${index}] (remove) needs a "path"`);
  return { op: name, ...(trimmed ? { path: trimmed } : {}), ...(value !== undefined ? { value } : {}) };
}
