import { defineEvent, object, uuid, type EventContract } from '@plein/shared/contracts';
import { audienceSchema, nextVersionWithAudience, UNKNOWN_AUDIENCE, type Audience } from './audience';
import { pollOptionIdSchema, POLL_OPTIONS_MAX } from './content';
import { feedResponseTopic } from './topics';

interface ResponseRef {
  postId: string;
  userId: string;
  /** Optional in v1: events written before it was added have none. */
  audience?: Audience;
}
/** @deprecated read as v2 (without an audience: UNKNOWN_AUDIENCE). */
export interface ResponseAcknowledgedV1 extends ResponseRef {
  /**
   * The acknowledgement round acknowledged: 1 + the number of material edits of the post before
   * it. Only acknowledgements of the post's current round count.
   */
  round: number;
}
/** @deprecated read as v2. */
export type ResponseRegisteredV1 = ResponseRef;
/** @deprecated read as v2. */
export type ResponseRegistrationWithdrawnV1 = ResponseRef;
/** @deprecated read as v2. */
export interface ResponseVotedV1 extends ResponseRef {
  /** The full new choice (1..maxChoices poll option ids). */
  optionIds: string[];
  /** The choice this vote replaces (empty on a first vote), so counters adjust without a lookup. */
  previousOptionIds: string[];
}

/** `audience`: copy of the post's audience, so consumers enforce visibility without a post projection. */
interface WithAudience {
  audience: Audience;
}
export type ResponseAcknowledgedV2 = ResponseAcknowledgedV1 & WithAudience;
export type ResponseRegisteredV2 = ResponseRegisteredV1 & WithAudience;
export type ResponseRegistrationWithdrawnV2 = ResponseRegistrationWithdrawnV1 & WithAudience;
export type ResponseVotedV2 = ResponseVotedV1 & WithAudience;

const base = { aggregateType: 'response', topic: feedResponseTopic, version: 1, deprecated: true } as const;
const ref = { postId: uuid(), userId: uuid(), audience: audienceSchema };
const refRequired = ['postId', 'userId'];
const example = {
  postId: '01964b1e-0000-7000-8000-000000000401',
  userId: '01964b1e-0000-7000-8000-000000000105',
  audience: { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' },
} satisfies ResponseRef;
const optionIds = (minItems: number) => ({ type: 'array', items: pollOptionIdSchema, uniqueItems: true, minItems, maxItems: POLL_OPTIONS_MAX });

export const responseAcknowledgedV1 = defineEvent<ResponseAcknowledgedV1>({
  ...base,
  type: 'feed.response.acknowledged',
  description: 'A reader acknowledged having read the post (read-and-acknowledge call to action).',
  schema: object({ ...ref, round: { type: 'integer', minimum: 1 } }, [...refRequired, 'round']),
  example: { ...example, round: 1 },
});

export const responseRegisteredV1 = defineEvent<ResponseRegisteredV1>({
  ...base,
  type: 'feed.response.registered',
  description: 'A reader signed up / volunteered (sign-up call to action); they hold a place while registered.',
  schema: object(ref, refRequired),
  example,
});

export const responseRegistrationWithdrawnV1 = defineEvent<ResponseRegistrationWithdrawnV1>({
  ...base,
  type: 'feed.response.registration-withdrawn',
  description: 'A reader withdrew their sign-up, freeing a place.',
  schema: object(ref, refRequired),
  example,
});

export const responseVotedV1 = defineEvent<ResponseVotedV1>({
  ...base,
  type: 'feed.response.voted',
  description: 'A reader voted in the poll, or changed their vote (one current vote per person).',
  schema: object({ ...ref, optionIds: optionIds(1), previousOptionIds: optionIds(0) }, [...refRequired, 'optionIds', 'previousOptionIds']),
  example: { ...example, optionIds: ['2'], previousOptionIds: [] },
});

const responseAudience = { schema: audienceSchema, example: example.audience as Audience, fallback: () => UNKNOWN_AUDIENCE };
const acknowledgedV2 = nextVersionWithAudience(responseAcknowledgedV1, responseAudience, `${responseAcknowledgedV1.description} Carries the post's audience.`);
const registeredV2 = nextVersionWithAudience(responseRegisteredV1, responseAudience, `${responseRegisteredV1.description} Carries the post's audience.`);
const withdrawnV2 = nextVersionWithAudience(responseRegistrationWithdrawnV1, responseAudience, `${responseRegistrationWithdrawnV1.description} Carries the post's audience.`);
const votedV2 = nextVersionWithAudience(responseVotedV1, responseAudience, `${responseVotedV1.description} Carries the post's audience.`);
export const responseAcknowledgedV2: EventContract<ResponseAcknowledgedV2> = acknowledgedV2.contract;
export const responseRegisteredV2: EventContract<ResponseRegisteredV2> = registeredV2.contract;
export const responseRegistrationWithdrawnV2: EventContract<ResponseRegistrationWithdrawnV2> = withdrawnV2.contract;
export const responseVotedV2: EventContract<ResponseVotedV2> = votedV2.contract;

export const responseContracts = [
  responseAcknowledgedV1,
  responseAcknowledgedV2,
  responseRegisteredV1,
  responseRegisteredV2,
  responseRegistrationWithdrawnV1,
  responseRegistrationWithdrawnV2,
  responseVotedV1,
  responseVotedV2,
];
/** v1 responses keep the audience they carried; those written before it existed get UNKNOWN_AUDIENCE. */
export const responseUpcasters = [acknowledgedV2.upcaster, registeredV2.upcaster, withdrawnV2.upcaster, votedV2.upcaster];
