import { ContractRegistry, ContractViolationError, exampleEnvelope, type EventContract, type JsonSchema } from '@plein/shared/contracts';
import {
  audienceSchema,
  commentAddedV1,
  commentEditedV1,
  feedContracts,
  feedUpcasters,
  followStartedV1,
  groupAudienceSchema,
  groupCreatedV1,
  groupCreatedV2,
  groupDetailsChangedV1,
  memberJoinRequestedV1,
  postDeletedV1,
  postEditedV1,
  postPublishedV1,
  postEditedV2,
  postPublishedV2,
  reactionAddedV1,
  reactionAddedV2,
  reactionRemovedV1,
  reactionRemovedV2,
  responseRegisteredV1,
  responseRegisteredV2,
  responseVotedV1,
  responseVotedV2,
  rsvpAnsweredV1,
  scopedAudienceSchema,
  UNKNOWN_AUDIENCE,
  rosterOpenedV1,
  rosterPlaceTakenV1,
  rosterPlaceReleasedV1,
  type GroupCreatedV2,
  type PostEditedV3,
  type PostPublishedV2,
} from './index';

const registry = new ContractRegistry(feedContracts, feedUpcasters);

/**
 * Fields that hold what people wrote or chose (anywhere in the data, nested ones included). An event
 * with one of them carries content, or names something that may be secret (a group's name).
 */
const CONTENT_FIELDS = new Set(['body', 'title', 'note', 'message', 'name', 'description', 'summary', 'question', 'details', 'changes', 'options', 'label', 'answer', 'location']);
/**
 * Aggregates that record people's responses to content (reactions, poll votes, jam votes, RSVPs,
 * and the roster of who holds a sign-up or event place): as private as the content.
 */
const RESPONSE_AGGREGATES = new Set(['reaction', 'response', 'jamballot', 'rsvp', 'roster']);
const AUDIENCE_SCHEMAS = [audienceSchema, scopedAudienceSchema, groupAudienceSchema];

function propertyNames(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const { properties, items, oneOf } = schema as { properties?: Record<string, JsonSchema>; items?: JsonSchema; oneOf?: JsonSchema[] };
  const nested = [...Object.values(properties ?? {}), ...(items ? [items] : []), ...(oneOf ?? [])];
  return [...Object.keys(properties ?? {}), ...nested.flatMap(propertyNames)];
}
const needsAudience = (contract: EventContract): boolean => RESPONSE_AGGREGATES.has(contract.aggregateType) || propertyNames(contract.schema).some((n) => CONTENT_FIELDS.has(n));
const requiresAudience = (contract: EventContract): boolean => ((contract.schema['required'] ?? []) as string[]).includes('audience');
const latestContracts = () => feedContracts.filter((c) => c.version === registry.latestVersion(c.type));

function fieldsRejected<T>(contract: EventContract<T>, data: unknown): string[] {
  try {
    registry.validate(exampleEnvelope(contract, { data: data as T }));
  } catch (error) {
    expect(error).toBeInstanceOf(ContractViolationError);
    return [...new Set((error as ContractViolationError).violations.map((v) => v.field))];
  }
  return [];
}

