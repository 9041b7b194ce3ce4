import { ContractRegistry, ContractViolationError, exampleEnvelope, type EventContract } from '@plein/shared/contracts';
import { commentAddedV1, feedContracts, feedUpcasters, postDeletedV1, postPublishedV1, reactionAddedV1 } from './index';

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
      expect(fieldsRejected(postPublishedV1, { ...postPublishedV1.example, audience })).toEqual([]);
    }
    for (const audience of [{ kind: 'group' }, { kind: 'everyone' }, { kind: 'followers', groupId: '01964b1e-0000-7000-8000-000000000421' }]) {
      expect(fieldsRejected(postPublishedV1, { ...postPublishedV1.example, audience })).toContain('/data/audience');
    }
  });

  it('carry the post audience on comments and bound bodies and mentions', () => {
    const { audience: _audience, ...withoutAudience } = commentAddedV1.example;
    expect(fieldsRejected(commentAddedV1, withoutAudience)).toEqual(['/data/audience']);
    expect(fieldsRejected(postPublishedV1, { ...postPublishedV1.example, body: '' })).toEqual(['/data/body']);
    expect(fieldsRejected(postPublishedV1, { ...postPublishedV1.example, body: 'x'.repeat(10_001) })).toEqual(['/data/body']);
  });

  it('refuse unknown reaction kinds and removers', () => {
    expect(fieldsRejected(reactionAddedV1, { ...reactionAddedV1.example, kind: 'dislike' })).toEqual(['/data/kind']);
    expect(fieldsRejected(postDeletedV1, { by: 'robot' })).toEqual(['/data/by']);
    expect(fieldsRejected(postDeletedV1, { by: 'author' })).toEqual([]);
  });

  it('key comments, reactions and memberships by their own small aggregates', () => {
    expect(registry.topics().map((t) => t.topic)).toEqual([
      'feed.comment.events.v1',
      'feed.group.events.v1',
      'feed.member.events.v1',
      'feed.post.events.v1',
      'feed.reaction.events.v1',
    ]);
  });
});
