import { z } from 'zod';
import {
  AGENDA_DESCRIPTION_MAX,
  ATTACHMENTS_MAX,
  GROUP_DESCRIPTION_MAX,
  GROUP_NAME_MAX,
  GROUP_VISIBILITIES,
  HASHTAGS_MAX,
  IDEA_STATUSES,
  JAM_SELECTED_MAX,
  JAM_VOTES_PER_PERSON_MAX,
  MEMBER_ROLES,
  MENTIONS_MAX,
  POLL_OPTIONS_MAX,
  POLL_OPTIONS_MIN,
  POST_KINDS,
  REACTION_KINDS,
  TITLE_MAX,
} from '@plein/feed/contracts';
import { COMMENT_BODY_MAX, RAW_BODY_MAX } from '@plein/feed/domain';
import { api, route } from '@plein/shared/platform';

/**
 * Every feed route, declared once: the controllers map and validate from these, and the OpenAPI
 * document (GET /openapi.json, GET /v1/openapi.json) is generated from them. Shapes only; the
 * domain rules that need state or the clock (deadlines in the future, who may do what, a poll's
 * options differ) answer 400/403/404/409 problems as each description says.
 */
const { uuid, text, dateTime, pageLimit } = api;

export const MEMBER_ACTIONS = ['approve', 'decline', 'invite', 'add', 'remove', 'change-role'] as const;
export const MEMBER_STATUSES = ['member', 'requested', 'invited'] as const;

const CREATE_HEADERS = [{ name: 'Idempotency-Key', description: 'Repeat the request safely: the same key gives the same answer (1-200 visible ASCII characters).', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } }];

// ---- shared pieces ----
const postId = z.object({ postId: uuid() });
const commentId = z.object({ commentId: uuid() });
const groupId = z.object({ groupId: uuid() });
const jamId = z.object({ jamId: uuid() });
const agendaItemId = z.object({ agendaItemId: uuid() });
/** Lists paged by id: `after` is the last id of the previous page. */
const idPage = (fallback: number) => z.object({ after: uuid().optional().describe('Id of the last item of the previous page'), limit: pageLimit(fallback) });
/** Timelines: an opaque cursor from the previous page (`nextCursor`). */
const cursorPage = z.object({ cursor: z.string().max(200).regex(/^[\w-]*$/, 'is not a cursor of this timeline').optional().describe('`nextCursor` of the previous page; a cursor this service did not issue answers 400 FEED.INVALID_CURSOR'), limit: pageLimit(20) });
const note = (max: number) => z.object({ note: text(max).optional() });

export const audienceSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('organisation') }), z.object({ kind: z.literal('followers') }), z.object({ kind: z.literal('group'), groupId: uuid() })]);
/** Jams and agenda items reach the organisation or one group. */
export const scopedAudienceSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('organisation') }), z.object({ kind: z.literal('group'), groupId: uuid() })]);

const attachments = z
  .array(
    z.object({
      id: uuid(),
      name: text(255, 1),
      mediaType: z
        .string()
        .max(127)
        .regex(/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/, 'is not a media type'),
      size: z
        .number()
        .int()
        .min(0)
        .max(10 * 1024 ** 3),
    }),
  )
  .max(ATTACHMENTS_MAX);

// Calls to action (libs/feed/domain/src/post/call-to-action.ts): a question asks for answers and only a question does.
const answerCta = z.object({ kind: z.literal('answer') });
const otherCta = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('share-ideas') }),
  z.object({ kind: z.literal('fyi') }),
  z.object({ kind: z.literal('sign-up'), capacity: z.number().int().min(1).max(1_000_000).optional(), deadline: dateTime().optional().describe('In the future, within two years') }),
  z.object({ kind: z.literal('acknowledge'), dueAt: dateTime().optional().describe('In the future, within two years') }),
  z.object({
    kind: z.literal('vote'),
    options: z.array(text(200, 1)).min(POLL_OPTIONS_MIN).max(POLL_OPTIONS_MAX).describe('Distinct labels (case-insensitive)'),
    maxChoices: z.number().int().min(1).max(POLL_OPTIONS_MAX).optional().describe('1 by default; at most the number of options'),
    closesAt: dateTime().optional().describe('In the future, within two years'),
  }),
]);
const postContent = {
  audience: audienceSchema,
  title: text(TITLE_MAX).optional(),
  body: text(RAW_BODY_MAX).default('').describe('Markdown subset (docs/feed/markdown.md)'),
  attachments: attachments.optional(),
  jamId: uuid().optional().describe('Submit the post to this open idea jam (ideas only: other kinds answer 400 FEED.INVALID_CONTENT)'),
};
export const publishPostSchema = z.discriminatedUnion('kind', [
  z.object({ ...postContent, kind: z.literal('question'), callToAction: answerCta }),
  z.object({ ...postContent, kind: z.enum(POST_KINDS.filter((k): k is Exclude<(typeof POST_KINDS)[number], 'question'> => k !== 'question')), callToAction: otherCta }),
]);

