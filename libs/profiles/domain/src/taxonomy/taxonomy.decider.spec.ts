import { profilesContracts } from '@plein/profiles/contracts';
import { ContractRegistry, exampleEnvelope } from '@plein/shared/contracts';
import { deciderSpec } from '@plein/shared/testing';
import { taxonomyDecider, type TaxonomyEvent } from './taxonomy.decider';

const registry = new ContractRegistry(profilesContracts, []);
const spec = deciderSpec(taxonomyDecider, (event: TaxonomyEvent) => {
  const contract = registry.contracts().find((c) => c.type === event.type && c.version === event.version)!;
  registry.validate(exampleEnvelope(contract, { data: event.data }));
});
const defined: TaxonomyEvent = { type: 'profiles.taxonomy.term-defined', version: 1, data: { termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s'] } };

describe('taxonomy decider', () => {
  it('defines a term with cleaned synonyms (lower case, once, not the id itself)', () => {
    spec.given().when({ type: 'DefineTerm', termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: [' K8s', 'k8s', 'kubernetes'] }).then([defined]);
  });

  it('answers a repeated identical definition with nothing and a different one with a conflict', () => {
    spec.given(defined).when({ type: 'DefineTerm', termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s'] }).then([]);
    spec.given(defined).when({ type: 'DefineTerm', termId: 'kubernetes', labels: { en: 'K', nl: 'K' }, synonyms: [] }).thenThrows({ code: 'PROFILES.TERM_EXISTS' });
  });

  it('changes only what differs, retires, and refuses to change an unknown or retired term', () => {
    spec
      .given(defined)
      .when({ type: 'ChangeTerm', termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s', 'kube'] })
      .then([{ type: 'profiles.taxonomy.term-changed', version: 1, data: { termId: 'kubernetes', synonyms: ['k8s', 'kube'] } }]);
    spec.given(defined).when({ type: 'RetireTerm', termId: 'kubernetes' }).then([{ type: 'profiles.taxonomy.term-retired', version: 1, data: { termId: 'kubernetes' } }]);
    spec.given().when({ type: 'ChangeTerm', termId: 'french', synonyms: ['frans'] }).thenThrows({ code: 'PROFILES.TERM_NOT_FOUND' });
    spec.given(defined, { type: 'profiles.taxonomy.term-retired', version: 1, data: { termId: 'kubernetes' } }).when({ type: 'ChangeTerm', termId: 'kubernetes', synonyms: [] }).thenThrows({ code: 'PROFILES.TERM_NOT_FOUND' });
  });

  it('refuses a term id that is not a slug and empty labels, naming the fields', () => {
    spec.given().when({ type: 'DefineTerm', termId: 'Kube Rnetes', labels: { en: ' ', nl: 'x' }, synonyms: [] }).thenThrows({ code: 'PROFILES.INVALID_TERM', kind: 'validation' });
  });
});
