/** The profiles answers the people area reads (apps/profiles/src/http/*.routes.ts; only the fields it uses). */

export interface FacetValue {
  readonly value: string;
  readonly count: number;
  /** Skills only: the term's English and Dutch label. */
  readonly labels?: readonly string[];
}

export interface SearchHit {
  readonly userId: string;
  readonly name: string;
  readonly title?: string;
  readonly department?: string;
  readonly location?: string;
  readonly skills: readonly string[];
  readonly languages: readonly { readonly code: string; readonly level: string }[];
  readonly askMeAbout: readonly string[];
  readonly highlights: Readonly<Record<string, readonly string[]>>;
  readonly why: {
    readonly matchedFields: readonly string[];
    readonly expertise: readonly { readonly topic: string; readonly score: number; readonly explanation: string }[];
  };
}

export interface SearchAnswer {
  readonly items: readonly SearchHit[];
  readonly total: number;
  readonly totalIsLowerBound: boolean;
  readonly facets: Readonly<Record<'skill' | 'language' | 'languageLevel' | 'department' | 'location' | 'managementLevel', readonly FacetValue[]>>;
  readonly interpreted: { readonly text: string; readonly languages: readonly string[] };
  readonly nextCursor: string | null;
}

export type EvidenceKind = 'accepted-answer' | 'answer' | 'article' | 'post' | 'endorsement' | 'reaction' | 'declared';
export const EVIDENCE_KINDS: readonly EvidenceKind[] = ['accepted-answer', 'answer', 'article', 'post', 'endorsement', 'reaction', 'declared'];

export interface Standing {
  readonly topic: string;
  readonly score: number;
  readonly recent: Readonly<Record<EvidenceKind, number>>;
  readonly total: Readonly<Record<EvidenceKind, number>>;
  readonly explanation: { readonly en: string; readonly nl: string };
}

export interface ProfileView {
  readonly userId: string;
  readonly active: boolean;
  readonly displayName: string;
  readonly title?: string;
  readonly department?: string;
  readonly location?: string;
  readonly managementLevel: string;
  readonly managerId: string | null;
  readonly skills: readonly string[];
  readonly languages: readonly { readonly code: string; readonly level: string }[];
  readonly interests: readonly string[];
  readonly askMeAbout: readonly string[];
  readonly bio: string | null;
  readonly profileVersion: number;
  readonly completeness: { readonly score: number; readonly missing: readonly string[] };
  readonly expertise?: readonly Standing[];
}

export interface OrgPerson {
  readonly userId: string;
  readonly displayName: string;
  readonly title: string | null;
  readonly department: string | null;
  readonly location: string | null;
  readonly managementLevel: string;
}

export interface PeoplePage {
  readonly items: readonly OrgPerson[];
  readonly nextCursor: string | null;
}

export interface OrgChart {
  readonly person: OrgPerson;
  readonly managers: readonly (OrgPerson | { readonly userId: string; readonly active: false })[];
  readonly managersTruncated: boolean;
  readonly directReports: PeoplePage;
  readonly directReportCount: number;
  readonly peers: PeoplePage;
}

export interface Department {
  readonly path: string;
  readonly name: string;
  readonly headCount: number;
  readonly directHeadCount: number;
  readonly subDepartmentCount: number;
}

export interface TaxonomyTerm {
  readonly termId: string;
  readonly labels: { readonly en: string; readonly nl: string };
  readonly synonyms: readonly string[];
}

export const profilesPath = (path: string): string => `/api/profiles/v1/profiles${path}`;
