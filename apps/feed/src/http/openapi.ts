import { Controller, Get, Header } from '@nestjs/common';

/**
 * The feed's OpenAPI 3.1 document, served at GET /v1/openapi.json (no authentication). Written
 * from one route table; feed.openapi.int.spec.ts checks that it lists exactly the controllers'
 * routes and that each documented route answers (never the unknown-route 404, never a 5xx).
 */
type Route = readonly [method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, summary: string, body?: string, status?: number];

export const FEED_ROUTES: readonly Route[] = [
  ['post', '/v1/posts', 'Publish a post (kind, audience, call to action). Idempotency-Key supported.', 'PublishPost', 201],
  ['get', '/v1/posts/{postId}', 'A post with its call-to-action progress; 404 when outside your audience.'],
  ['patch', '/v1/posts/{postId}', 'Edit a post (author). A material edit starts a new acknowledgement round.', 'EditPost'],
  ['delete', '/v1/posts/{postId}', 'Delete a post (author, admins, group owners and moderators).', undefined, 204],
  ['get', '/v1/posts/{postId}/history', 'Every version of the content, oldest first.'],
  ['post', '/v1/posts/{postId}/accepted-answer', 'Accept a top-level comment as the answer (question author).', 'AcceptAnswer'],
  ['post', '/v1/posts/{postId}/idea-status', 'Move an idea through its status loop (triagers).', 'IdeaStatus'],
  ['post', '/v1/posts/{postId}/call-to-action/close', 'Close the call to action early (author).'],
  ['post', '/v1/posts/{postId}/acknowledgement', 'Acknowledge having read the post (this round).'],
  ['get', '/v1/posts/{postId}/acknowledgements', 'Who has and has not acknowledged (author and admins), paged by user id.'],
  ['post', '/v1/posts/{postId}/sign-up', 'Sign up / volunteer (capacity and deadline apply).'],
  ['delete', '/v1/posts/{postId}/sign-up', 'Withdraw a sign-up.'],
  ['get', '/v1/posts/{postId}/sign-ups', 'Sign-ups in order; `waitingList` marks any beyond the capacity (none: places are decided exactly).'],
  ['put', '/v1/posts/{postId}/vote', 'Vote (or change the vote) in the poll.', 'Vote'],
  ['get', '/v1/posts/{postId}/comments', 'Comments, oldest first (cursor `after`).'],
  ['post', '/v1/posts/{postId}/comments', 'Comment or reply (one level). Idempotency-Key supported.', 'AddComment', 201],
  ['put', '/v1/posts/{postId}/reaction', 'React (one reaction per person).', 'React'],
  ['delete', '/v1/posts/{postId}/reaction', 'Remove your reaction.', undefined, 204],
  ['get', '/v1/posts/{postId}/reactions', 'Who reacted how.'],
  ['patch', '/v1/comments/{commentId}', 'Edit a comment (author).', 'EditComment'],
  ['delete', '/v1/comments/{commentId}', 'Delete a comment.', undefined, 204],
  ['put', '/v1/comments/{commentId}/reaction', 'React to a comment.', 'React'],
  ['delete', '/v1/comments/{commentId}/reaction', 'Remove your reaction to a comment.', undefined, 204],
  ['get', '/v1/comments/{commentId}/reactions', 'Who reacted how to a comment.'],
  ['post', '/v1/groups', 'Create a group (open, closed, secret). Idempotency-Key supported.', 'CreateGroup', 201],
  ['get', '/v1/groups', 'Groups whose existence you may see.'],
  ['get', '/v1/groups/{groupId}', 'A group; secret groups are 404 to non-members.'],
  ['patch', '/v1/groups/{groupId}', 'Change name, description, or tighten visibility (owners).', 'ChangeGroup'],
  ['get', '/v1/groups/{groupId}/posts', "The group's posts, newest first (cursor)."],
  ['post', '/v1/groups/{groupId}/join', 'Join (open), request to join (closed), accept an invitation (any).'],
  ['post', '/v1/groups/{groupId}/leave', 'Leave, withdraw a request or decline an invitation.', undefined, 204],
  ['get', '/v1/groups/{groupId}/members', 'Members (status=member), requests and invitations (staff).'],
  ['post', '/v1/groups/{groupId}/members/{userId}/{action}', 'approve, decline, invite, add, remove, change-role (staff).'],
  ['get', '/v1/follows', 'What you follow.'],
  ['put', '/v1/follows/{kind}/{key}', 'Follow a person, group or hashtag.'],
  ['delete', '/v1/follows/{kind}/{key}', 'Unfollow.'],
  ['get', '/v1/timelines/home', 'Home timeline, newest first; opaque cursor, stable while posts arrive.'],
  ['get', '/v1/timelines/organisation', 'Explore: every organisation-wide post (also from people you do not follow), newest first; same cursor as home.'],
  ['get', '/v1/timelines/hashtags/{tag}', "A hashtag's posts."],
  ['post', '/v1/jams', 'Schedule an idea jam (managers, community managers, admins). Idempotency-Key supported.', 'ScheduleJam', 201],
  ['get', '/v1/jams/{jamId}', 'A jam with its phase, visible ideas and vote tallies, and your votes left; 404 outside its audience.'],
  ['post', '/v1/jams/{jamId}/close', 'Close the jam early (its manager).'],
  ['post', '/v1/jams/{jamId}/cancel', 'Cancel the jam (its manager).', 'CancelNote'],
  ['post', '/v1/jams/{jamId}/outcomes', 'Publish the outcomes of a closed jam (its manager).', 'JamOutcomes'],
  ['put', '/v1/jams/{jamId}/votes/{ideaId}', 'Vote for an idea of the open jam (within your budget, not your own).'],
  ['delete', '/v1/jams/{jamId}/votes/{ideaId}', 'Withdraw a vote while the jam is open.'],
  ['post', '/v1/agenda', 'Schedule an agenda item (event or static). Idempotency-Key supported.', 'ScheduleAgendaItem', 201],
  ['get', '/v1/agenda', 'Upcoming and current agenda items you may see, soonest first.'],
  ['get', '/v1/agenda/{agendaItemId}', 'An agenda item with RSVP counts, places left and your answer.'],
  ['patch', '/v1/agenda/{agendaItemId}', 'Revise the details (organiser).', 'ReviseAgendaItem'],
  ['post', '/v1/agenda/{agendaItemId}/cancel', 'Cancel the item (organiser).', 'CancelNote'],
  ['put', '/v1/agenda/{agendaItemId}/rsvp', 'Answer yes / maybe / no until the event starts; yes needs a free place (409 FEED.EVENT_FULL).', 'Rsvp'],
];

