import type { Audience, GroupVisibility, MemberRole } from '@plein/feed/contracts';
import { canAct, canSee, canSeeComment, canSeeGroup, canSeeGroupContent, visibility, type FeedAction, type Viewer, type VisibilityFacts } from './visibility.policy';

const AUTHOR = '01964b1e-0000-7000-8000-000000000101';
const GROUP = '01964b1e-0000-7000-8000-000000000421';

const viewer = (userId: string, extra: Partial<Viewer> = {}): Viewer => ({ userId, active: true, roles: ['employee'], groupMemberships: new Map(), ...extra });
const member = (role: MemberRole) => new Map([[GROUP, role]]);

/** The viewer columns of docs/feed/visibility.md, in order. */
const VIEWERS: Record<string, Viewer> = {
  author: viewer(AUTHOR, { groupMemberships: member('member') }),
  follower: viewer('follower', { following: new Set([AUTHOR]) }),
  colleague: viewer('colleague'),
  member: viewer('member', { groupMemberships: member('member') }),
  groupModerator: viewer('group-moderator', { groupMemberships: member('moderator') }),
  groupOwner: viewer('group-owner', { groupMemberships: member('owner') }),
  moderator: viewer('moderator', { roles: ['employee', 'moderator'] }),
  admin: viewer('admin', { roles: ['employee', 'admin'] }),
  deactivated: viewer('deactivated', { active: false, groupMemberships: member('owner'), following: new Set([AUTHOR]), roles: ['employee', 'admin'] }),
  formerAuthor: viewer(AUTHOR),
};
const COLUMNS = Object.keys(VIEWERS);

const AUDIENCES: Record<string, [Audience, GroupVisibility | undefined]> = {
  organisation: [{ kind: 'organisation' }, undefined],
  followers: [{ kind: 'followers' }, undefined],
  'open group': [{ kind: 'group', groupId: GROUP }, 'open'],
  'closed group': [{ kind: 'group', groupId: GROUP }, 'closed'],
  'secret group': [{ kind: 'group', groupId: GROUP }, 'secret'],
};
const STATES: Record<string, Pick<VisibilityFacts, 'moderationState' | 'deleted'>> = {
  visible: { moderationState: 'visible', deleted: false },
  hidden: { moderationState: 'hidden', deleted: false },
  removed: { moderationState: 'removed', deleted: false },
  deleted: { moderationState: 'visible', deleted: true },
};

const facts = (audience: string, state: string): VisibilityFacts => {
  const [a, groupVisibility] = AUDIENCES[audience]!;
  return { audience: a, authorId: AUTHOR, ...(groupVisibility ? { groupVisibility } : {}), ...STATES[state]! };
};

// Y = sees it, H = sees it with the "hidden by moderation" notice, . = does not see it.
// Columns: author follower colleague member groupModerator groupOwner moderator admin deactivated formerAuthor
const READ_MATRIX: [string, string, string][] = [
  ['organisation', 'visible', 'Y Y Y Y Y Y Y Y . Y'],
  ['organisation', 'hidden', 'H . . . . . H H . H'],
  ['followers', 'visible', 'Y Y . . . . . . . Y'],
  ['followers', 'hidden', 'H . . . . . . . . H'],
  ['open group', 'visible', 'Y Y Y Y Y Y Y Y . Y'],
  ['open group', 'hidden', 'H . . . H H H H . H'],
  ['closed group', 'visible', 'Y . . Y Y Y . . . .'],
  ['closed group', 'hidden', 'H . . . H H . . . .'],
  ['secret group', 'visible', 'Y . . Y Y Y . . . .'],
  ['secret group', 'hidden', 'H . . . H H . . . .'],
  ...Object.keys(AUDIENCES).flatMap((a): [string, string, string][] => [
    [a, 'removed', '. . . . . . . . . .'],
    [a, 'deleted', '. . . . . . . . . .'],
  ]),
];

// On the moderation tools, organisation moderators and admins see everything not deleted.
// M = sees it with a moderation notice.
const MODERATION_MATRIX: [string, string, string][] = [
  ['closed group', 'visible', 'Y . . Y Y Y Y Y . .'],
  ['secret group', 'hidden', 'H . . . H H M M . .'],
  ['followers', 'removed', '. . . . . . M M . .'],
  ['organisation', 'deleted', '. . . . . . . . . .'],
];

// Acting: c = comment/react/respond, e = edit, d = delete; '-' = nothing.
const ACT_MATRIX: [string, string, string][] = [
  ['organisation', 'visible', 'ced c c c c c c cd - ced'],
  ['organisation', 'hidden', 'ed - - - - - - d - ed'],
  ['followers', 'visible', 'ced c - - - - - - - ced'],
  ['open group', 'visible', 'ced c c c cd cd c cd - ced'],
  ['open group', 'hidden', 'ed - - - d d - d - ed'],
  ['closed group', 'visible', 'ced - - c cd cd - - - -'],
  ['secret group', 'hidden', 'ed - - - d d - - - -'],
  ['secret group', 'removed', '- - - - - - - - - -'],
];

