import { LANGUAGE_LEVELS, PROFILE_LIMITS, type ProfileEditedV1, type ProfileExperience, type ProfileFields, type ProfileLanguage } from '@plein/profiles/contracts';
import type { Decider } from '@plein/shared/event-sourcing';
import { ValidationError, type FieldViolation, type NewEvent } from '@plein/shared/kernel';

export type ProfileEvent = NewEvent<ProfileEditedV1, 'profiles.profile.edited'>;

/** A person's edit of their own profile: only the fields given change; a list replaces the whole list. */
export interface EditProfile {
  readonly type: 'EditProfile';
  readonly userId: string;
  readonly changes: Partial<ProfileFields>;
}
export type ProfileCommand = EditProfile;

export type ProfileState = Readonly<ProfileFields>;

export const EMPTY_PROFILE: ProfileState = { skills: [], languages: [], interests: [], askMeAbout: [], experience: [], bio: null, photoUrl: null };

const LANGUAGE_CODE = /^[a-z]{2}$/;
const YEAR_MONTH = /^[12]\d{3}-(?:0[1-9]|1[0-2])$/;
const HTTPS_URL = /^https:\/\/[^\s/?#]\S*$/;
/** Whitespace runs collapse to one space (linear: one class, no nesting). */
const SPACES = /\s+/g;

const clean = (value: string): string => value.replace(SPACES, ' ').trim();

/** Trims, collapses spaces, drops empties and case-insensitive duplicates (first spelling wins). */
function cleanList(field: string, values: readonly string[], max: number, maxLength: number, violations: FieldViolation[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  values.forEach((raw, i) => {
    const value = clean(raw);
    if (!value) return;
    if ([...value].length > maxLength) violations.push({ field: `${field}[${i}]`, message: `is longer than ${maxLength} characters` });
    const key = value.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push(value);
  });
  if (out.length > max) violations.push({ field, message: `at most ${max} entries` });
  return out;
}

function cleanLanguages(values: readonly ProfileLanguage[], violations: FieldViolation[]): ProfileLanguage[] {
  const seen = new Set<string>();
  const out: ProfileLanguage[] = [];
  values.forEach((language, i) => {
    const code = language.code.trim().toLowerCase();
    if (!LANGUAGE_CODE.test(code)) violations.push({ field: `languages[${i}].code`, message: 'must be an ISO 639-1 code (two letters)' });
    if (!(LANGUAGE_LEVELS as readonly string[]).includes(language.level)) violations.push({ field: `languages[${i}].level`, message: `must be one of ${LANGUAGE_LEVELS.join(', ')}` });
    if (seen.has(code)) violations.push({ field: `languages[${i}].code`, message: 'names a language twice' });
    seen.add(code);
    out.push({ code, level: language.level });
  });
  if (out.length > PROFILE_LIMITS.languages) violations.push({ field: 'languages', message: `at most ${PROFILE_LIMITS.languages} entries` });
  return out;
}

function cleanExperience(values: readonly ProfileExperience[], violations: FieldViolation[]): ProfileExperience[] {
  const out = values.map((entry, i) => {
    const title = clean(entry.title);
    const organisation = clean(entry.organisation);
    for (const [name, value] of [
      ['title', title],
      ['organisation', organisation],
    ] as const) {
      if (!value) violations.push({ field: `experience[${i}].${name}`, message: 'must not be empty' });
      else if ([...value].length > PROFILE_LIMITS.experienceTextLength) violations.push({ field: `experience[${i}].${name}`, message: `is longer than ${PROFILE_LIMITS.experienceTextLength} characters` });
    }
    if (!YEAR_MONTH.test(entry.from)) violations.push({ field: `experience[${i}].from`, message: 'must be a month, YYYY-MM' });
    if (entry.to !== null && !YEAR_MONTH.test(entry.to)) violations.push({ field: `experience[${i}].to`, message: 'must be a month, YYYY-MM, or null' });
    else if (entry.to !== null && entry.to < entry.from) violations.push({ field: `experience[${i}].to`, message: 'is before from' });
    return { title, organisation, from: entry.from, to: entry.to };
  });
  if (out.length > PROFILE_LIMITS.experience) violations.push({ field: 'experience', message: `at most ${PROFILE_LIMITS.experience} entries` });
  return out;
}

/**
 * The canonical form of an edit (trimmed, duplicates dropped, codes lower-cased), or a
 * ValidationError naming every bad field. The bio must be sanitised by the caller already
 * (sanitizeBio, the platform's Markdown sanitiser); here it is only bounded.
 */
export function normaliseProfileChanges(changes: Partial<ProfileFields>): Partial<ProfileFields> {
  const violations: FieldViolation[] = [];
  const out: Partial<ProfileFields> = {};
  if (changes.skills !== undefined) out.skills = cleanList('skills', changes.skills, PROFILE_LIMITS.skills, PROFILE_LIMITS.skillLength, violations);
  if (changes.interests !== undefined) out.interests = cleanList('interests', changes.interests, PROFILE_LIMITS.interests, PROFILE_LIMITS.interestLength, violations);
  if (changes.askMeAbout !== undefined) out.askMeAbout = cleanList('askMeAbout', changes.askMeAbout, PROFILE_LIMITS.askMeAbout, PROFILE_LIMITS.askMeAboutLength, violations);
  if (changes.languages !== undefined) out.languages = cleanLanguages(changes.languages, violations);
  if (changes.experience !== undefined) out.experience = cleanExperience(changes.experience, violations);
  if (changes.bio !== undefined) {
    const bio = changes.bio === null ? null : changes.bio.trim() || null;
    if (bio !== null && bio.length > PROFILE_LIMITS.bioLength) violations.push({ field: 'bio', message: `is longer than ${PROFILE_LIMITS.bioLength} characters` });
    out.bio = bio;
  }
  if (changes.photoUrl !== undefined) {
    const url = changes.photoUrl === null ? null : changes.photoUrl.trim();
    if (url !== null && (url.length > PROFILE_LIMITS.photoUrlLength || !HTTPS_URL.test(url))) violations.push({ field: 'photoUrl', message: 'must be an https URL' });
    out.photoUrl = url;
  }
  if (violations.length > 0) throw new ValidationError('PROFILES.INVALID_PROFILE', violations);
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The profile of one person (stream `profile-<userId>`). An edit emits only what really changed;
 * an edit that changes nothing emits nothing. Who may edit is the application's check (it needs
 * the person's read model); the decider keeps the fields valid. Pure: no I/O, no clock.
 */
export const profileDecider: Decider<ProfileCommand, ProfileEvent, ProfileState> = {
  initialState: () => EMPTY_PROFILE,
  decide(command, state) {
    const normalised = normaliseProfileChanges(command.changes);
    const changed = Object.fromEntries(Object.entries(normalised).filter(([field, value]) => !same(state[field as keyof ProfileFields], value))) as Partial<ProfileFields>;
    if (Object.keys(changed).length === 0) return [];
    return [{ type: 'profiles.profile.edited', version: 1, data: { userId: command.userId, changes: changed } }];
  },
  evolve: (state, event) => (event.type === 'profiles.profile.edited' ? { ...state, ...event.data.changes } : state),
};
