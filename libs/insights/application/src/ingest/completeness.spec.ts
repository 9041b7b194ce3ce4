import type { EventEnvelope } from '@plein/shared/kernel';
import { CompletenessIngest, completenessCells, type CompletenessRecord, type CompletenessStore, type DirectoryPart, type ProfilePart } from './completeness';

/** CompletenessStore in memory: each stream's fields guarded by that stream's sequence (a gap throws, as applyInSequence does). */
class MemoryCompletenessStore implements CompletenessStore {
  readonly people = new Map<string, { directory: Partial<DirectoryPart>; profile: Partial<ProfilePart>; d: number; p: number }>();
  private guarded(person: string, stream: 'd' | 'p', sequence: number, change: (r: { directory: Partial<DirectoryPart>; profile: Partial<ProfilePart> }) => void) {
    const record = this.people.get(person) ?? { directory: {}, profile: {}, d: 0, p: 0 };
    if (sequence <= record[stream]) return;
    if (sequence > record[stream] + 1) throw new Error(`gap: expected ${record[stream] + 1}, got ${sequence}`);
    change(record);
    record[stream] = sequence;
    this.people.set(person, record);
  }
  async putDirectory(person: string, sequence: number, fields: Partial<DirectoryPart>): Promise<void> {
    this.guarded(person, 'd', sequence, (r) => (r.directory = { ...r.directory, ...fields }));
  }
  async putProfile(person: string, sequence: number, fields: Partial<ProfilePart>): Promise<void> {
    this.guarded(person, 'p', sequence, (r) => (r.profile = { ...r.profile, ...fields }));
  }
  async forget(person: string, sequence: number): Promise<void> {
    this.guarded(person, 'd', sequence, (r) => {
      r.directory = { active: false };
      r.profile = {};
    });
  }
  async records(): Promise<readonly CompletenessRecord[]> {
    return [...this.people.values()].map(({ directory, profile }) => ({ directory, profile }));
  }
}

const SECRET = 'unit-test-secret-0123456789abcdef-x';
let n = 0;
const id = () => `01964b1e-0000-7000-8000-${String(++n).padStart(12, '0')}`;
const sequences = new Map<string, number>();
const envelope = (aggregateType: string, aggregateId: string, type: string, data: unknown): EventEnvelope => {
  const key = `${aggregateType}:${aggregateId}`;
  const sequence = (sequences.get(key) ?? 0) + 1;
  sequences.set(key, sequence);
  return { id: id(), type, version: 1, source: 'test', aggregateType, aggregateId, sequence, occurredAt: '2026-11-02T09:00:00Z', correlationId: 'c', causationId: 'c', actorId: 'a', data };
};
const provisioned = (user: string, extra: Record<string, unknown> = {}) =>
  envelope('user', user, 'identity.user.provisioned', { managementLevel: 'employee', department: 'Sales / North', location: 'Utrecht', title: 'Advisor', managerId: id(), ...extra });
const edited = (user: string, changes: Record<string, unknown>) => envelope('profile', user, 'profiles.profile.edited', { userId: user, changes });

const gauges = async (store: MemoryCompletenessStore) => Object.fromEntries(completenessCells(await store.records()).map((c) => [`${c.dimension}|${c.value}`, c.metrics]));

