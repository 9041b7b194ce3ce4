import { defineEvent, defineTopic, nullable, object, oneOfStrings, setOf, text, topicName, uuid, type JsonSchema } from '@plein/shared/contracts';

/**
 * What a person says about themself on their profile. Identity stays the source of name, title,
 * department, location and manager (identity.user.*); these are the person's own additions.
 */
export const profilesProfileTopic = defineTopic({
  name: topicName('profiles', 'profile', 1),
  aggregateType: 'profile',
  description: "A person's own profile edits (skills, languages, interests, ask-me-about, experience, bio, photo).",
  key: { description: "The person's user id: one profile per person, so their edits stay in order.", example: '01964b1e-0000-7000-8000-000000000101' },
});

/** Bounds of every profile field (the HTTP schema and the contract use the same numbers). */
export const PROFILE_LIMITS = {
  skills: 50,
  skillLength: 80,
  languages: 20,
  interests: 30,
  interestLength: 80,
  askMeAbout: 10,
  askMeAboutLength: 120,
  experience: 30,
  experienceTextLength: 200,
  bioLength: 4_000,
  photoUrlLength: 2_048,
} as const;

export const LANGUAGE_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

export interface ProfileLanguage {
  /** ISO 639-1 code, lower case, e.g. `nl`. */
  code: string;
  level: LanguageLevel;
}

export interface ProfileExperience {
  title: string;
  organisation: string;
  /** Year and month, `YYYY-MM`. */
  from: string;
  /** `YYYY-MM`, or null while it lasts. */
  to: string | null;
}

/** The fields a person edits; a list replaces the whole list, null clears bio or photo. */
export interface ProfileFields {
  /** Taxonomy term ids (a known skill) or free text. */
  skills: string[];
  languages: ProfileLanguage[];
  interests: string[];
  askMeAbout: string[];
  experience: ProfileExperience[];
  /** Sanitised Markdown. */
  bio: string | null;
  /** An https URL. */
  photoUrl: string | null;
}

export interface ProfileEditedV1 {
  userId: string;
  /** Only the fields that changed, with their new values. */
  changes: Partial<ProfileFields>;
}

const YEAR_MONTH = '^[12][0-9]{3}-(0[1-9]|1[0-2])$';
const yearMonth = (description: string): JsonSchema => ({ type: 'string', pattern: YEAR_MONTH, description });

/** The JSON schema of each profile field, shared by the contract and the HTTP route. */
export const profileFieldSchemas = {
  skills: setOf(text(PROFILE_LIMITS.skillLength), PROFILE_LIMITS.skills, 'Taxonomy term ids or free text.'),
  languages: {
    type: 'array',
    maxItems: PROFILE_LIMITS.languages,
    items: object({ code: { type: 'string', pattern: '^[a-z]{2}$', description: 'ISO 639-1 code.' }, level: oneOfStrings(LANGUAGE_LEVELS) }, ['code', 'level']),
  },
  interests: setOf(text(PROFILE_LIMITS.interestLength), PROFILE_LIMITS.interests),
  askMeAbout: setOf(text(PROFILE_LIMITS.askMeAboutLength), PROFILE_LIMITS.askMeAbout),
  experience: {
    type: 'array',
    maxItems: PROFILE_LIMITS.experience,
    items: object(
      {
        title: text(PROFILE_LIMITS.experienceTextLength),
        organisation: text(PROFILE_LIMITS.experienceTextLength),
        from: yearMonth('Start, YYYY-MM.'),
        to: nullable(yearMonth('End, YYYY-MM; null while it lasts.')),
      },
      ['title', 'organisation', 'from', 'to'],
    ),
  },
  bio: nullable(text(PROFILE_LIMITS.bioLength, 'Sanitised Markdown.')),
  photoUrl: nullable({ type: 'string', minLength: 9, maxLength: PROFILE_LIMITS.photoUrlLength, pattern: '^https://[^\\s]+$', description: 'An https URL.' }),
} satisfies Record<keyof ProfileFields, JsonSchema>;

export const profileEditedV1 = defineEvent<ProfileEditedV1>({
  type: 'profiles.profile.edited',
  version: 1,
  aggregateType: 'profile',
  topic: profilesProfileTopic,
  description: 'The person (or an admin for them) changed their own profile fields. Only changed fields are present; a list replaces the whole list.',
  schema: object({ userId: uuid(), changes: object(profileFieldSchemas, [], { minProperties: 1 }) }, ['userId', 'changes']),
  example: {
    userId: '01964b1e-0000-7000-8000-000000000101',
    changes: {
      skills: ['kubernetes', 'typescript', 'Event storming'],
      languages: [
        { code: 'nl', level: 'native' },
        { code: 'en', level: 'C1' },
      ],
      askMeAbout: ['Running Kafka in production'],
      bio: 'Platform engineer. I like **boring** infrastructure.',
      photoUrl: 'https://cdn.example.org/photos/ada.jpg',
    },
  },
});

export const profileContracts = [profileEditedV1];
