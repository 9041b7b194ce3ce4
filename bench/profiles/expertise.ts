/**
 * `bash -c 'source tools/dev/env.sh && SWC_NODE_PROJECT=bench/profiles/tsconfig.json node -r @swc-node/register bench/profiles/expertise.ts [--people 300 ...]'`
 *
 * Read-time expertise (ExpertiseService.forPerson: the person's posts, answers, the questions
 * answered, their groups' visibility, reactions received, endorsements, declared skills, then
 * decay and explanation) for sampled people of a generated evidence read model, then the raw
 * indexed reads of the same rows in the same run (posts, answers, endorsements and the profile by
 * person, the answered questions and the reactions by id, no joins or scoring). Prints p50/p99 of
 * both and one ask-an-expert round; last line `ratio=<ours p99 / raw p99>`. Needs the local
 * servers; the database is dropped at the end.
 */
import { backfillTopicRows, commentDocId, ExpertiseInfrastructure, postDocId, type EvidenceDocument } from '@plein/profiles/infrastructure';
import { FixedClock } from '@plein/shared/kernel';
import { benchConnection, benchKafka, fmt, log, machine, mongoVersion, parseOptions, percentile, prng, profile, runBench, runId } from '@plein/bench-kit';

const DEFAULTS = { people: 300, postsPerPerson: 40, answersPerPerson: 40, reactionsPerPost: 3, endorsementsPerPerson: 5, topics: 100, samples: 50 };
const DAY = 86_400_000;

