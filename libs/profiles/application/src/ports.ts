import type { LanguageLevel, ProfileExperience, TaxonomyLabels } from '@plein/profiles/contracts';
import type { ManagementLevel, UserRole } from '@plein/identity/contracts';
import type { Completeness } from '@plein/profiles/domain';
import type { EventStore, ReadYourWrites } from '@plein/shared/event-sourcing';

/** Who calls, as the platform token says. */
export interface Caller {
  readonly userId: string;
  readonly roles: readonly UserRole[];
}

/** One person as profiles knows them: identity's directory data plus their own profile fields. */
export interface ProfileView {
  readonly userId: string;
  /** False once identity deactivated the person (they cannot sign in). */
  readonly active: boolean;
  readonly userName: string;
  readonly displayName: string;
  readonly email?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly title?: string;
  readonly department?: string;
  readonly location?: string;
  readonly managementLevel: ManagementLevel;
  readonly managerId: string | null;
  readonly skills: readonly string[];
  readonly languages: readonly { readonly code: string; readonly level: LanguageLevel }[];
  readonly interests: readonly string[];
  readonly askMeAbout: readonly string[];
  readonly experience: readonly ProfileExperience[];
  readonly bio: string | null;
  readonly photoUrl: string | null;
  /** Version of the person's profile stream (0: never edited). */
  readonly profileVersion: number;
  readonly updatedAt: string;
}

export interface ProfileViewWithCompleteness extends ProfileView {
  readonly completeness: Completeness;
}

/** The profile-views read model (one document per person known to identity, never a deleted one). */
export interface ProfileViews {
  get(userId: string): Promise<ProfileView | null>;
}

export interface TaxonomyTerm {
  readonly termId: string;
  readonly labels: TaxonomyLabels;
  readonly synonyms: readonly string[];
}

/**
 * The curated skills taxonomy as read by every part of profiles (search builds its synonyms from
 * it). `all()` answers the active terms, ordered by id, at most TAXONOMY_MAX_TERMS.
 */
export interface TaxonomyReader {
  all(): Promise<TaxonomyTerm[]>;
  get(termId: string): Promise<TaxonomyTerm | null>;
  /** Active terms after `after` (a term id), ordered by id, at most `limit`. */
  page(after: string | undefined, limit: number): Promise<TaxonomyTerm[]>;
}

/** The upper bound of active taxonomy terms (admin-curated; the command refuses more). */
export const TAXONOMY_MAX_TERMS = 5_000;

export interface ProfilesDependencies {
  readonly store: EventStore;
  readonly views: ProfileViews;
  readonly taxonomy: TaxonomyReader;
  /** The profile and taxonomy read models, brought up to date before a command answers. */
  readonly readYourWrites?: ReadYourWrites;
  /** Turns untrusted bio Markdown into the safe canonical Markdown stored. */
  readonly sanitizeBio: (markdown: string) => string;
}
