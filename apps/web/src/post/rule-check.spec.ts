import { blockingWarnings } from './rule-check';

describe('compose-time rule check', () => {
  it('keeps only blocking matches with a public message, at the field they matched', () => {
    expect(
      blockingWarnings({
        outcome: 'block',
        matches: [
          { action: 'block', publicMessage: 'Geen wachtwoorden delen', field: 'body.body' },
          { action: 'flag', publicMessage: 'Wordt bekeken', field: 'body.body' },
          { action: 'block', publicMessage: 'Geen scheldwoorden in de titel', field: 'body.title' },
          { action: 'block', publicMessage: '  ', field: 'body.body' },
          { action: 'block', publicMessage: 'Geen wachtwoorden delen', field: 'body.body' },
        ],
      }),
    ).toEqual([
      { field: 'body', message: 'Geen wachtwoorden delen' },
      { field: 'title', message: 'Geen scheldwoorden in de titel' },
    ]);
  });

  it('treats an answer without matches (or an unexpected shape) as nothing to warn about', () => {
    expect(blockingWarnings({ outcome: 'publish', matches: [] })).toEqual([]);
    expect(blockingWarnings({})).toEqual([]);
  });
});
