import { defineEvent, object, uuid } from '@plein/shared/contracts';
import { audienceSchema, type Audience } from './audience';
import { pollOptionIdSchema, POLL_OPTIONS_MAX } from './content';
import { feedResponseTopic } from './topics';

interface ResponseRef {
  postId: string;
  userId: string;
  /**
   * Copy of the post's audience, so consumers enforce visibility without a post projection.
   * Optional: events written before it was added have none.
   */
  audience?: Audience;
}
export interface ResponseAcknowledgedV1 extends ResponseRef {
  /**
   * The acknowledgement round acknowledged: 1 + the number of material edits of the post before
   * it. Only acknowledgements of the post's current round count.
   */
  round: number;
}
export type ResponseRegisteredV1 = ResponseRef;
export type ResponseRegistrationWithdrawnV1 = ResponseRef;
export interface ResponseVotedV1 extends ResponseRef {
  /** The full new choice (1..maxChoices poll option ids). */
  optionIds: string[];
  /** The choice this vote replaces (empty on a first vote), so counters adjust without a lookup. */
  previousOptionIds: string[];
}

const base = { aggregateType: 'response', topic: feedResponseTopic, version: 1 } as const;
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

export const responseContracts = [responseAcknowledgedV1, responseRegisteredV1, responseRegistrationWithdrawnV1, responseVotedV1];
