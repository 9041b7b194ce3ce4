import { ContractRegistry, ContractViolationError, exampleEnvelope } from '@plein/shared/contracts';
import { profileEditedV1, profilesContracts, profilesUpcasters, taxonomyTermChangedV1, taxonomyTermDefinedV1, taxonomyTermRetiredV1 } from './index';

const registry = new ContractRegistry(profilesContracts, profilesUpcasters);
const edited = (changes: Record<string, unknown>) => exampleEnvelope(profileEditedV1, { data: { userId: profileEditedV1.example.userId, changes } as never });

describe('profiles contracts', () => {
  it('publish profile edits keyed by the person and taxonomy changes keyed by the term', () => {
    expect(profileEditedV1.topic).toBe('profiles.profile.events.v1');
    expect([taxonomyTermDefinedV1, taxonomyTermChangedV1, taxonomyTermRetiredV1].map((c) => c.topic)).toEqual(Array(3).fill('profiles.taxonomy.events.v1'));
    for (const contract of profilesContracts) expect(() => registry.validate(exampleEnvelope(contract))).not.toThrow();
  });

  it.each([
    ['no change at all', {}],
    ['an unknown field', { extra: 1 }],
    ['a language code that is not ISO 639-1', { languages: [{ code: 'dutch', level: 'C1' }] }],
    ['a language level outside A1..C2 and native', { languages: [{ code: 'nl', level: 'fluent' }] }],
    ['a photo over plain http', { photoUrl: 'http://cdn.example.org/a.jpg' }],
    ['a month 13', { experience: [{ title: 'x', organisation: 'y', from: '2020-13', to: null }] }],
    ['a skill twice', { skills: ['go', 'go'] }],
    ['too many skills', { skills: Array.from({ length: 51 }, (_, i) => `skill ${i}`) }],
    ['a bio over 4,000 characters', { bio: 'x'.repeat(4_001) }],
  ])('refuse an edit with %s', (_, changes) => {
    expect(() => registry.validate(edited(changes))).toThrow(ContractViolationError);
  });

  it('accept clearing the bio and photo', () => {
    expect(() => registry.validate(edited({ bio: null, photoUrl: null }))).not.toThrow();
  });

  it('refuse a term id that is not a slug and a change that changes nothing', () => {
    expect(() => registry.validate(exampleEnvelope(taxonomyTermDefinedV1, { data: { ...taxonomyTermDefinedV1.example, termId: 'Kubernetes!' } }))).toThrow(ContractViolationError);
    expect(() => registry.validate(exampleEnvelope(taxonomyTermChangedV1, { data: { termId: 'french' } }))).toThrow(ContractViolationError);
  });
});
