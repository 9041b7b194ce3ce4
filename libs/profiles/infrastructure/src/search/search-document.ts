import type { LanguageLevel } from '@plein/profiles/contracts';

/** Evidence why a person knows a topic (filled by the expertise part); the search boosts by `score`. */
export interface SearchExpertise {
  readonly topic: string;
  /** 0..1 (higher: stronger, more recent evidence). */
  readonly score: number;
  readonly explanation: string;
}

/** One person in the `profiles` index. Written only by ProfilesSearchIndex, external version = `revision`. */
export interface ProfileSearchDocument {
  readonly userId: string;
  readonly active: boolean;
  readonly name: string;
  readonly title?: string;
  /** Display labels of the skills (English and Dutch labels of taxonomy terms, free text as typed). */
  readonly skills: readonly string[];
  /** Taxonomy term ids and free-text skills: the facet and filter values. */
  readonly skillKeys: readonly string[];
  readonly askMeAbout: readonly string[];
  readonly bio?: string;
  /** ISO 639-1 codes. */
  readonly languages: readonly string[];
  /** `<code>:<level>`, e.g. `fr:C1`. */
  readonly languageLevels: readonly string[];
  readonly department?: string;
  readonly location?: string;
  readonly managementLevel?: string;
  readonly expertise: readonly SearchExpertise[];
  /** The strongest expertise score (0 without evidence): the rank boost. */
  readonly expertiseBoost: number;
  readonly revision: number;
}

/** What the search source knows of a person (libs/profiles/infrastructure/src/search/search-source.ts). */
export interface ProfileSearchSource {
  readonly userId: string;
  /** +1 for every event applied to the person: the external version of their search document. */
  readonly revision: number;
  readonly active: boolean;
  readonly deleted: boolean;
  readonly displayName?: string;
  readonly title?: string;
  readonly department?: string;
  readonly location?: string;
  readonly managementLevel?: string;
  readonly skills?: readonly string[];
  readonly askMeAbout?: readonly string[];
  readonly bio?: string | null;
  readonly languages?: readonly { readonly code: string; readonly level: LanguageLevel }[];
  readonly expertise?: readonly SearchExpertise[];
}

/** Skill id or free text → its display labels (taxonomy terms: English and Dutch label). */
export type SkillLabels = (skill: string) => readonly string[];

const unique = (values: readonly string[]): string[] => [...new Set(values.filter((v) => v.length > 0))];

/** Null when the person has no place in the index (deleted, or never provisioned by identity). */
export function toSearchDocument(source: ProfileSearchSource, labels: SkillLabels): ProfileSearchDocument | null {
  if (source.deleted || source.displayName === undefined) return null;
  const skills = source.skills ?? [];
  const languages = source.languages ?? [];
  const expertise = source.expertise ?? [];
  return {
    userId: source.userId,
    active: source.active,
    name: source.displayName,
    ...(source.title ? { title: source.title } : {}),
    skills: unique(skills.flatMap((s) => labels(s))),
    skillKeys: unique(skills),
    askMeAbout: [...(source.askMeAbout ?? [])],
    ...(source.bio ? { bio: source.bio } : {}),
    languages: unique(languages.map((l) => l.code)),
    languageLevels: unique(languages.map((l) => `${l.code}:${l.level}`)),
    ...(source.department ? { department: source.department } : {}),
    ...(source.location ? { location: source.location } : {}),
    ...(source.managementLevel ? { managementLevel: source.managementLevel } : {}),
    expertise: expertise.map((e) => ({ topic: e.topic, score: e.score, explanation: e.explanation })),
    expertiseBoost: expertise.reduce((max, e) => Math.max(max, e.score), 0),
    revision: source.revision,
  };
}