const agendaDetails = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'),
    title: text(200, 1),
    description: text(AGENDA_DESCRIPTION_MAX).default(''),
    startsAt: dateTime(),
    endsAt: dateTime().describe('After startsAt, in the future, at most 31 days after startsAt'),
    location: text(200).optional(),
    onlineUrl: z.url({ protocol: /^https?$/ }).max(2_048).optional(),
    capacity: z.number().int().min(1).max(1_000_000).optional(),
  }),
  z.object({ kind: z.literal('static'), title: text(200, 1), description: text(AGENDA_DESCRIPTION_MAX).default(''), visibleUntil: dateTime().optional().describe('In the future, within two years') }),
]);
const reaction = z.object({ kind: z.enum(REACTION_KINDS) });

// ---- posts ----
export const PUBLISH_POST = route({
  method: 'post',
  path: '/v1/posts',
  summary: 'Publish a post (kind, audience, call to action). Idempotency-Key supported.',
  description: `A question asks for answers (\`callToAction.kind: answer\`) and only a question does. Domain rules answer 400 FEED.INVALID_CONTENT naming the field: a body or an attachment (a body that is empty once sanitised counts as none), an article has a title and only an article has headings, at most ${HASHTAGS_MAX} hashtags and ${MENTIONS_MAX} mentions, deadlines in the future within two years, distinct poll options. Publishing to a group needs its membership; some kinds need a role (announcements). An author a moderator restricted gets 403 FEED.POSTING_RESTRICTED with \`restrictedUntil\` until then (also on comments).`,
  status: 201,
  body: publishPostSchema,
  headers: CREATE_HEADERS,
  errors: [403, 404, 409],
});
export const GET_POST = route({ method: 'get', path: '/v1/posts/{postId}', summary: 'A post with its call-to-action progress; 404 when outside your audience.', params: postId, errors: [404] });
export const EDIT_POST = route({
  method: 'patch',
  path: '/v1/posts/{postId}',
  summary: 'Edit a post (author). A material edit starts a new acknowledgement round.',
  description: 'The content rules of publishing apply (400 FEED.INVALID_CONTENT naming the field): a body or an attachment, a title for an article.',
  params: postId,
  body: z.object({ title: text(TITLE_MAX).optional(), body: text(RAW_BODY_MAX).default(''), attachments: attachments.optional(), requestReacknowledgement: z.boolean().optional() }),
  errors: [403, 404, 409],
});
export const DELETE_POST = route({ method: 'delete', path: '/v1/posts/{postId}', summary: 'Delete a post (author, admins, group owners and moderators).', params: postId, status: 204, errors: [403, 404] });
export const POST_HISTORY = route({ method: 'get', path: '/v1/posts/{postId}/history', summary: 'Every version of the content, oldest first.', params: postId, errors: [404] });
export const ACCEPT_ANSWER = route({ method: 'post', path: '/v1/posts/{postId}/accepted-answer', summary: 'Accept a top-level comment as the answer (question author).', params: postId, body: z.object({ commentId: uuid() }), errors: [403, 404, 409] });
export const IDEA_STATUS = route({
  method: 'post',
  path: '/v1/posts/{postId}/idea-status',
  summary: 'Move an idea through its status loop (triagers).',
  params: postId,
  body: z.object({ status: z.enum(IDEA_STATUSES), note: text(2_000).optional() }),
  errors: [403, 404, 409],
});
export const CLOSE_CTA = route({ method: 'post', path: '/v1/posts/{postId}/call-to-action/close', summary: 'Close the call to action early (author).', params: postId, errors: [403, 404, 409] });
export const ACKNOWLEDGE = route({ method: 'post', path: '/v1/posts/{postId}/acknowledgement', summary: 'Acknowledge having read the post (this round).', params: postId, errors: [404, 409] });
export const ACKNOWLEDGEMENTS = route({ method: 'get', path: '/v1/posts/{postId}/acknowledgements', summary: 'Who has and has not acknowledged (author and admins), paged by user id.', params: postId, query: idPage(100), errors: [403, 404] });
export const SIGN_UP = route({ method: 'post', path: '/v1/posts/{postId}/sign-up', summary: 'Sign up / volunteer (capacity and deadline apply).', params: postId, errors: [404, 409] });
export const WITHDRAW_SIGN_UP = route({ method: 'delete', path: '/v1/posts/{postId}/sign-up', summary: 'Withdraw a sign-up.', params: postId, errors: [404, 409] });
/** Lists paged by an opaque cursor: `after` is the `next` of the previous page. */
const opaquePage = (fallback: number) => z.object({ after: text(200, 1).optional().describe('`next` of the previous page; a value this service did not issue answers 400'), limit: pageLimit(fallback) });
export const SIGN_UPS = route({ method: 'get', path: '/v1/posts/{postId}/sign-ups', summary: 'Sign-ups in registration order, paged (`next`); `waitingList` marks any beyond the capacity (none: places are decided exactly).', params: postId, query: opaquePage(100), errors: [403, 404] });
export const VOTE = route({
  method: 'put',
  path: '/v1/posts/{postId}/vote',
  summary: 'Vote (or change the vote) in the poll.',
  description: "Option ids are the poll's (`1`..`10`); at most `maxChoices` of them.",
  params: postId,
  body: z.object({ optionIds: z.array(text(2, 1)).max(POLL_OPTIONS_MAX) }),
  errors: [404, 409],
});
export const LIST_COMMENTS = route({ method: 'get', path: '/v1/posts/{postId}/comments', summary: 'Comments, oldest first (cursor `after`).', params: postId, query: idPage(50), errors: [404] });
export const ADD_COMMENT = route({
  method: 'post',
  path: '/v1/posts/{postId}/comments',
  summary: 'Comment or reply (one level). Idempotency-Key supported.',
  params: postId,
  status: 201,
  body: z.object({ body: text(COMMENT_BODY_MAX, 1), parentCommentId: uuid().optional() }),
  headers: CREATE_HEADERS,
  errors: [403, 404, 409],
});
export const REACT_POST = route({ method: 'put', path: '/v1/posts/{postId}/reaction', summary: 'React (one reaction per person).', params: postId, body: reaction, errors: [404] });
export const UNREACT_POST = route({ method: 'delete', path: '/v1/posts/{postId}/reaction', summary: 'Remove your reaction.', params: postId, status: 204, errors: [404] });
export const POST_REACTIONS = route({ method: 'get', path: '/v1/posts/{postId}/reactions', summary: 'Who reacted how.', params: postId, query: idPage(50), errors: [404] });

