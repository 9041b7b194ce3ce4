import { randomBytes } from 'node:crypto';
import { backfillTopicRows, commentDocId, ExpertiseInfrastructure, postDocId, type EvidenceDocument } from '@plein/profiles/infrastructure';
import { FixedClock } from '@plein/shared/kernel';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';

/**
 * Ask an expert scores all candidates of a question with one evidence read for all of them
 * (MongoEvidence.evidenceOfMany), not several reads per candidate: counted with command
 * monitoring on the service's own connection against the real FerretDB, and the batched
 * standings checked equal to each candidate's own read (visibility, own reactions, answers).
 */
const DAY = 86_400_000;
const PEOPLE = 30;

describe('ask an expert round trips (real FerretDB)', () => {
  const suffix = randomBytes(4).toString('hex');
  const uri = process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017';
  const clock = new FixedClock(new Date('2026-06-01T00:00:00Z'));
  const commands: string[] = [];
  let connection: mongoose.Connection;
  let infra: ExpertiseInfrastructure;
  const id = (kind: string, n: number) => `0196${kind.padStart(4, '0')}-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const people = Array.from({ length: PEOPLE }, (_, i) => id('1', i));
  const author = id('1', 999);
  const question = id('2', 999_001);

  beforeAll(async () => {
    connection = await mongoose.createConnection(`${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, { dbName: `plein_test_profiles_ask_rt_${suffix}` }).asPromise();
    connection.getClient().on('commandStarted', (e) => commands.push(e.commandName));
    const kafka = new Kafka({ brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
    infra = new ExpertiseInfrastructure({ connection, kafka, service: `profiles-t${suffix}`, consumers: false, halfLifeDays: 180, suggestAfterMinutes: 60, clock });
    await infra.init();
    const collection = await infra.collection();
    const at = (days: number) => new Date(clock.now().getTime() - days * DAY);
    const docs: EvidenceDocument[] = [
      { _id: 'group:g-closed', kind: 'group', visibility: 'closed', lastSequence: 1 },
      { _id: 'group:g-open', kind: 'group', visibility: 'open', lastSequence: 1 },
      { _id: `person:${author}`, kind: 'person', status: 'active', lastSequence: 1 },
    ];
    const post = (postId: string, authorId: string, extra: Partial<Extract<EvidenceDocument, { kind: 'post' }>>): EvidenceDocument => ({
      _id: postDocId(postId), kind: 'post', authorId, audience: 'organisation', groupId: null, postKind: 'update', question: false, hashtags: ['kafka'], text: 'Kafka notes',
      publishedAt: at(10), hidden: false, deleted: false, acceptedCommentId: null, acceptedAnswererId: null, acceptedAt: null, asked: true, lastSequence: 1, ...extra,
    });
    let n = 0;
    people.forEach((person, i) => {
      docs.push({ _id: `person:${person}`, kind: 'person', status: i % 10 === 9 ? 'deactivated' : 'active', lastSequence: 1 });
      docs.push({ _id: `profile:${person}`, kind: 'profile', skills: i % 3 === 0 ? ['kafka'] : ['go'], skillsAt: at(100), lastSequence: 1 });
      for (let p = 0; p < (i % 4) + 1; p++) {
        const postId = id('2', n++);
        // Some in a closed group (never counts), some in an open one, an article now and then.
        const audience = p === 1 && i % 2 === 0 ? { audience: 'group' as const, groupId: 'g-closed' } : p === 2 ? { audience: 'group' as const, groupId: 'g-open' } : {};
        docs.push(post(postId, person, { ...audience, postKind: p === 3 ? 'article' : 'update', publishedAt: at(5 + i + p) }));
        // A reaction by a colleague, and one by the author themself (never counts).
        docs.push({ _id: `reaction:${postId}:${people[(i + 1) % PEOPLE]}`, kind: 'reaction', reactorId: people[(i + 1) % PEOPLE]!, targetType: 'post', targetId: postId, postId, active: true, at: at(3), lastSequence: 1 });
        docs.push({ _id: `reaction:${postId}:${person}`, kind: 'reaction', reactorId: person, targetType: 'post', targetId: postId, postId, active: true, at: at(3), lastSequence: 1 });
      }
      // An answer to someone else's earlier question on kafka, accepted for every fifth person.
      const earlier = id('2', 500_000 + i);
      const commentId = id('3', i);
      docs.push(post(earlier, author, { question: true, acceptedCommentId: i % 5 === 0 ? commentId : null, acceptedAt: i % 5 === 0 ? at(20) : null, publishedAt: at(30) }));
      docs.push({ _id: commentDocId(commentId), kind: 'comment', authorId: person, postId: earlier, topLevel: true, at: at(25), hidden: false, deleted: false, lastSequence: 1 });
      docs.push({ _id: `endorsement:${person}:kafka:${author}`, kind: 'endorsement', endorseeId: person, endorserId: author, skill: i % 2 ? 'kafka' : 'go', active: true, at: at(40), lastSequence: 1 });
    });
    // The due question: organisation-wide, three hours old, nobody suggested yet.
    docs.push(post(question, author, { question: true, asked: false, text: 'Who knows #kafka consumer groups?', publishedAt: new Date(clock.now().getTime() - 3 * 3_600_000) }));
    await collection.insertMany(docs as never[], { ordered: false });
    // Rows written directly get their topic rows as evidence from before topic rows does.
    expect(await backfillTopicRows(collection)).toBeGreaterThan(PEOPLE);
  }, 60_000);

  afterAll(async () => {
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  it('gives every candidate the standing a read of that candidate alone gives', async () => {
    const batched = await infra.expertise.standingOnMany(people, ['kafka']);
    let scored = 0;
    for (const person of people) {
      const alone = await infra.expertise.standingOn(person, ['kafka']);
      const together = batched.get(person) ?? [];
      expect(together.map((t) => t.topic)).toEqual(alone.map((t) => t.topic));
      together.forEach((t, k) => expect(t.score).toBeCloseTo(alone[k]!.score, 9));
      if (alone.length > 0) scored++;
    }
    expect(scored).toBeGreaterThan(PEOPLE / 2);
  });

  it('scores all 25 candidates of a question with a fixed number of round trips (one evidence read for all)', async () => {
    commands.length = 0;
    const [suggestion] = await infra.askExpert.tick();
    expect(suggestion?.postId).toBe(question);
    expect(suggestion?.experts.length).toBe(5);
    expect(suggestion?.experts.map((e) => e.userId)).not.toContain(author);
    // Before: every candidate's evidence was 5–7 reads (25 candidates: 125 and more).
    const finds = commands.filter((c) => c === 'find' || c === 'aggregate').length;
    expect(finds).toBeLessThanOrEqual(16);
    expect(commands.length).toBeLessThanOrEqual(25);
  });
});
