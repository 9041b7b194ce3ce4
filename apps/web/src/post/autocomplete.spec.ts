import { applyPick, knownHashtags, matchHashtags, mentionText, moveActive, rankPeople, rememberHashtags, tokenAt } from './autocomplete';

describe('autocomplete: the token at the caret', () => {
  it('finds a mention and a hashtag being typed', () => {
    expect(tokenAt('hoi @ger', 8)).toEqual({ kind: 'mention', query: 'ger', start: 4, end: 8 });
    expect(tokenAt('over #plei en', 10)).toEqual({ kind: 'hashtag', query: 'plei', start: 5, end: 10 });
    expect(tokenAt('@', 1)).toEqual({ kind: 'mention', query: '', start: 0, end: 1 });
  });

  it('ignores what the feed does not read as a mention or hashtag', () => {
    expect(tokenAt('mail me@example', 15)).toBeNull();
    expect(tokenAt('C#', 2)).toBeNull();
    expect(tokenAt('\\#no', 4)).toBeNull();
    expect(tokenAt('hoi @ger ', 9)).toBeNull();
    expect(tokenAt('#a-b', 4)).toBeNull();
    expect(tokenAt('@[0b7c', 6)).toBeNull();
  });

  it('looks back a bounded distance only', () => {
    expect(tokenAt(`@${'a'.repeat(100_000)}`, 100_001)).toBeNull();
  });

  it('replaces the token with the pick and a space, caret after it', () => {
    const token = tokenAt('hoi @ger!', 8)!;
    expect(applyPick('hoi @ger!', token, '@gert')).toEqual({ text: 'hoi @gert !', caret: 10 });
    const end = tokenAt('x #pl', 5)!;
    expect(applyPick('x #pl', end, '#plein')).toEqual({ text: 'x #plein ', caret: 9 });
  });

  it('writes a handle when it is one, else the id form', () => {
    expect(mentionText({ userId: 'u1', userName: 'gert.jansen' })).toBe('@gert.jansen');
    expect(mentionText({ userId: 'u1', userName: 'gert.jansen@demo.plein.dev' })).toBe('@gert.jansen@demo.plein.dev');
    expect(mentionText({ userId: 'u1', userName: 'gert.' })).toBe('@[u1]');
    expect(mentionText({ userId: '0b7c2f6e-3d4a-4f0e-9a51-2c8e7d1b6a90', userName: 'met spatie' })).toBe('@[0b7c2f6e-3d4a-4f0e-9a51-2c8e7d1b6a90]');
  });
});

describe('autocomplete: suggestions', () => {
  it('offers known hashtags by prefix, shortest first, without the exact word', () => {
    expect(matchHashtags(['planning', 'plein', 'plein2026', 'koffie'], 'PL')).toEqual(['plein', 'planning', 'plein2026']);
    expect(matchHashtags(['plein'], 'plein')).toEqual([]);
  });

  it('puts people whose name starts with the query first', () => {
    const people = [{ name: 'Anna de Gert' }, { name: 'Bert' }, { name: 'Gert Jansen' }];
    expect(rankPeople(people, 'ger').map((p) => p.name)).toEqual(['Anna de Gert', 'Gert Jansen', 'Bert']);
  });

  it('moves the active option with the arrow keys, wrapping around', () => {
    expect(moveActive(null, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(null, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(1, 3, 'End')).toBe(2);
    expect(moveActive(1, 3, 'a')).toBeUndefined();
    expect(moveActive(null, 0, 'ArrowDown')).toBeUndefined();
  });

  it('remembers hashtags met, most recent kept when full', () => {
    rememberHashtags(['een', 'twee']);
    for (let k = 0; k < 600; k++) rememberHashtags([`tag${k}`]);
    rememberHashtags(['twee']);
    const tags = knownHashtags();
    expect(tags.size).toBe(500);
    expect(tags.has('twee')).toBe(true);
    expect(tags.has('een')).toBe(false);
  });
});
