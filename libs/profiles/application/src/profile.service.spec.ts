import { InMemoryEventStore } from '@plein/shared/event-sourcing';
import type { ProfileView, ProfilesDependencies, TaxonomyTerm } from './ports';
import { ProfileService, skillResolver, type ProfilesContext } from './profile.service';
import { TaxonomyService } from './taxonomy.service';

const ada = '01964b1e-0000-7000-8000-000000000101';
const bob = '01964b1e-0000-7000-8000-000000000102';
const admin = '01964b1e-0000-7000-8000-000000000109';
const person = (userId: string, active = true): ProfileView => ({
  userId, active, userName: userId, displayName: userId, managementLevel: 'employee', managerId: null,
  skills: [], languages: [], interests: [], askMeAbout: [], experience: [], bio: null, photoUrl: null, profileVersion: 0, updatedAt: '2026-01-01T00:00:00.000Z',
});
const ctx = (userId: string, idempotencyKey?: string): ProfilesContext => ({
  caller: { userId, roles: userId === admin ? ['employee', 'admin'] : ['employee'] },
  correlationId: 'c',
  ...(idempotencyKey ? { idempotencyKey } : {}),
});
const terms: TaxonomyTerm[] = [{ termId: 'kubernetes', labels: { en: 'Kubernetes', nl: 'Kubernetes' }, synonyms: ['k8s'] }];

function setUp(views: ProfileView[]) {
  const store = new InMemoryEventStore();
  const byId = new Map(views.map((v) => [v.userId, v]));
  const deps: ProfilesDependencies = {
    store,
    views: { get: async (id) => byId.get(id) ?? null },
    taxonomy: { all: async () => terms, get: async (id) => terms.find((t) => t.termId === id) ?? null, page: async () => terms },
    sanitizeBio: (bio) => `clean:${bio}`,
  };
  return { store, service: new ProfileService(deps), taxonomy: new TaxonomyService(deps) };
}

describe('ProfileService', () => {
  it('stores the edit with skills resolved to taxonomy terms and the bio sanitised', async () => {
    const { store, service } = setUp([person(ada)]);
    const result = await service.edit(ctx(ada), ada, { skills: ['K8S', 'Knitting'], bio: 'hi' });
    expect([result.version, result.replayed]).toEqual([1, false]);
    expect((await store.readStream(`profile-${ada}`))?.events.map((e) => e.data)).toEqual([{ userId: ada, changes: { skills: ['kubernetes', 'Knitting'], bio: 'clean:hi' } }]);
  });

  it('answers a retry with the same Idempotency-Key from its first run', async () => {
    const { store, service } = setUp([person(ada)]);
    await service.edit(ctx(ada, 'k-1'), ada, { interests: ['cycling'] });
    expect((await service.edit(ctx(ada, 'k-1'), ada, { interests: ['cycling'] })).replayed).toBe(true);
    expect((await store.readStream(`profile-${ada}`))?.events).toHaveLength(1);
  });

  it('lets only the person and admins edit, and hides deactivated people from everyone but admins', async () => {
    const { service } = setUp([person(ada), person(bob, false)]);
    await expect(service.edit(ctx(bob), ada, { bio: 'x' })).rejects.toMatchObject({ code: 'PROFILES.NOT_YOUR_PROFILE', kind: 'forbidden' });
    await expect(service.edit(ctx(admin), ada, { bio: 'x' })).resolves.toMatchObject({ version: 1 });
    await expect(service.view(ctx(ada), bob)).rejects.toMatchObject({ code: 'PROFILES.PROFILE_NOT_FOUND', kind: 'not-found' });
    await expect(service.view(ctx(admin), bob)).resolves.toMatchObject({ userId: bob, active: false });
    await expect(service.edit(ctx(bob), bob, { bio: 'x' })).rejects.toMatchObject({ code: 'PROFILES.PROFILE_NOT_FOUND' });
    await expect(service.view(ctx(ada), '01964b1e-0000-7000-8000-000000000199')).rejects.toMatchObject({ code: 'PROFILES.PROFILE_NOT_FOUND' });
  });

  it('adds the completeness to the view', async () => {
    const { service } = setUp([{ ...person(ada), skills: ['a', 'b', 'c'], title: 'Engineer' }]);
    expect((await service.view(ctx(ada), ada)).completeness.score).toBe(30);
  });
});

describe('TaxonomyService', () => {
  it('refuses changes by non-admins', async () => {
    const { taxonomy } = setUp([]);
    await expect(taxonomy.put(ctx(ada), { termId: 'go', labels: { en: 'Go', nl: 'Go' }, synonyms: [] })).rejects.toMatchObject({ code: 'PROFILES.ADMIN_ONLY' });
    await expect(taxonomy.retire(ctx(ada), 'kubernetes')).rejects.toMatchObject({ code: 'PROFILES.ADMIN_ONLY' });
  });

  it('pages with a cursor one past the limit', async () => {
    const { taxonomy } = setUp([]);
    expect(await taxonomy.list(undefined, 1)).toEqual({ items: terms, next: null });
  });
});

describe('skillResolver', () => {
  it('maps ids, labels and synonyms in any case to the term id and leaves the rest', () => {
    const resolve = skillResolver([...terms, { termId: 'french', labels: { en: 'French', nl: 'Frans' }, synonyms: [] }]);
    expect(['KUBERNETES', ' k8s ', 'frans', 'French', 'Cooking'].map(resolve)).toEqual(['kubernetes', 'kubernetes', 'french', 'french', 'Cooking']);
  });
});
