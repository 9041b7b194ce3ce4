import { callToActionOf, instant, type CtaFields } from './compose';

const EMPTY: CtaFields = { options: ['', ''], maxChoices: '1', closesAt: '', dueAt: '', deadline: '', capacity: '' };

describe('composer: the call to action sent', () => {
  it('sends a poll with its options, maxChoices only when not 1, and the closing time as an instant', () => {
    expect(callToActionOf('vote', { ...EMPTY, options: ['Koffie', 'Thee'] })).toEqual({ kind: 'vote', options: ['Koffie', 'Thee'] });
    const closesAt = '2027-01-31T17:00';
    expect(callToActionOf('vote', { ...EMPTY, options: ['a', 'b', 'c'], maxChoices: '2', closesAt })).toEqual({
      kind: 'vote',
      options: ['a', 'b', 'c'],
      maxChoices: 2,
      closesAt: new Date(closesAt).toISOString(),
    });
  });

  it('sends the due date, capacity and deadline only when given', () => {
    expect(callToActionOf('acknowledge', EMPTY)).toEqual({ kind: 'acknowledge' });
    expect(callToActionOf('acknowledge', { ...EMPTY, dueAt: '2027-02-01T09:30' })).toEqual({ kind: 'acknowledge', dueAt: new Date('2027-02-01T09:30').toISOString() });
    expect(callToActionOf('sign-up', { ...EMPTY, capacity: '12' })).toEqual({ kind: 'sign-up', capacity: 12 });
    expect(callToActionOf('sign-up', EMPTY)).toEqual({ kind: 'sign-up' });
  });

  it('sends the fields of the chosen kind only', () => {
    const all: CtaFields = { options: ['a', 'b'], maxChoices: '2', closesAt: '2027-01-01T10:00', dueAt: '2027-01-01T10:00', deadline: '2027-01-01T10:00', capacity: '3' };
    expect(callToActionOf('fyi', all)).toEqual({ kind: 'fyi' });
    expect(callToActionOf('answer', all)).toEqual({ kind: 'answer' });
  });

  it('passes an unreadable date on as typed, so the feed names the field', () => {
    expect(instant('morgen')).toBe('morgen');
    expect(instant('  ')).toBeUndefined();
  });
});
