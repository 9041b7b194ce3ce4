import type { JsonSchema } from './event-contract';

/**
 * Small JSON Schema builders shared by every contracts lib, so the same concept (an id, a
 * timestamp, a bounded text) is spelled the same way across services and in the AsyncAPI catalog.
 */
export const uuid = (description?: string): JsonSchema => ({ type: 'string', format: 'uuid', ...(description ? { description } : {}) });

export const dateTime = (description?: string): JsonSchema => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });

export const text = (maxLength: number, description?: string, minLength = 1): JsonSchema => ({
  type: 'string',
  minLength,
  maxLength,
  ...(description ? { description } : {}),
});

export const email = (description?: string): JsonSchema => ({ type: 'string', format: 'email', maxLength: 254, ...(description ? { description } : {}) });

export const oneOfStrings = (values: readonly string[], description?: string): JsonSchema => ({
  type: 'string',
  enum: [...values],
  ...(description ? { description } : {}),
});

/** `type: [T, 'null']`: the field is present and may be null (an explicit "none" or "cleared"). */
export const nullable = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  type: [schema['type'], 'null'],
  ...(Array.isArray(schema['enum']) ? { enum: [...(schema['enum'] as unknown[]), null] } : {}),
});

export const setOf = (items: JsonSchema, maxItems: number, description?: string): JsonSchema => ({
  type: 'array',
  items,
  uniqueItems: true,
  maxItems,
  ...(description ? { description } : {}),
});

/** A closed object: every property declared, `additionalProperties: false`. */
export const object = (properties: Record<string, JsonSchema>, required: readonly string[] = [], extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: [...required],
  properties,
  ...extra,
});
