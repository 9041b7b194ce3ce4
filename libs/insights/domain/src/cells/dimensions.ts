import { CALL_TO_ACTION_KINDS, POST_KINDS } from '@plein/feed/contracts';
import type { ManagementLevel } from '@plein/identity/contracts';

/**
 * Dimensions a cell is cut by. One cell per (period, dimension value): `all` is the whole
 * organisation; `orgUnit` a department and everything below it (a person counts in their
 * department and in each department above it); `location`; `level` the management level
 * identity holds (employee, manager, director, board). No crossings of two dimensions: every
 * extra crossing multiplies the small cells a suppression engine has to protect.
 *
 * Two more kinds cut engagement with posts rather than people (POST_DIMENSION_KINDS): `postKind`
 * (update, question, idea, ...) and `callToAction` (answer, acknowledge, vote, ...) of the post
 * an activity is on. Their value `all` is every post (its own cell: the total of that breakdown).
 */
export const DIMENSION_KINDS = ['all', 'orgUnit', 'location', 'level', 'postKind', 'callToAction'] as const;
export type DimensionKind = (typeof DIMENSION_KINDS)[number];

export interface Dimension {
  readonly kind: DimensionKind;
  /** `all` for kind all; the normalised department path (`engineering/platform`), location key or level. */
  readonly value: string;
}

export const ALL: Dimension = { kind: 'all', value: 'all' };
/** Value of orgUnit/location for a person identity has no department or location for. */
export const UNKNOWN = '(unknown)';

/** What a cell needs to know of a person: their dimensions at the time of the activity. */
export interface PersonDimensions {
  readonly level: ManagementLevel;
  /** Normalised department path (`engineering/platform`), or null when identity has none. */
  readonly orgUnit: string | null;
  /** Normalised location key, or null when identity has none. */
  readonly location: string | null;
}

const DEPARTMENT_SEPARATOR = '/';
const DEPARTMENT_DEPTH_MAX = 10;
const COMBINING_MARKS = /\p{M}+/gu;
const CONTROL = /\p{Cc}+/gu;
const WHITESPACE = /\s+/g;

/** Case-, accent- and space-insensitive key (the rule profiles uses for departments and locations). */
export const normaliseKey = (value: string): string =>
  value.normalize('NFKD').replace(COMBINING_MARKS, '').replace(WHITESPACE, ' ').replace(CONTROL, '').toLowerCase().trim();

/** Normalised department path: `Engineering / Platform` → `engineering/platform`; null for none. At most 10 levels. */
export function departmentKey(department: string | null | undefined): string | null {
  if (!department) return null;
  const segments = department
    .split(DEPARTMENT_SEPARATOR)
    .map(normaliseKey)
    .filter((s) => s.length > 0);
  if (!segments.length) return null;
  const capped = segments.length <= DEPARTMENT_DEPTH_MAX ? segments : [...segments.slice(0, DEPARTMENT_DEPTH_MAX - 1), segments.slice(DEPARTMENT_DEPTH_MAX - 1).join(' / ')];
  return capped.join(DEPARTMENT_SEPARATOR);
}

export const locationKey = (location: string | null | undefined): string | null => {
  const key = location ? normaliseKey(location) : '';
  return key.length ? key : null;
};

/** `engineering/platform/search` → `engineering`, `engineering/platform`, `engineering/platform/search`. */
export function orgUnitAncestry(orgUnit: string): string[] {
  const segments = orgUnit.split(DEPARTMENT_SEPARATOR);
  return segments.map((_, i) => segments.slice(0, i + 1).join(DEPARTMENT_SEPARATOR));
}

/** Every cell dimension a person's activity counts in: all, level, location and each org unit up the tree. */
export function dimensionsOf(person: PersonDimensions): Dimension[] {
  const orgUnits = person.orgUnit ? orgUnitAncestry(person.orgUnit) : [UNKNOWN];
  return [
    ALL,
    { kind: 'level', value: person.level },
    { kind: 'location', value: person.location ?? UNKNOWN },
    ...orgUnits.map((value) => ({ kind: 'orgUnit' as const, value })),
  ];
}

/** Management vs employee, for share of voice and role models: manager, director and board lead. */
export const isLeader = (level: ManagementLevel): boolean => level !== 'employee';

/** Dimensions of the post an activity is on (posting, commenting, reacting, responding), not of the person. */
export const POST_DIMENSION_KINDS = ['postKind', 'callToAction'] as const;
export type PostDimensionKind = (typeof POST_DIMENSION_KINDS)[number];
/** The values of each post dimension: fixed lists (the feed's), so every breakdown has the same parts. */
export const POST_DIMENSION_VALUES: Readonly<Record<PostDimensionKind, readonly string[]>> = { postKind: POST_KINDS, callToAction: CALL_TO_ACTION_KINDS };
/** Value of a post dimension's total cell: every post. */
export const ALL_POSTS = 'all';

/** What a cell needs to know of a post: its kind and the kind of its call to action. */
export interface PostDimensions {
  readonly kind: string;
  readonly callToAction: string;
}

/** The cells an activity on a post counts in: every post, its kind and its call to action. */
export const postDimensionsOf = (post: PostDimensions): Dimension[] =>
  POST_DIMENSION_KINDS.flatMap((kind) => [
    { kind, value: ALL_POSTS },
    { kind, value: kind === 'postKind' ? post.kind : post.callToAction },
  ]);
