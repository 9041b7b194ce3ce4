import type { PostContent } from '@plein/feed/contracts';
import { isMaterialEdit } from './material-edit';

const content = (body: string, extra: Partial<PostContent> = {}): PostContent => ({ body, mentions: [], hashtags: [], links: [], attachments: [], ...extra });
const BEFORE = content('The **new** policy applies from 1 March to everyone in Utrecht. Please recieve the badge at the desk.');

describe('isMaterialEdit', () => {
  it.each([
    ['formatting', 'The *new* policy applies from 1 March to everyone in Utrecht. Please recieve the badge at the desk.'],
    ['case, punctuation and whitespace', 'the NEW policy applies from 1 March, to everyone in Utrecht!\nPlease recieve the badge at the desk'],
    ['a typo fix (swapped letters)', 'The **new** policy applies from 1 March to everyone in Utrecht. Please receive the badge at the desk.'],
    ['a typo fix (missing letter)', 'The **new** policy applies from 1 March to everyone in Utrecht. Please recieve the badge at the front desk.'.replace(' front', '').replace('policy', 'polcy')],
  ])('is not material: %s', (_what, after) => {
    expect(isMaterialEdit(BEFORE, content(after))).toBe(false);
  });

  it.each([
    ['a changed date', 'The **new** policy applies from 8 March to everyone in Utrecht. Please recieve the badge at the desk.'],
    ['a changed word', 'The **new** policy applies from 1 March to everyone in Amsterdam. Please recieve the badge at the desk.'],
    ['an added word', 'The **new** policy applies from 1 March to everyone in Utrecht. Please do not recieve the badge at the desk.'],
    ['a short word flipped', 'The **new** policy applies from 1 March to everyone in Utrecht. Please recieve the badge at the desk now.'.replace(' now.', '.').replace('to everyone', 'no everyone')],
    ['three typo fixes', 'The **new** polcy appplies frm 1 March to everyone in Utrecht. Please recieve the badge at the desk.'.replace('frm', 'from').replace('Please', 'Plese').replace('desk', 'dsk')],
  ])('is material: %s', (_what, after) => {
    expect(isMaterialEdit(BEFORE, content(after))).toBe(true);
  });

  it('is material when title, links, attachments or mentions change', () => {
    expect(isMaterialEdit(BEFORE, { ...BEFORE, title: 'Badges' })).toBe(true);
    expect(isMaterialEdit(BEFORE, { ...BEFORE, links: ['https://x.example/'] })).toBe(true);
    expect(isMaterialEdit(BEFORE, { ...BEFORE, attachments: [{ id: '01964b1e-0000-7000-8000-000000000601', name: 'a.pdf', mediaType: 'application/pdf', size: 1 }] })).toBe(true);
    expect(isMaterialEdit(BEFORE, { ...BEFORE, mentions: ['01964b1e-0000-7000-8000-000000000101'] })).toBe(true);
  });
});