// ---- comments ----
export const EDIT_COMMENT = route({ method: 'patch', path: '/v1/comments/{commentId}', summary: 'Edit a comment (author).', params: commentId, body: z.object({ body: text(COMMENT_BODY_MAX, 1) }), errors: [403, 404] });
export const DELETE_COMMENT = route({ method: 'delete', path: '/v1/comments/{commentId}', summary: 'Delete a comment.', params: commentId, status: 204, errors: [403, 404] });
export const REACT_COMMENT = route({ method: 'put', path: '/v1/comments/{commentId}/reaction', summary: 'React to a comment.', params: commentId, body: reaction, errors: [404] });
export const UNREACT_COMMENT = route({ method: 'delete', path: '/v1/comments/{commentId}/reaction', summary: 'Remove your reaction to a comment.', params: commentId, status: 204, errors: [404] });
export const COMMENT_REACTIONS = route({ method: 'get', path: '/v1/comments/{commentId}/reactions', summary: 'Who reacted how to a comment.', params: commentId, query: idPage(50), errors: [404] });

// ---- groups ----
export const CREATE_GROUP = route({
  method: 'post',
  path: '/v1/groups',
  summary: 'Create a group (open, closed, secret). Idempotency-Key supported.',
  status: 201,
  body: z.object({ name: text(GROUP_NAME_MAX, 1), description: text(GROUP_DESCRIPTION_MAX).optional(), visibility: z.enum(GROUP_VISIBILITIES) }),
  headers: CREATE_HEADERS,
  errors: [403, 409],
});
export const LIST_GROUPS = route({ method: 'get', path: '/v1/groups', summary: 'Groups whose existence you may see.', query: idPage(50) });
export const GET_GROUP = route({ method: 'get', path: '/v1/groups/{groupId}', summary: 'A group; secret groups are 404 to non-members.', params: groupId, errors: [404] });
export const CHANGE_GROUP = route({
  method: 'patch',
  path: '/v1/groups/{groupId}',
  summary: 'Change name, description, or tighten visibility (owners).',
  params: groupId,
  body: z.object({ name: text(GROUP_NAME_MAX, 1).optional(), description: text(GROUP_DESCRIPTION_MAX).nullable().optional(), visibility: z.enum(GROUP_VISIBILITIES).optional() }),
  errors: [403, 404, 409],
});
export const GROUP_POSTS = route({ method: 'get', path: '/v1/groups/{groupId}/posts', summary: "The group's posts, newest first (cursor).", params: groupId, query: cursorPage, errors: [404] });
export const JOIN_GROUP = route({
  method: 'post',
  path: '/v1/groups/{groupId}/join',
  summary: 'Join (open), request to join (closed), accept an invitation (any).',
  params: groupId,
  body: z.object({ message: text(500).optional() }),
  bodyOptional: true,
  errors: [404, 409],
});
export const LEAVE_GROUP = route({ method: 'post', path: '/v1/groups/{groupId}/leave', summary: 'Leave, withdraw a request or decline an invitation.', params: groupId, status: 204, errors: [404, 409] });
export const GROUP_MEMBERS = route({
  method: 'get',
  path: '/v1/groups/{groupId}/members',
  summary: 'Members (status=member), requests and invitations (staff).',
  params: groupId,
  query: z.object({ status: z.enum(MEMBER_STATUSES).default('member'), after: uuid().optional(), limit: pageLimit(50) }),
  errors: [403, 404],
});
export const MANAGE_MEMBER = route({
  method: 'post',
  path: '/v1/groups/{groupId}/members/{userId}/{action}',
  summary: 'approve, decline, invite, add, remove, change-role (staff).',
  description: '`role` is for add, invite and change-role (member by default).',
  params: z.object({ groupId: uuid(), userId: uuid(), action: z.enum(MEMBER_ACTIONS) }),
  body: z.object({ role: z.enum(MEMBER_ROLES).optional(), note: text(500).optional() }),
  bodyOptional: true,
  errors: [403, 404, 409],
});