async function main(): Promise<void> {
  const o = parseOptions(DEFAULTS, 'expertise bench [options]   (expects the local servers: npm run infra:up)');
  const id = runId();
  // Command monitoring is on: the profile lines count round trips by command.
  const connection = await benchConnection(`plein_bench_expertise_${id}`);
  const kafka = benchKafka(`bench-expertise-${id}`);
  const clock = new FixedClock(new Date('2026-06-01T00:00:00Z'));
  const infra = new ExpertiseInfrastructure({ connection, kafka, service: 'profiles', consumers: false, halfLifeDays: 180, suggestAfterMinutes: 60, clock });
  try {
    log(`machine: ${machine(await mongoVersion(connection))}`);
    log(`params : ${JSON.stringify(o)}`);
    await infra.init();
    const collection = await infra.collection();
    const random = prng(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const id = (kind: string, n: number) => `0196${kind.padStart(4, '0')}-0000-7000-8000-${String(n).padStart(12, '0')}`;
    const people = Array.from({ length: o.people }, (_, i) => id('1', i));
    const topics = Array.from({ length: o.topics }, (_, i) => `topic${i}x`);
    const at = () => new Date(clock.now().getTime() - Math.floor(random() * 365) * DAY);

    // Documents exactly as the evidence projection writes them, inserted in bulk.
    let t = performance.now();
    const docs: EvidenceDocument[] = [];
    let n = 0;
    const questions: string[] = [];
    for (const person of people) {
      docs.push({ _id: `person:${person}`, kind: 'person', status: 'active', lastSequence: 1 });
      docs.push({ _id: `profile:${person}`, kind: 'profile', skills: [pick(topics)], skillsAt: at(), lastSequence: 1 });
      for (let p = 0; p < o.postsPerPerson; p++) {
        const postId = id('2', n++);
        const question = p % 10 === 0;
        if (question) questions.push(postId);
        docs.push({
          _id: postDocId(postId), kind: 'post', authorId: person, audience: 'organisation', groupId: null, postKind: p % 7 === 0 ? 'article' : question ? 'question' : 'update', question,
          hashtags: [pick(topics), pick(topics)], text: 'How do we do this?', publishedAt: at(), hidden: false, deleted: false, acceptedCommentId: null, acceptedAnswererId: null, acceptedAt: null, asked: true, lastSequence: 1,
        });
        for (let r = 0; r < o.reactionsPerPost; r++) {
          const reactor = pick(people);
          docs.push({ _id: `reaction:${postId}:${reactor}:${r}`, kind: 'reaction', reactorId: reactor, targetType: 'post', targetId: postId, postId, active: true, at: at(), lastSequence: 1 });
        }
      }
      for (let e = 0; e < o.endorsementsPerPerson; e++) {
        const endorser = pick(people);
        docs.push({ _id: `endorsement:${person}:${e}:${endorser}`, kind: 'endorsement', endorseeId: person, endorserId: endorser, skill: pick(topics), active: true, at: at(), lastSequence: 1 });
      }
    }
    for (const person of people) {
      for (let a = 0; a < o.answersPerPerson; a++) {
        const commentId = id('3', n++);
        docs.push({ _id: commentDocId(commentId), kind: 'comment', authorId: person, postId: pick(questions), topLevel: true, at: at(), hidden: false, deleted: false, lastSequence: 1 });
      }
    }
    for (let i = 0; i < docs.length; i += 2_000) await collection.insertMany(docs.slice(i, i + 2_000) as never[], { ordered: false });
    log(`written: ${fmt(docs.length)} evidence documents in ${fmt((performance.now() - t) / 1000, 1)} s`);
    // The topic rows the projection writes beside each post (one per hashtag), as the start-up back-fill writes them.
    t = performance.now();
    const synced = await backfillTopicRows(collection);
    log(`topics : rows for ${fmt(synced)} posts in ${fmt((performance.now() - t) / 1000, 1)} s`);

    const sample = Array.from({ length: o.samples }, () => pick(people));
    const warm = await profile(connection, () => infra.expertise.forPerson(sample[0]!));
    log(`profile: one forPerson = ${warm.trips}`);

    // Ours and raw alternate per person, so both see the same cache and the same neighbours' load.
    const ours: number[] = [];
    const raw: number[] = [];
    let topicsSeen = 0;
    for (const person of sample) {
      let started = performance.now();
      topicsSeen += (await infra.expertise.forPerson(person)).topics.length;
      ours.push(performance.now() - started);

      // Raw: the same rows by the same indexes, in the same order of dependent reads, without joins in code or scoring.
      started = performance.now();
      const [posts, answers] = await Promise.all([
        collection.find({ kind: 'post', authorId: person }).limit(1_000).toArray(),
        collection.find({ kind: 'comment', authorId: person }).limit(1_000).toArray(),
        collection.find({ kind: 'endorsement', endorseeId: person }).limit(1_000).toArray(),
        collection.findOne({ _id: `profile:${person}` }),
      ]);
      await collection.find({ _id: { $in: answers.map((a) => postDocId((a as { postId: string }).postId)) } }).toArray();
      await collection.find({ kind: 'reaction', targetId: { $in: [...posts.map((p) => p._id.slice(5)), ...answers.map((a) => a._id.slice(8))] } }).limit(5_000).toArray();
      raw.push(performance.now() - started);
    }

    const stats = (values: number[]) => `p50 ${fmt(percentile(values, 0.5), 1)} ms, p99 ${fmt(percentile(values, 0.99), 1)} ms`;
    log(`ours   : forPerson ${stats(ours)} (${fmt(topicsSeen / sample.length, 1)} topics per person)`);
    log(`raw    : indexed reads ${stats(raw)}`);

    // The candidate query of ask an expert alone, for 20 pairs of topics, alternating with the
    // query it replaces (posts by their hashtags array: FerretDB reads every post for it).
    const candidateTimes: number[] = [];
    const hashtagTimes: number[] = [];
    let found = 0;
    for (let i = 0; i < 20; i++) {
      const pair = [pick(topics), pick(topics)];
      let started = performance.now();
      found += (await infra.evidence.candidatesFor(pair, 25)).length;
      candidateTimes.push(performance.now() - started);
      started = performance.now();
      await collection.find({ kind: 'post', hashtags: { $in: pair }, hidden: false, deleted: false }, { projection: { authorId: 1, question: 1 } }).sort({ publishedAt: -1 }).limit(500).toArray();
      hashtagTimes.push(performance.now() - started);
    }
    const candidateTrips = await profile(connection, () => infra.evidence.candidatesFor([topics[0]!, topics[1]!], 25));
    log(`cands  : candidatesFor(2 topics) ${stats(candidateTimes)}, ${fmt(found / 20, 1)} candidates (${candidateTrips.trips})`);
    log(`hashtag: the posts-by-hashtags query alone (before topic rows) ${stats(hashtagTimes)}`);

    // One ask-an-expert round over a due question with the generated candidates (not timed against a baseline).
    await collection.updateOne({ _id: postDocId(questions[0]!) }, { $set: { asked: false, publishedAt: new Date(clock.now().getTime() - 3 * 3_600_000) } });
    t = performance.now();
    const asked = await profile(connection, () => infra.askExpert.tick());
    const [suggestion] = asked.result;
    log(`ask    : one question, ${suggestion?.experts.length ?? 0} experts from up to 25 candidates in ${fmt(performance.now() - t, 0)} ms (${asked.trips})`);
    log(`ratio=${fmt(percentile(ours, 0.99) / percentile(raw, 0.99), 2)}`);
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

runBench(main);
