/**
 * How complete a profile is: part of the contract, so every service that counts completeness
 * (profiles shows it, insights counts people per band) uses the same rule.
 */

/** What completeness looks at: the person's own fields and the directory's. */
export interface CompletenessInput {
  readonly photoUrl: string | null;
  readonly title?: string | null;
  readonly department?: string | null;
  readonly managerId?: string | null;
  /** Management level `board` (the top): nobody above, so a missing manager is not a gap. */
  readonly topOfOrganisation?: boolean;
  readonly skills: readonly string[];
  readonly languages: readonly unknown[];
  readonly bio: string | null;
  readonly askMeAbout: readonly string[];
  readonly interests: readonly string[];
  readonly experience: readonly unknown[];
}

export type CompletenessItem = 'photo' | 'title' | 'department' | 'manager' | 'skills' | 'languages' | 'bio' | 'askMeAbout' | 'interests' | 'experience';

export interface Completeness {
  /** 0-100, the sum of the weights of the items present. */
  readonly score: number;
  /** Items still missing, heaviest first. */
  readonly missing: CompletenessItem[];
}

export const MIN_SKILLS = 3;

/** Each item's weight (sums to 100), heaviest first: what helps a colleague find the person most. */
export const COMPLETENESS_WEIGHTS: readonly (readonly [CompletenessItem, number])[] = [
  ['skills', 20],
  ['photo', 15],
  ['askMeAbout', 15],
  ['bio', 10],
  ['languages', 10],
  ['title', 10],
  ['manager', 5],
  ['department', 5],
  ['experience', 5],
  ['interests', 5],
];

const present = (value: string | null | undefined): boolean => typeof value === 'string' && value.trim().length > 0;

/** How complete a profile is (0-100) and what is missing. Pure. */
export function profileCompleteness(input: CompletenessInput): Completeness {
  const has: Record<CompletenessItem, boolean> = {
    skills: input.skills.length >= MIN_SKILLS,
    photo: present(input.photoUrl),
    askMeAbout: input.askMeAbout.length > 0,
    bio: present(input.bio),
    languages: input.languages.length > 0,
    title: present(input.title),
    manager: present(input.managerId) || input.topOfOrganisation === true,
    department: present(input.department),
    experience: input.experience.length > 0,
    interests: input.interests.length > 0,
  };
  let score = 0;
  const missing: CompletenessItem[] = [];
  for (const [item, weight] of COMPLETENESS_WEIGHTS) {
    if (has[item]) score += weight;
    else missing.push(item);
  }
  return { score, missing };
}
