import { testDatabase } from '../../messaging/src/testing/int-kit';
import { projectionCollectionName } from './projection';
import { ProjectionRegistry } from './projection-registry';
import { ensureProjectionStores, projectionDeadLetterTopics } from './projection-setup';
import { noteTagsProjection, notesProjection } from './testing/notes.projections';

describe('ensureProjectionStores (real MongoDB-wire server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  const service = `t${Date.now().toString(36)}`;

  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(async () => database.drop());

  const collections = async (): Promise<string[]> => (await database.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();

  it('registers each projection at its version and creates the active version with its indexes; later versions wait for their rebuild', async () => {
    const registry = new ProjectionRegistry(database.db, service);
    const notes = notesProjection('t.note.events.v1');
    const tags = noteTagsProjection('t.note.events.v1');
    await ensureProjectionStores(registry, [notes, tags], { service, db: database.db });

    await expect(registry.get('notes')).resolves.toMatchObject({ activeVersion: 1, liveVersions: [1] });
    await expect(registry.get('note-tags')).resolves.toMatchObject({ activeVersion: 1 });
    const notesV1 = projectionCollectionName(service, notes, 1);
    expect(await collections()).toContain(notesV1); // note-tags has no setup: its collection comes with the first write
    expect((await database.db.collection(notesV1).indexes()).map((i) => Object.keys(i.key).join())).toContain('author');

    // A second start, now also knowing v2 of notes: nothing changes, v2 is not created (a rebuild does that).
    await database.db.collection(notesV1).insertOne({ _id: 'n-1' as never, lastSequence: 1 });
    await ensureProjectionStores(registry, [notes, notesProjection('t.note.events.v1', 2), tags], { service, db: database.db });
    await expect(registry.get('notes')).resolves.toMatchObject({ activeVersion: 1, liveVersions: [1] });
    expect(await collections()).not.toContain(projectionCollectionName(service, notes, 2));
    expect(await database.db.collection(notesV1).countDocuments()).toBe(1);
  });

  it('names the dead-letter topic of each projection version as its processor does', () => {
    expect(projectionDeadLetterTopics('feed', [{ name: 'home-timeline', version: 3 }, notesProjection('x')])).toEqual(['feed.home-timeline.v3.dlq', 'feed.notes.v1.dlq']);
  });
});
