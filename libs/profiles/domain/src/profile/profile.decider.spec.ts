import { profilesContracts } from '@plein/profiles/contracts';
import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { deciderSpec } from '@plein/shared/testing';
import { profileDecider, type ProfileEvent } from './profile.decider';

const registry = new ContractRegistry(profilesContracts, []);
const spec = deciderSpec(profileDecider, (event: ProfileEvent) => {
  const contract = registry.contracts().find((c) => c.type === event.type && c.version === event.version)!;
  registry.validate(exampleEnvelope(contract, { data: event.data }));
});
const userId = '01964b1e-0000-7000-8000-000000000101';
const edited = (changes: ProfileEvent['data']['changes']): ProfileEvent => ({ type: 'profiles.profile.edited', version: 1, data: { userId, changes } });

describe('profile decider', () => {
  it('records the edited fields in their canonical form', () => {
    spec
      .given()
      .when({ type: 'EditProfile', userId, changes: { skills: ['  Kubernetes ', 'kubernetes', 'Go'], languages: [{ code: 'NL', level: 'native' }], bio: '  Hi  ' } })
      .then([edited({ skills: ['Kubernetes', 'Go'], languages: [{ code: 'nl', level: 'native' }], bio: 'Hi' })]);
  });

  it('emits only the fields that changed, and nothing for an edit that changes nothing', () => {
    spec.given(edited({ skills: ['Go'], bio: 'Hi' })).when({ type: 'EditProfile', userId, changes: { skills: ['Go'], bio: 'Hello' } }).then([edited({ bio: 'Hello' })]);
    spec.given(edited({ skills: ['Go'] })).when({ type: 'EditProfile', userId, changes: { skills: ['Go'] } }).then([]);
  });

  it('clears the bio and photo with null', () => {
    spec.given(edited({ bio: 'Hi', photoUrl: 'https://x.example/p.jpg' })).when({ type: 'EditProfile', userId, changes: { bio: null, photoUrl: null } }).then([edited({ bio: null, photoUrl: null })]);
  });

  it('refuses bad fields, naming each one', () => {
    spec
      .given()
      .when({
        type: 'EditProfile',
        userId,
        changes: {
          languages: [
            { code: 'nl', level: 'C1' },
            { code: 'nl', level: 'B2' },
          ],
          experience: [{ title: 'Engineer', organisation: 'Acme', from: '2020-05', to: '2019-01' }],
          photoUrl: 'javascript:alert(1)',
        },
      })
      .thenThrows({ code: 'PROFILES.INVALID_PROFILE', kind: 'validation' });
    try {
      profileDecider.decide({ type: 'EditProfile', userId, changes: { languages: [{ code: 'nl', level: 'C1' }, { code: 'nl', level: 'B2' }], experience: [{ title: ' ', organisation: 'Acme', from: '2020-05', to: '2019-01' }], photoUrl: 'http://x.example/p.jpg' } }, profileDecider.initialState());
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect((error as { violations: { field: string }[] }).violations.map((v) => v.field)).toEqual(['languages[1].code', 'experience[0].title', 'experience[0].to', 'photoUrl']);
    }
  });
});
