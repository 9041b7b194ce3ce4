import { caseHref, excerpt, moderationPath, offersQueue, parseModerationPath, reasonsByCount } from './logic';

const ID = '0190a8e4-1c2d-7e3f-8a9b-0c1d2e3f4a5b';

describe('moderation paths', () => {
  it('answers the queue, a case, the own page and leaves other paths alone', () => {
    expect(parseModerationPath('/moderation')).toEqual({ name: 'queue' });
    expect(parseModerationPath('/moderation/mine')).toEqual({ name: 'mine' });
    expect(parseModerationPath(`/moderation/cases/comment/${ID.toUpperCase()}`)).toEqual({ name: 'case', contentType: 'comment', contentId: ID });
    expect(parseModerationPath('/moderations')).toBeNull();
    expect(parseModerationPath('/posts/x')).toBeNull();
  });

  it('a bad content type or id is not found, not a request with garbage', () => {
    expect(parseModerationPath(`/moderation/cases/group/${ID}`)).toEqual({ name: 'not-found' });
    expect(parseModerationPath('/moderation/cases/post/not-a-uuid')).toEqual({ name: 'not-found' });
    expect(parseModerationPath(`/moderation/cases/post/${ID}/extra`)).toEqual({ name: 'not-found' });
    expect(parseModerationPath('/moderation/anything')).toEqual({ name: 'not-found' });
  });

  it('a case href parses back to the same case', () => {
    expect(parseModerationPath(caseHref({ contentType: 'post', contentId: ID }))).toEqual({ name: 'case', contentType: 'post', contentId: ID });
  });

  it('pages are bounded to 1..100 and carry the cursor', () => {
    expect(moderationPath.queue('open', null, 500)).toBe('/api/moderation/v1/moderation/queue?status=open&limit=100');
    expect(moderationPath.queue('appealed', 'abc_1', 0)).toBe('/api/moderation/v1/moderation/queue?status=appealed&limit=1&cursor=abc_1');
  });
});

describe('who is offered the queue', () => {
  it('organisation moderators, administrators and HR/legal; not employees or insights viewers', () => {
    expect(offersQueue({ roles: ['employee', 'moderator'] })).toBe(true);
    expect(offersQueue({ roles: ['employee', 'admin'] })).toBe(true);
    expect(offersQueue({ roles: ['employee', 'hr-legal'] })).toBe(true);
    expect(offersQueue({ roles: ['employee', 'insights-viewer', 'community-manager'] })).toBe(false);
  });
});

describe('case details', () => {
  it('reasons most reported first, ties by name, empty counts left out', () => {
    expect(reasonsByCount({ spam: 1, hate: 3, harassment: 1, other: 0 })).toEqual([
      ['hate', 3],
      ['harassment', 1],
      ['spam', 1],
    ]);
  });

  it('excerpts cut on a word boundary with an ellipsis and flatten whitespace', () => {
    expect(excerpt('short\n\ntext')).toBe('short text');
    const cut = excerpt('alpha beta gamma delta epsilon', 20);
    expect(cut).toBe('alpha beta gamma…');
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(excerpt('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

});
