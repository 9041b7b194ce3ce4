import { defineTopic, topicName } from '@plein/shared/contracts';

const ID = '01964b1e-0000-7000-8000-0000000004';

/**
 * One topic per aggregate type (docs/contracts.md, "Naming"). Comments, reactions and group
 * memberships are their own small aggregates (bounded streams), so each has its own topic keyed
 * by its own id.
 */
export const feedPostTopic = defineTopic({
  name: topicName('feed', 'post', 1),
  aggregateType: 'post',
  description: 'Posts: publication, edits, deletion and moderation state. Every event carries what a consumer needs to enforce visibility.',
  key: { description: 'postId (UUIDv7).', example: `${ID}01` },
});

export const feedCommentTopic = defineTopic({
  name: topicName('feed', 'comment', 1),
  aggregateType: 'comment',
  description: 'Comments on posts (one level of replies via parentCommentId).',
  key: { description: 'commentId (UUIDv7).', example: `${ID}11` },
});

export const feedReactionTopic = defineTopic({
  name: topicName('feed', 'reaction', 1),
  aggregateType: 'reaction',
  description: 'Reactions of one person to one post or comment (at most one per person and target).',
  key: { description: '`<targetId>:<userId>`: one reaction aggregate per person and target.', example: `${ID}01:01964b1e-0000-7000-8000-000000000101` },
});

export const feedGroupTopic = defineTopic({
  name: topicName('feed', 'group', 1),
  aggregateType: 'group',
  description: 'Community groups of the feed (not the directory groups of identity).',
  key: { description: 'groupId (UUIDv7).', example: `${ID}21` },
});

export const feedMemberTopic = defineTopic({
  name: topicName('feed', 'member', 1),
  aggregateType: 'member',
  description: 'Membership of one person in one community group.',
  key: { description: '`<groupId>:<userId>`: one membership aggregate per person and group.', example: `${ID}21:01964b1e-0000-7000-8000-000000000101` },
});

export const feedResponseTopic = defineTopic({
  name: topicName('feed', 'response', 1),
  aggregateType: 'response',
  description:
    "One person's response to a post's call to action: acknowledgement, sign-up, poll vote. Its own small aggregate so an organisation-wide announcement with 100k acknowledgements keeps the post stream small.",
  key: { description: '`<postId>:<userId>`: one response aggregate per person and post.', example: `${ID}01:01964b1e-0000-7000-8000-000000000101` },
});

export const feedFollowTopic = defineTopic({
  name: topicName('feed', 'follow', 1),
  aggregateType: 'follow',
  description: 'A person following another person, a group or a hashtag (drives the home timeline).',
  key: {
    description: '`<followerId>:person:<userId>`, `<followerId>:group:<groupId>` or `<followerId>:hashtag:<tag>` (tag normalised).',
    example: '01964b1e-0000-7000-8000-000000000101:hashtag:research',
  },
});

export const feedIdeaJamTopic = defineTopic({
  name: topicName('feed', 'ideajam', 1),
  aggregateType: 'ideajam',
  description: 'Idea jams: time-boxed idea campaigns a manager runs (the ideas are posts of kind idea with the jamId).',
  key: { description: 'jamId (UUIDv7).', example: `${ID}31` },
});

export const feedJamBallotTopic = defineTopic({
  name: topicName('feed', 'jamballot', 1),
  aggregateType: 'jamballot',
  description: "One person's votes in one idea jam (bounded by the jam's votes per person).",
  key: { description: '`<jamId>:<userId>`.', example: `${ID}31:01964b1e-0000-7000-8000-000000000101` },
});

export const feedAgendaItemTopic = defineTopic({
  name: topicName('feed', 'agendaitem', 1),
  aggregateType: 'agendaitem',
  description: 'Agenda items: events (with a time, place and RSVP) and static items; they live outside the news feed.',
  key: { description: 'agendaItemId (UUIDv7).', example: `${ID}41` },
});

export const feedRsvpTopic = defineTopic({
  name: topicName('feed', 'rsvp', 1),
  aggregateType: 'rsvp',
  description: "One person's RSVP to one agenda event.",
  key: { description: '`<agendaItemId>:<userId>`.', example: `${ID}41:01964b1e-0000-7000-8000-000000000101` },
});

export const feedRosterTopic = defineTopic({
  name: topicName('feed', 'roster', 1),
  aggregateType: 'roster',
  description:
    'The places of one capacity-limited sign-up call to action or agenda event: who holds one. The decision whether a place is free is taken on this one stream, so capacity is exact; the per-person facts stay feed.response.registered and feed.rsvp.answered.',
  key: { description: 'postId (sign-up) or agendaItemId (event), UUIDv7.', example: `${ID}01` },
});
