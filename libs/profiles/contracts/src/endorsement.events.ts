import { defineEvent, defineTopic, object, topicName, uuid, type JsonSchema } from '@plein/shared/contracts';
import { HASHTAG_MAX, HASHTAG_PATTERN } from '@plein/feed/contracts';

const ENDORSEE = '01964b1e-0000-7000-8000-000000000105';
const ENDORSER = '01964b1e-0000-7000-8000-000000000101';

/**
 * One colleague's endorsement of another for one skill: its own small aggregate, keyed
 * `<endorseeId>:<skill>:<endorserId>`, so "once per endorser per skill" is decided on one stream.
 */
export const profilesEndorsementTopic = defineTopic({
  name: topicName('profiles', 'endorsement', 1),
  aggregateType: 'endorsement',
  description: 'Endorsements of a person for a skill by a colleague: given and withdrawn.',
  key: { description: '`<endorseeId>:<skill>:<endorserId>`: one endorsement aggregate per endorsee, skill and endorser.', example: `${ENDORSEE}:kubernetes:${ENDORSER}` },
});

/** A skill as a hashtag is written after normalisation: NFC, lower-case, letters/marks/digits/underscore. */
export const skillSchema: JsonSchema = { type: 'string', minLength: 1, maxLength: HASHTAG_MAX, pattern: HASHTAG_PATTERN };

export interface EndorsementGivenV1 {
  endorseeId: string;
  endorserId: string;
  /** Normalised like a hashtag (feed's HASHTAG_PATTERN). */
  skill: string;
}
export type EndorsementWithdrawnV1 = EndorsementGivenV1;

const base = { version: 1, aggregateType: 'endorsement', topic: profilesEndorsementTopic } as const;
const schema = object({ endorseeId: uuid(), endorserId: uuid(), skill: skillSchema }, ['endorseeId', 'endorserId', 'skill']);
const example = { endorseeId: ENDORSEE, endorserId: ENDORSER, skill: 'kubernetes' };

export const endorsementGivenV1 = defineEvent<EndorsementGivenV1>({
  ...base,
  type: 'profiles.endorsement.given',
  description: 'A colleague endorsed a person for a skill (once per endorser and skill; never oneself).',
  schema,
  example,
});

export const endorsementWithdrawnV1 = defineEvent<EndorsementWithdrawnV1>({
  ...base,
  type: 'profiles.endorsement.withdrawn',
  description: 'The colleague withdrew their endorsement; it no longer counts. They may endorse again later.',
  schema,
  example,
});

export const endorsementContracts = [endorsementGivenV1, endorsementWithdrawnV1];
