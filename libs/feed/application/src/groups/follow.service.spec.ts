import { NotFoundError } from '@plein/shared/kernel';
import type { FeedDependencies, RequestContext } from '../context';
import { FollowService } from './follow.service';

/**
 * Following something the caller cannot follow because it is not there (a person nobody
 * provisioned or who left, a secret group) answers one way: a not-found error, checked before the
 * command reaches the event store, with the same shape for every kind of target.
 */
describe('FollowService: a missing target answers 404 like any other', () => {
  const ann = '019a0000-0000-7000-8000-00000000a001';
  const bram = '019a0000-0000-7000-8000-00000000b002';
  const ghost = '019a0000-0000-7000-8000-00000000dead';
  const secret = '019a0000-0000-7000-8000-00000000c003';
  const ctx: RequestContext = { caller: { userId: ann, roles: ['employee'] }, correlationId: 'test' };

  function service(): FollowService {
    const users: Record<string, { userId: string; active: boolean; roles: string[] }> = {
      [ann]: { userId: ann, active: true, roles: ['employee'] },
      [bram]: { userId: bram, active: false, roles: ['employee'] },
    };
    const readModels = {
      users: { user: async (id: string) => users[id] ?? null },
      groups: {
        membershipsOf: async () => new Map(),
        group: async (id: string) => (id === secret ? { groupId: secret, name: 'Board', visibility: 'secret', ownerId: bram, createdAt: '' } : null),
      },
      follows: { followedPeople: async () => new Set() },
    } as unknown as FeedDependencies['readModels'];
    const unreachable = new Proxy({}, { get: () => () => Promise.reject(new Error('the command reached the event store')) });
    return new FollowService({ readModels, store: unreachable, projector: unreachable } as unknown as FeedDependencies);
  }

  const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
  const shape = (error: unknown) =>
    error instanceof NotFoundError ? { notFound: true, kind: error.kind, code: error.code.replace(/^FEED\.[A-Z_]+_NOT_FOUND$/, 'FEED.<WHAT>_NOT_FOUND'), message: error.message.replace(/^\S+ \S+ /, '<what> <id> ') } : error;

  it.each([
    ['a person nobody provisioned', ghost, 'FEED.PERSON_NOT_FOUND'],
    ['a person who was deactivated', bram, 'FEED.PERSON_NOT_FOUND'],
  ])('refuses %s as not found, before any write', async (_what, userId, code) => {
    const error = await failure(service().follow(ctx, { kind: 'person', userId }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ kind: 'not-found', code, message: `person ${userId} does not exist` });
  });

  it('answers a missing person exactly like a secret group (same error, same shape)', async () => {
    const person = await failure(service().follow(ctx, { kind: 'person', userId: ghost }));
    const group = await failure(service().follow(ctx, { kind: 'group', groupId: secret }));
    expect(group).toMatchObject({ code: 'FEED.GROUP_NOT_FOUND' });
    expect(shape(person)).toEqual(shape(group));
    expect(Object.getPrototypeOf(person)).toBe(Object.getPrototypeOf(group));
  });
});
