/** RFC 7644 §3.4.2.2 filter syntax tree, before attribute names are resolved against a schema. */
export const COMPARE_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];
export type CompareValue = string | number | boolean | null;

export type FilterNode =
  | { readonly type: 'compare'; readonly attribute: string; readonly operator: CompareOperator; readonly value: CompareValue }
  | { readonly type: 'present'; readonly attribute: string }
  | { readonly type: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly type: 'not'; readonly filter: FilterNode }
  /** `emails[type eq "work"]`: attributes inside `filter` are sub-attributes of one value. */
  | { readonly type: 'valuePath'; readonly attribute: string; readonly filter: FilterNode };

/** A PATCH `path` (RFC 7644 §3.5.2): `attrPath`, or `valuePath` optionally followed by `.subAttr`. */
export interface PatchPath {
  readonly attribute: string;
  readonly filter?: FilterNode;
  readonly subAttribute?: string;
}