const cells = (row: string) => {
  const values = row.split(' ');
  expect(values).toHaveLength(COLUMNS.length);
  return COLUMNS.map((column, k) => [column, values[k]!] as const);
};

describe('visibility policy', () => {
  it('covers every audience x state combination in the read matrix', () => {
    expect(new Set(READ_MATRIX.map(([a, s]) => `${a}/${s}`)).size).toBe(Object.keys(AUDIENCES).length * Object.keys(STATES).length);
  });

  it.each(READ_MATRIX)('read: %s post, %s', (audience, state, row) => {
    for (const [column, expected] of cells(row)) {
      const decision = visibility(VIEWERS[column]!, facts(audience, state));
      const actual = !decision.visible ? '.' : decision.notice === 'hidden-by-moderation' ? 'H' : 'Y';
      expect([column, actual]).toEqual([column, expected]);
      expect(canSee(VIEWERS[column]!, facts(audience, state))).toBe(expected !== '.');
    }
  });

  it.each(MODERATION_MATRIX)('moderation tools: %s post, %s', (audience, state, row) => {
    for (const [column, expected] of cells(row)) {
      const decision = visibility(VIEWERS[column]!, facts(audience, state), 'moderation');
      const actual = !decision.visible ? '.' : decision.notice === undefined ? 'Y' : column === 'moderator' || column === 'admin' ? 'M' : 'H';
      expect([column, actual]).toEqual([column, expected]);
    }
  });

  it.each(ACT_MATRIX)('act: %s post, %s', (audience, state, row) => {
    const letters: Record<FeedAction, string> = { comment: 'c', react: 'c', respond: 'c', edit: 'e', delete: 'd' };
    for (const [column, expected] of cells(row)) {
      for (const [action, letter] of Object.entries(letters) as [FeedAction, string][]) {
        expect([column, action, canAct(VIEWERS[column]!, facts(audience, state), action)]).toEqual([column, action, expected.includes(letter)]);
      }
    }
  });

  it('treats a group of unknown visibility as secret (fails closed)', () => {
    const post: VisibilityFacts = { audience: { kind: 'group', groupId: GROUP }, authorId: AUTHOR, moderationState: 'visible', deleted: false };
    expect(canSee(VIEWERS['colleague']!, post)).toBe(false);
    expect(canSee(VIEWERS['member']!, post)).toBe(true);
  });

  it('follows the current follow state: unfollowing loses followers-only posts', () => {
    expect(canSee(viewer('x', { following: new Set([AUTHOR]) }), facts('followers', 'visible'))).toBe(true);
    expect(canSee(viewer('x', { following: new Set() }), facts('followers', 'visible'))).toBe(false);
    expect(canSee(viewer('x'), facts('followers', 'visible'))).toBe(false);
  });

  it('shows a hidden comment to its author and moderators only, never a comment of an invisible post', () => {
    const comment = { authorId: 'commenter', moderationState: 'hidden' as const, deleted: false };
    expect(canSeeComment(viewer('commenter'), facts('organisation', 'visible'), comment)).toBe(true);
    expect(canSeeComment(VIEWERS['colleague']!, facts('organisation', 'visible'), comment)).toBe(false);
    expect(canSeeComment(VIEWERS['moderator']!, facts('organisation', 'visible'), comment)).toBe(true);
    expect(canSeeComment(VIEWERS['groupModerator']!, facts('closed group', 'visible'), comment)).toBe(true);
    expect(canSeeComment(viewer('commenter'), facts('closed group', 'visible'), comment)).toBe(false);
    expect(canSeeComment(VIEWERS['follower']!, facts('followers', 'visible'), { ...comment, moderationState: 'visible' })).toBe(true);
    expect(canSeeComment(VIEWERS['follower']!, facts('followers', 'visible'), { ...comment, moderationState: 'visible', deleted: true })).toBe(false);
  });

  it('shows closed groups but not secret ones to non-members, and group content to members only', () => {
    const group = (visibility: GroupVisibility) => ({ groupId: GROUP, visibility });
    expect(['open', 'closed', 'secret'].map((v) => canSeeGroup(VIEWERS['colleague']!, group(v as GroupVisibility)))).toEqual([true, true, false]);
    expect(['open', 'closed', 'secret'].map((v) => canSeeGroupContent(VIEWERS['colleague']!, group(v as GroupVisibility)))).toEqual([true, false, false]);
    expect(['open', 'closed', 'secret'].map((v) => canSeeGroupContent(VIEWERS['member']!, group(v as GroupVisibility)))).toEqual([true, true, true]);
    expect(canSeeGroup(VIEWERS['deactivated']!, group('open'))).toBe(false);
  });
});
