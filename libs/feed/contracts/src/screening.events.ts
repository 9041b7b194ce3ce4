import { defineEvent, defineTopic, nullable, object, oneOfStrings, text, topicName, uuid, type JsonSchema } from '@plein/shared/contracts';

/**
 * What moderation's compose-time rules found in a post or comment the feed published or edited
 * (the feed evaluates the rules itself, from moderation.rule.events.v1). One aggregate per piece of
 * content, keyed `<contentType>:<contentId>`. Only matches that ask moderation for something are
 * recorded: `require-approval` (the content was stored hidden, until a moderator approves or
 * rejects it) and `flag` (published, and reviewed afterwards). A blocking rule refuses the request,
 * so nothing is stored.
 */
export const feedScreeningTopic = defineTopic({
  name: topicName('feed', 'screening', 1),
  aggregateType: 'screening',
  description: 'Compose-time rule matches on published or edited posts and comments that need a moderator: held for approval, or flagged. Moderation consumes them.',
  key: { description: '`<contentType>:<contentId>`: the screenings of one post or comment.', example: 'post:01964b1e-0000-7000-8000-000000000401' },
});

export const SCREENING_ACTIONS = ['require-approval', 'flag'] as const;
export type ScreeningAction = (typeof SCREENING_ACTIONS)[number];
export const SCREENING_RULES_MAX = 200;

export interface ScreenedRuleV1 {
  ruleId: string;
  action: ScreeningAction;
  publicMessage: string;
  /** The field that matched: body.title or body.body. */
  field: string;
}

export interface ContentScreenedV1 {
  contentType: 'post' | 'comment';
  contentId: string;
  /** The post itself, or the comment's post. */
  postId: string;
  authorId: string;
  /** The group whose audience the content has (its moderators review it); null outside groups. */
  groupId: string | null;
  /** The strongest action among the matches. */
  action: ScreeningAction;
  /** True when the content is held (hidden) until a moderator approves it. */
  held: boolean;
  /** published or edited: which write matched. */
  on: 'published' | 'edited';
  /** The rules that matched (none when only pre-moderation of new members held it). */
  rules: ScreenedRuleV1[];
  /** Held because the author is a new member under the scope's pre-moderation. */
  newMember?: boolean;
}

const ruleSchema: JsonSchema = object(
  { ruleId: uuid(), action: oneOfStrings(SCREENING_ACTIONS), publicMessage: text(280), field: oneOfStrings(['body.title', 'body.body']) },
  ['ruleId', 'action', 'publicMessage', 'field'],
);

export const contentScreenedV1 = defineEvent<ContentScreenedV1>({
  aggregateType: 'screening',
  topic: feedScreeningTopic,
  version: 1,
  type: 'feed.screening.recorded',
  description: 'Compose-time rules matched content the feed stored: held for approval (hidden until a moderator decides) or flagged for review (published).',
  schema: object(
    {
      contentType: oneOfStrings(['post', 'comment']),
      contentId: uuid(),
      postId: uuid(),
      authorId: uuid(),
      groupId: nullable(uuid()),
      action: oneOfStrings(SCREENING_ACTIONS),
      held: { type: 'boolean' },
      on: oneOfStrings(['published', 'edited']),
      rules: { type: 'array', items: ruleSchema, maxItems: SCREENING_RULES_MAX },
      newMember: { type: 'boolean' },
    },
    ['contentType', 'contentId', 'postId', 'authorId', 'groupId', 'action', 'held', 'on', 'rules'],
  ),
  example: {
    contentType: 'post',
    contentId: '01964b1e-0000-7000-8000-000000000401',
    postId: '01964b1e-0000-7000-8000-000000000401',
    authorId: '01964b1e-0000-7000-8000-000000000101',
    groupId: null,
    action: 'require-approval',
    held: true,
    on: 'published',
    rules: [{ ruleId: '01964b1e-0000-7000-8000-000000000601', action: 'require-approval', publicMessage: 'Posts about the reorganisation are checked first.', field: 'body.body' }],
  },
});

export const screeningContracts = [contentScreenedV1];