// ---- follows and timelines ----
export const LIST_FOLLOWS = route({ method: 'get', path: '/v1/follows', summary: 'What you follow, by target key, paged (`next`).', query: opaquePage(100) });
/** The key's format depends on the kind: the document lists /v1/follows/person/{key}, /group/{key} and /hashtag/{key}. */
const followTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), key: uuid().describe('The user id') }),
  z.object({ kind: z.literal('group'), key: uuid().describe('The group id') }),
  z.object({ kind: z.literal('hashtag'), key: text(256, 1).describe('A hashtag with or without `#`: letters, marks, digits and underscores, at least one letter, at most 64 (else 400 FEED.CANNOT_FOLLOW)') }),
]);
export const FOLLOW = route({ method: 'put', path: '/v1/follows/{kind}/{key}', summary: 'Follow a person, group or hashtag.', params: followTarget, errors: [404] });
export const UNFOLLOW = route({ method: 'delete', path: '/v1/follows/{kind}/{key}', summary: 'Unfollow.', params: followTarget });
export const HOME_TIMELINE = route({ method: 'get', path: '/v1/timelines/home', summary: 'Home timeline, newest first; opaque cursor, stable while posts arrive.', query: cursorPage });
export const ORGANISATION_TIMELINE = route({ method: 'get', path: '/v1/timelines/organisation', summary: 'Explore: every organisation-wide post (also from people you do not follow), newest first; same cursor as home.', query: cursorPage });
export const HASHTAG_TIMELINE = route({ method: 'get', path: '/v1/timelines/hashtags/{tag}', summary: "A hashtag's posts.", params: z.object({ tag: text(256, 1) }), query: cursorPage });

