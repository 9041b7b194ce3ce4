import { ContractRegistry, ContractViolationError, exampleEnvelope, type EventContract } from '@plein/shared/contracts';
import {
  commentAddedV1,
  feedContracts,
  feedUpcasters,
  followStartedV1,
  groupCreatedV1,
  postDeletedV1,
  postEditedV1,
  postPublishedV1,
  postPublishedV2,
  reactionAddedV1,
  reactionRemovedV1,
  responseRegisteredV1,
  responseVotedV1,
  rosterOpenedV1,
  rosterPlaceTakenV1,
  type GroupCreatedV2,
  type PostEditedV2,
  type PostPublishedV2,
} from './index';

const registry = new ContractRegistry(feedContracts, feedUpcasters);

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

  it('carry the post audience on reactions and responses as an optional field of the same version', () => {
    const group = { kind: 'group', groupId: '01964b1e-0000-7000-8000-000000000421' };
    for (const contract of [reactionAddedV1, reactionRemovedV1, responseRegisteredV1, responseVotedV1] as EventContract[]) {
      const example = contract.example as Record<string, unknown>;
      const { audience: _audience, ...withoutAudience } = example;
      expect(contract.version).toBe(1);
      expect(fieldsRejected(contract, withoutAudience)).toEqual([]);
      expect(fieldsRejected(contract, { ...example, audience: group })).toEqual([]);
      expect(fieldsRejected(contract, { ...example, audience: { kind: 'group' } })).toContain('/data/audience');
    }
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
    const edited = registry.upcast(exampleEnvelope(postEditedV1)).data as PostEditedV2;
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
    ]);
  });
});