describe('feed contracts', () => {
  it('accept each audience kind and refuse malformed ones', () => {
    for (const audience of [{ kind: 'organisation' }, { kind: 'followers' }, { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' }]) {
      expect(fieldsRejected(postPublishedV2, { ...postPublishedV2.example, audience })).toEqual([]);
    }
    for (const audience of [{ kind: 'group' }, { kind: 'everyone' }, { kind: 'followers', groupId: '01964b1e-0000-7000-8000-000000000421' }]) {
      expect(fieldsRejected(postPublishedV2, { ...postPublishedV2.example, audience })).toContain('/data/audience');
    }
  });

  it('carry the post audience on comments and bound bodies and mentions', () => {
    const { audience: _audience, ...withoutAudience } = commentAddedV1.example;
    expect(fieldsRejected(commentAddedV1, withoutAudience)).toEqual(['/data/audience']);
    expect(fieldsRejected(postPublishedV1, { ...postPublishedV1.example, body: '' })).toEqual(['/data/body']);
    expect(fieldsRejected(postPublishedV2, { ...postPublishedV2.example, body: 'x'.repeat(40_001) })).toEqual(['/data/body']);
    expect(fieldsRejected(postPublishedV2, { ...postPublishedV2.example, body: 'x'.repeat(40_000) })).toEqual([]);
  });

  it('require the audience on every latest event that carries content, names a group or responds to content', () => {
    // The rule sees what it must: the versions before the audience was required fail it.
    for (const old of [
      postEditedV2,
      commentEditedV1,
      groupCreatedV2,
      groupDetailsChangedV1,
      memberJoinRequestedV1,
      reactionAddedV1,
      responseVotedV1,
      rsvpAnsweredV1,
      rosterOpenedV1,
      rosterPlaceTakenV1,
      rosterPlaceReleasedV1,
    ] as EventContract[]) {
      expect([old.key, needsAudience(old), requiresAudience(old)]).toEqual([old.key, true, false]);
    }
    const missing = latestContracts().filter((c) => needsAudience(c) && !requiresAudience(c)).map((c) => c.key);
    expect(missing).toEqual([]);
    for (const contract of latestContracts().filter(requiresAudience)) {
      const audience = (contract.schema['properties'] as Record<string, JsonSchema>)['audience'];
      expect([contract.key, AUDIENCE_SCHEMAS.includes(audience!)]).toEqual([contract.key, true]);
      const { audience: _audience, ...withoutAudience } = contract.example as Record<string, unknown>;
      expect([contract.key, fieldsRejected(contract, withoutAudience)]).toEqual([contract.key, ['/data/audience']]);
    }
  });

  it('require the post audience on reactions and responses from version 2, and upcast v1 without one to the unknown audience', () => {
    const group = { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' };
    for (const [v1, v2] of [
      [reactionAddedV1, reactionAddedV2],
      [reactionRemovedV1, reactionRemovedV2],
      [responseRegisteredV1, responseRegisteredV2],
      [responseVotedV1, responseVotedV2],
    ] as [EventContract, EventContract][]) {
      const example = v2.example as Record<string, unknown>;
      const { audience: _audience, ...withoutAudience } = example;
      expect([v1.deprecated, v2.version, registry.latestVersion(v2.type)]).toEqual([true, 2, 2]);
      expect(fieldsRejected(v2, withoutAudience)).toEqual(['/data/audience']);
      expect(fieldsRejected(v2, { ...example, audience: { kind: 'group' } })).toContain('/data/audience');
      const upcast = (data: object) => registry.upcast(exampleEnvelope(v1, { data })).data as Record<string, unknown>;
      expect(upcast(withoutAudience)).toEqual({ ...withoutAudience, audience: UNKNOWN_AUDIENCE });
      expect(upcast({ ...withoutAudience, audience: group })).toEqual({ ...withoutAudience, audience: group });
    }
  });

  it('upcast content events written before their audience to the narrowest audience: the nil group, secret for groups', () => {
    const latest = (contract: EventContract, data: object = contract.example as object) => registry.upcast(exampleEnvelope(contract, { data })).data as { audience: unknown };
    expect(latest(postEditedV1).audience).toEqual(UNKNOWN_AUDIENCE);
    expect(latest(commentEditedV1).audience).toEqual(UNKNOWN_AUDIENCE);
    expect(latest(rsvpAnsweredV1).audience).toEqual(UNKNOWN_AUDIENCE);
    for (const roster of [rosterOpenedV1, rosterPlaceTakenV1, rosterPlaceReleasedV1] as EventContract[]) {
      expect([roster.key, latest(roster)]).toEqual([roster.key, { ...(roster.example as object), audience: UNKNOWN_AUDIENCE }]);
    }
    expect(latest(groupDetailsChangedV1).audience).toEqual({ ...UNKNOWN_AUDIENCE, visibility: 'secret' });
    expect(latest(memberJoinRequestedV1).audience).toEqual({ ...UNKNOWN_AUDIENCE, visibility: 'secret' });
    // A created group's visibility is known from the event itself.
    expect(latest(groupCreatedV1, { ...groupCreatedV1.example, visibility: 'public' }).audience).toEqual({ ...UNKNOWN_AUDIENCE, visibility: 'open' });
  });

  it('keep rosters to place holders, bounded', () => {
    expect(fieldsRejected(rosterOpenedV1, { subject: 'agendaitem', holders: ['01964b1e-0000-7000-8000-000000000105'] })).toEqual([]);
    expect(fieldsRejected(rosterOpenedV1, { subject: 'group', holders: [] })).toEqual(['/data/subject']);
    expect(fieldsRejected(rosterPlaceTakenV1, { userId: '01964b1e-0000-7000-8000-000000000105' })).toEqual([]);
    expect(fieldsRejected(rosterPlaceTakenV1, { userId: '01964b1e-0000-7000-8000-000000000105', capacity: 0 })).toEqual(['/data/capacity']);
  });

  it('discriminate calls to action by kind and bound polls', () => {
    const withCta = (callToAction: unknown) => fieldsRejected(postPublishedV2, { ...postPublishedV2.example, callToAction });
    expect(withCta({ kind: 'sign-up', capacity: 12, deadline: '2026-02-01T00:00:00.000Z' })).toEqual([]);
    expect(withCta({ kind: 'vote', options: [{ id: '1', label: 'A' }, { id: '2', label: 'B' }], maxChoices: 1 })).toEqual([]);
    expect(withCta({ kind: 'vote', options: [{ id: '1', label: 'A' }], maxChoices: 1 })).toContain('/data/callToAction');
    expect(withCta({ kind: 'fyi', capacity: 3 })).toContain('/data/callToAction');
    expect(withCta({ kind: 'sign-up', capacity: 0 })).toContain('/data/callToAction');
    expect(withCta({ kind: 'broadcast' })).toContain('/data/callToAction');
  });

  it('accept normalised unicode hashtags only', () => {
    expect(fieldsRejected(postPublishedV2, { ...postPublishedV2.example, hashtags: ['café', ' 日本', 'x_1'] })).toEqual(['/data/hashtags/1']);
    expect(fieldsRejected(postPublishedV2, { ...postPublishedV2.example, hashtags: ['2026'] })).toEqual(['/data/hashtags/0']);
    expect(fieldsRejected(followStartedV1, { ...followStartedV1.example, target: { kind: 'hashtag', tag: 'ünïcode' } })).toEqual([]);
    expect(fieldsRejected(postPublishedV2, { ...postPublishedV2.example, links: ['javascript:alert(1)'] })).toEqual(['/data/links/0']);
  });

  it('refuse unknown reaction kinds, removers and poll option ids', () => {
    expect(fieldsRejected(reactionAddedV1, { ...reactionAddedV1.example, kind: 'dislike' })).toEqual(['/data/kind']);
    expect(fieldsRejected(postDeletedV1, { by: 'robot' })).toEqual(['/data/by']);
    expect(fieldsRejected(postDeletedV1, { by: 'author' })).toEqual([]);
    expect(fieldsRejected(responseVotedV1, { ...responseVotedV1.example, optionIds: [] })).toEqual(['/data/optionIds']);
    expect(fieldsRejected(responseVotedV1, { ...responseVotedV1.example, optionIds: ['11'] })).toEqual(['/data/optionIds/0']);
  });

  it('upcast v1 posts to fyi updates and v1 edits to non-material edits', () => {
    const published = registry.upcast(exampleEnvelope(postPublishedV1)).data as PostPublishedV2;
    expect(published).toEqual({ ...postPublishedV1.example, kind: 'update', hashtags: [], links: [], attachments: [], callToAction: { kind: 'fyi' } });
    const edited = registry.upcast(exampleEnvelope(postEditedV1)).data as PostEditedV3;
    expect(edited.material).toBe(false);
  });

  it('upcast v1 group visibilities: public is open, private is closed', () => {
    const upcast = (visibility: string) => (registry.upcast(exampleEnvelope(groupCreatedV1, { data: { ...groupCreatedV1.example, visibility } as never })).data as GroupCreatedV2).visibility;
    expect([upcast('public'), upcast('private')]).toEqual(['open', 'closed']);
  });

  it('key small aggregates (comments, reactions, memberships, responses, follows, ballots, RSVPs, rosters) by their own topics', () => {
    expect(registry.topics().map((t) => t.topic)).toEqual([
      'feed.agendaitem.events.v1',
      'feed.comment.events.v1',
      'feed.follow.events.v1',
      'feed.group.events.v1',
      'feed.ideajam.events.v1',
      'feed.jamballot.events.v1',
      'feed.member.events.v1',
      'feed.post.events.v1',
      'feed.reaction.events.v1',
      'feed.response.events.v1',
      'feed.roster.events.v1',
      'feed.rsvp.events.v1',
      'feed.screening.events.v1',
    ]);
  });
});