// ---- idea jams ----
export const SCHEDULE_JAM = route({
  method: 'post',
  path: '/v1/jams',
  summary: 'Schedule an idea jam (managers, community managers, admins). Idempotency-Key supported.',
  description: 'closesAt lies in the future, after opensAt (now by default), at most three months later.',
  status: 201,
  body: z.object({
    audience: scopedAudienceSchema,
    title: text(200, 1),
    question: text(2_000, 1),
    opensAt: dateTime().optional(),
    closesAt: dateTime(),
    votesPerPerson: z.number().int().min(1).max(JAM_VOTES_PER_PERSON_MAX).default(3),
  }),
  headers: CREATE_HEADERS,
  errors: [403, 404, 409],
});
export const LIST_JAMS = route({ method: 'get', path: '/v1/jams', summary: 'Idea jams you may see (upcoming, open, closed, concluded; not cancelled), newest first (cursor `after`).', query: idPage(20) });
export const GET_JAM = route({ method: 'get', path: '/v1/jams/{jamId}', summary: 'A jam with its phase, visible ideas and vote tallies, and your votes left; 404 outside its audience.', params: jamId, errors: [404] });
export const CLOSE_JAM = route({ method: 'post', path: '/v1/jams/{jamId}/close', summary: 'Close the jam early (its manager).', params: jamId, errors: [403, 404, 409] });
export const CANCEL_JAM = route({ method: 'post', path: '/v1/jams/{jamId}/cancel', summary: 'Cancel the jam (its manager).', params: jamId, body: note(2_000), bodyOptional: true, errors: [403, 404, 409] });
export const JAM_OUTCOMES = route({
  method: 'post',
  path: '/v1/jams/{jamId}/outcomes',
  summary: 'Publish the outcomes of a closed jam (its manager).',
  params: jamId,
  body: z.object({ summary: text(10_000, 1), selectedIdeaIds: z.array(uuid()).max(JAM_SELECTED_MAX) }),
  errors: [403, 404, 409],
});
export const JAM_VOTE = route({ method: 'put', path: '/v1/jams/{jamId}/votes/{ideaId}', summary: 'Vote for an idea of the open jam (within your budget, not your own).', params: z.object({ jamId: uuid(), ideaId: uuid() }), errors: [403, 404, 409] });
export const JAM_UNVOTE = route({ method: 'delete', path: '/v1/jams/{jamId}/votes/{ideaId}', summary: 'Withdraw a vote while the jam is open.', params: z.object({ jamId: uuid(), ideaId: uuid() }), errors: [404, 409] });

// ---- agenda ----
export const SCHEDULE_AGENDA_ITEM = route({
  method: 'post',
  path: '/v1/agenda',
  summary: 'Schedule an agenda item (event or static). Idempotency-Key supported.',
  status: 201,
  body: z.object({ audience: scopedAudienceSchema, details: agendaDetails }),
  headers: CREATE_HEADERS,
  errors: [403, 404, 409],
});
export const UPCOMING_AGENDA = route({ method: 'get', path: '/v1/agenda', summary: 'Upcoming and current agenda items you may see, soonest first (cursor `after`).', query: idPage(20) });
export const GET_AGENDA_ITEM = route({ method: 'get', path: '/v1/agenda/{agendaItemId}', summary: 'An agenda item with RSVP counts, places left and your answer.', params: agendaItemId, errors: [404] });
export const REVISE_AGENDA_ITEM = route({
  method: 'patch',
  path: '/v1/agenda/{agendaItemId}',
  summary: 'Revise the details (organiser).',
  description: 'An event stays an event and a static item stays static.',
  params: agendaItemId,
  body: z.object({ details: agendaDetails }),
  errors: [403, 404, 409],
});
export const CANCEL_AGENDA_ITEM = route({ method: 'post', path: '/v1/agenda/{agendaItemId}/cancel', summary: 'Cancel the item (organiser).', params: agendaItemId, body: note(1_000), bodyOptional: true, errors: [403, 404] });
export const RSVP = route({
  method: 'put',
  path: '/v1/agenda/{agendaItemId}/rsvp',
  summary: 'Answer yes / maybe / no until the event starts; yes needs a free place (409 FEED.EVENT_FULL).',
  params: agendaItemId,
  body: z.object({ answer: z.enum(['yes', 'maybe', 'no']) }),
  errors: [404, 409],
});

// ---- the caller and the document ----
export const ME = route({ method: 'get', path: '/v1/me', summary: 'Who the caller is, as the platform token says.' });
export const FEED_OPENAPI_V1 = route({ method: 'get', path: '/v1/openapi.json', summary: 'This OpenAPI document (also at /openapi.json; no authentication).', auth: 'none' });
