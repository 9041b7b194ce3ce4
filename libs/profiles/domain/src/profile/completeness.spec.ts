import { profileCompleteness, type CompletenessInput } from './completeness';

const empty: CompletenessInput = { photoUrl: null, skills: [], languages: [], bio: null, askMeAbout: [], interests: [], experience: [] };
const full: CompletenessInput = {
  photoUrl: 'https://x.example/p.jpg',
  title: 'Engineer',
  department: 'Platform',
  managerId: '01964b1e-0000-7000-8000-000000000102',
  skills: ['go', 'kubernetes', 'kafka'],
  languages: [{ code: 'nl', level: 'native' }],
  bio: 'Hi',
  askMeAbout: ['Kafka'],
  interests: ['cycling'],
  experience: [{ title: 'Engineer', organisation: 'Acme', from: '2020-01', to: null }],
};

describe('profile completeness', () => {
  it('is 0 with everything missing, heaviest first', () => {
    expect(profileCompleteness(empty)).toEqual({ score: 0, missing: ['skills', 'photo', 'askMeAbout', 'bio', 'languages', 'title', 'manager', 'department', 'experience', 'interests'] });
  });

  it('is 100 for a full profile', () => {
    expect(profileCompleteness(full)).toEqual({ score: 100, missing: [] });
  });

  it('counts skills only from three on, and blank text as missing', () => {
    expect(profileCompleteness({ ...full, skills: ['go', 'kafka'], bio: '   ' })).toEqual({ score: 70, missing: ['skills', 'bio'] });
  });

  it('does not ask the top of the organisation for a manager', () => {
    expect(profileCompleteness({ ...full, managerId: null }).missing).toEqual(['manager']);
    expect(profileCompleteness({ ...full, managerId: null, topOfOrganisation: true }).score).toBe(100);
  });
});