const problem = { description: 'RFC 9457 problem details', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

export function feedOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [method, path, summary, body, status] of FEED_ROUTES) {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const isCreate = method === 'post' && status === 201;
    (paths[path] ??= {})[method] = {
      summary,
      security: [{ bearer: [] }],
      parameters: [...params, ...(isCreate ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }] : [])],
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${body}` } } } } } : {}),
      responses: {
        [String(status ?? 200)]: { description: status === 204 ? 'Done' : 'OK' },
        '400': problem,
        '401': problem,
        '403': problem,
        '404': problem,
        '409': problem,
      },
    };
  }
  const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required });
  const audience = obj({ kind: { enum: ['organisation', 'followers', 'group'] }, groupId: { type: 'string', format: 'uuid' } }, ['kind']);
  const callToAction = obj(
    { kind: { enum: ['answer', 'share-ideas', 'sign-up', 'acknowledge', 'vote', 'fyi'] }, capacity: { type: 'integer' }, deadline: { type: 'string', format: 'date-time' }, dueAt: { type: 'string', format: 'date-time' }, options: { type: 'array', items: { type: 'string' } }, maxChoices: { type: 'integer' }, closesAt: { type: 'string', format: 'date-time' } },
    ['kind'],
  );
  const attachments = { type: 'array', items: obj({ id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, mediaType: { type: 'string' }, size: { type: 'integer' } }, ['id', 'name', 'mediaType', 'size']) };
  return {
    openapi: '3.1.0',
    info: { title: 'Plein feed', version: '1.0.0', description: 'Posts with calls to action, conversation, groups, home timelines, idea jams and the agenda. Content outside your audience answers 404.' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (platform access token)' } },
      schemas: {
        Problem: obj({ type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' }, code: { type: 'string' }, correlationId: { type: 'string' }, errors: { type: 'array', items: obj({ field: { type: 'string' }, message: { type: 'string' } }) } }, ['type', 'title', 'status', 'code']),
        PublishPost: obj({ audience, kind: { enum: ['update', 'question', 'idea', 'personal', 'article', 'announcement'] }, title: { type: 'string' }, body: { type: 'string', description: 'Markdown subset (docs/feed/markdown.md)' }, attachments, callToAction, jamId: { type: 'string', format: 'uuid' } }, ['audience', 'kind', 'callToAction']),
        EditPost: obj({ title: { type: 'string' }, body: { type: 'string' }, attachments, requestReacknowledgement: { type: 'boolean' } }, ['body']),
        AcceptAnswer: obj({ commentId: { type: 'string', format: 'uuid' } }, ['commentId']),
        IdeaStatus: obj({ status: { enum: ['proposed', 'under-review', 'planned', 'done', 'declined'] }, note: { type: 'string' } }, ['status']),
        Vote: obj({ optionIds: { type: 'array', items: { type: 'string' } } }, ['optionIds']),
        AddComment: obj({ body: { type: 'string' }, parentCommentId: { type: 'string', format: 'uuid' } }, ['body']),
        EditComment: obj({ body: { type: 'string' } }, ['body']),
        React: obj({ kind: { enum: ['like', 'celebrate', 'support', 'insightful', 'curious'] } }, ['kind']),
        CreateGroup: obj({ name: { type: 'string' }, description: { type: 'string' }, visibility: { enum: ['open', 'closed', 'secret'] } }, ['name', 'visibility']),
        ScheduleJam: obj({ audience, title: { type: 'string' }, question: { type: 'string' }, opensAt: { type: 'string', format: 'date-time' }, closesAt: { type: 'string', format: 'date-time' }, votesPerPerson: { type: 'integer', minimum: 1, maximum: 20, default: 3 } }, ['audience', 'title', 'question', 'closesAt']),
        JamOutcomes: obj({ summary: { type: 'string' }, selectedIdeaIds: { type: 'array', items: { type: 'string', format: 'uuid' } } }, ['summary', 'selectedIdeaIds']),
        CancelNote: obj({ note: { type: 'string' } }),
        ScheduleAgendaItem: obj({ audience, details: { $ref: '#/components/schemas/AgendaDetails' } }, ['audience', 'details']),
        ReviseAgendaItem: obj({ details: { $ref: '#/components/schemas/AgendaDetails' } }, ['details']),
        AgendaDetails: obj(
          { kind: { enum: ['event', 'static'] }, title: { type: 'string' }, description: { type: 'string' }, startsAt: { type: 'string', format: 'date-time' }, endsAt: { type: 'string', format: 'date-time' }, location: { type: 'string' }, onlineUrl: { type: 'string', format: 'uri' }, capacity: { type: 'integer', minimum: 1 }, visibleUntil: { type: 'string', format: 'date-time' } },
          ['kind', 'title'],
        ),
        Rsvp: obj({ answer: { enum: ['yes', 'maybe', 'no'] } }, ['answer']),
        ChangeGroup: obj({ name: { type: 'string' }, description: { type: ['string', 'null'] }, visibility: { enum: ['open', 'closed', 'secret'] } }),
      },
    },
  };
}

@Controller('v1')
export class OpenApiController {
  @Get('openapi.json')
  @Header('cache-control', 'public, max-age=300')
  document(): Record<string, unknown> {
    return feedOpenApiDocument();
  }
}
