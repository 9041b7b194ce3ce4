import { defineEvent, defineTopic, object, setOf, topicName, uuid, type JsonSchema } from '@plein/shared/contracts';
import { skillSchema } from './endorsement.events';

const POST = '01964b1e-0000-7000-8000-000000000401';

/** Expert suggestions for open questions of the feed: one `expert` aggregate per question post (keyed by its postId). */
export const profilesExpertTopic = defineTopic({
  name: topicName('profiles', 'expert', 1),
  aggregateType: 'expert',
  description: 'Ask an expert: colleagues suggested for a feed question that stayed without an accepted answer.',
  key: { description: 'The question\'s postId (feed): at most one suggestion per question.', example: POST },
});

export const EXPERTS_MAX = 5;

export interface SuggestedExpert {
  userId: string;
  /** The question topics this person stands on, highest first. */
  topics: string[];
}

export interface ExpertSuggestedV1 {
  postId: string;
  /** The question's author (never among the experts). */
  authorId: string;
  /** The question's hashtags and words the experts were matched on. */
  topics: string[];
  /**
   * Up to five active colleagues who can see the question, highest standing first. Empty when no
   * one qualified: the question is not looked at again either way.
   */
  experts: SuggestedExpert[];
}

const expertSchema: JsonSchema = object({ userId: uuid(), topics: setOf(skillSchema, 30) }, ['userId', 'topics']);

export const expertSuggestedV1 = defineEvent<ExpertSuggestedV1>({
  type: 'profiles.expert.suggested',
  version: 1,
  aggregateType: 'expert',
  topic: profilesExpertTopic,
  description:
    'A feed question had no accepted answer after the configured time (EXPERT_SUGGEST_AFTER_MINUTES); these colleagues stand highest on its topics, can see it and are active. Emitted once per question.',
  schema: object(
    { postId: uuid(), authorId: uuid(), topics: setOf(skillSchema, 60), experts: { type: 'array', items: expertSchema, maxItems: EXPERTS_MAX } },
    ['postId', 'authorId', 'topics', 'experts'],
  ),
  example: {
    postId: POST,
    authorId: '01964b1e-0000-7000-8000-000000000101',
    topics: ['kubernetes', 'helm'],
    experts: [
      { userId: '01964b1e-0000-7000-8000-000000000105', topics: ['kubernetes'] },
      { userId: '01964b1e-0000-7000-8000-000000000106', topics: ['helm', 'kubernetes'] },
    ],
  },
});

export const expertContracts = [expertSuggestedV1];