describe('profile completeness counted per band', () => {
  // Ada: directory 20 (title, manager, department) + skills 20 + photo 15 + bio 10 = 65.
  // Bo: directory 20 + everything = 100. Cy: only the directory, no title: 10.
  function script() {
    const [ada, bo, cy] = [id(), id(), id()];
    const identity = [provisioned(ada), provisioned(bo), provisioned(cy, { title: '  ' })];
    const profiles = [
      edited(ada, { skills: ['a', 'b', 'c'], photoUrl: 'https://x.example/a.jpg' }),
      edited(ada, { bio: 'Hi' }),
      edited(bo, { skills: ['a', 'b', 'c'], photoUrl: 'https://x.example/b.jpg', askMeAbout: ['x'], bio: 'Hi', languages: [{ code: 'nl', level: 'native' }], experience: [{}], interests: ['y'] }),
    ];
    return { ada, bo, cy, identity, profiles };
  }

  it('counts each active person once in the band of their score, in every dimension they are in', async () => {
    const store = new MemoryCompletenessStore();
    const ingest = new CompletenessIngest(store, SECRET);
    const { identity, profiles } = script();
    for (const e of [...identity, ...profiles]) await ingest.handle(e);
    const cells = await gauges(store);
    expect(cells['all|all']).toEqual({ profiles: 3, 'profiles_0-24': 1, 'profiles_50-74': 1, profiles_100: 1 });
    expect(cells['orgUnit|sales']).toEqual(cells['all|all']);
    expect(cells['orgUnit|sales/north']).toEqual(cells['all|all']);
    expect(cells['level|employee']).toEqual(cells['all|all']);
    expect(JSON.stringify([...store.people.keys()])).not.toContain(identity[0]!.aggregateId);
  });

  it('gives the same bands whichever stream comes first, however they interleave, and when everything comes twice', async () => {
    const { identity, profiles } = script();
    const inOrder = new MemoryCompletenessStore();
    for (const e of [...identity, ...profiles]) await new CompletenessIngest(inOrder, SECRET).handle(e);
    const reversed = new MemoryCompletenessStore();
    const ingest = new CompletenessIngest(reversed, SECRET);
    for (const e of [...profiles, ...identity, profiles[1]!, ...identity, ...profiles]) await ingest.handle(e);
    expect(await gauges(reversed)).toEqual(await gauges(inOrder));
  });

  it('follows the directory: a title or manager changed, a move, deactivation, reactivation and deletion', async () => {
    const store = new MemoryCompletenessStore();
    const ingest = new CompletenessIngest(store, SECRET);
    const { ada, bo, cy, identity, profiles } = script();
    for (const e of [...identity, ...profiles]) await ingest.handle(e);
    await ingest.handle(envelope('user', ada, 'identity.user.attributes-changed', { changes: { department: 'Support', title: null } })); // 65 - 10 = 55
    await ingest.handle(envelope('user', bo, 'identity.user.manager-changed', { managerId: null, previousManagerId: id() })); // 95
    await ingest.handle(envelope('user', cy, 'identity.user.role-granted', { role: 'moderator' })); // no change, the sequence moves
    await ingest.handle(envelope('user', cy, 'identity.user.deactivated', { reason: 'administrator' }));
    let cells = await gauges(store);
    expect(cells['all|all']).toEqual({ profiles: 2, 'profiles_50-74': 1, 'profiles_75-99': 1 });
    expect(cells['orgUnit|support']).toEqual({ profiles: 1, 'profiles_50-74': 1 });
    expect(cells['orgUnit|sales']).toEqual({ profiles: 1, 'profiles_75-99': 1 });
    await ingest.handle(envelope('user', cy, 'identity.user.reactivated', {}));
    expect((await gauges(store))['all|all']).toEqual({ profiles: 3, 'profiles_0-24': 1, 'profiles_50-74': 1, 'profiles_75-99': 1 });
    await ingest.handle(envelope('user', ada, 'identity.user.deactivated', { reason: 'deprovisioned' }));
    await ingest.handle(envelope('user', ada, 'identity.user.deleted', {}));
    cells = await gauges(store);
    expect(cells['all|all']).toEqual({ profiles: 2, 'profiles_0-24': 1, 'profiles_75-99': 1 });
    expect([...store.people.values()].find((r) => r.directory.active === false)).toEqual({ directory: { active: false }, profile: {}, d: 4, p: 2 });
  });

  it('a board member has no manager to miss; anyone else without one misses it', async () => {
    const store = new MemoryCompletenessStore();
    const ingest = new CompletenessIngest(store, SECRET);
    const [board, employee] = [id(), id()];
    const everything = { skills: ['a', 'b', 'c'], photoUrl: 'https://x.example/p.jpg', askMeAbout: ['x'], bio: 'Hi', languages: [{ code: 'nl', level: 'native' }], experience: [{}], interests: ['y'] };
    await ingest.handle(provisioned(board, { managementLevel: 'board', managerId: null }));
    await ingest.handle(provisioned(employee, { managerId: null }));
    await ingest.handle(edited(board, everything));
    await ingest.handle(edited(employee, everything));
    const cells = await gauges(store);
    expect(cells['level|board']).toEqual({ profiles: 1, profiles_100: 1 });
    expect(cells['level|employee']).toEqual({ profiles: 1, 'profiles_75-99': 1 });
  });
});
