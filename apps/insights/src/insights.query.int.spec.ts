import { randomBytes } from 'node:crypto';
import { encodeEnvelope } from '@plein/shared/messaging';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose from 'mongoose';
import { bootstrapInsights, type RunningInsights } from './bootstrap';

jest.setTimeout(120_000);

/**
 * The query side on the real servers, through the real ingest: a generated organisation of 43
 * people whose week of posts is known, so every answer is known in advance (k = 5).
 *
 *   engineering (1 director directly in it)   → platform (14 employees + 1 manager), web (9 + 1)
 *   sales (12 + 1), support (3), board (1 board member)
 *
 * Monday 2026-11-02 posters: platform 11 employees + its manager (12), web 7 + its manager (8), the
 * director (1), sales 9 + its manager (10), support 2; the board member does not post. Week
 * 2026-W45: 33 active people.
 *
 * Week 2026-W46, engagement per post kind and call to action (Monday 2026-11-09 posts, Tuesday
 * activity): 12 platform employees ask a question each (call to action answer), 6 sales
 * employees post an announcement to acknowledge, 2 support employees an idea. 10 people of web
 * react to two questions each (20 reactions), 5 sales employees to an idea (5); 8 sales people
 * answer a question (8 comments); 7 engineering people acknowledge an announcement (7 responses).
 *
 * Profile completeness (published before identity's events, on profiles' own topic): identity
 * gives everyone a department (5 points) and no title or manager (the board member is owed the
 * manager's 5). The 14 platform employees fill in everything of their own in two edits (85: band
 * 75-99), the 9 web employees skills, photo and ask-me-about (55: 50-74), nobody else edits (5 or
 * 10: 0-24).
 */
const K = 5;
interface Person {
  readonly id: string;
  readonly department: string;
  readonly level: 'employee' | 'manager' | 'director' | 'board';
  readonly posts: boolean;
}
const people: Person[] = [];
const add = (n: number, department: string, level: Person['level'], posting: number) => {
  for (let i = 0; i < n; i++) people.push({ id: uuidv7(), department, level, posts: i < posting });
};
add(14, 'Engineering/Platform', 'employee', 11);
add(1, 'Engineering/Platform', 'manager', 1);
add(9, 'Engineering/Web', 'employee', 7);
add(1, 'Engineering/Web', 'manager', 1);
add(1, 'Engineering', 'director', 1);
add(12, 'Sales', 'employee', 9);
add(1, 'Sales', 'manager', 1);
add(3, 'Support', 'employee', 2);
add(1, 'Board', 'board', 0);

describe('insights queries on a generated organisation (real servers, real ingest)', () => {
  let service: RunningInsights;
  let database: string;
  let prefix: string;
  let privateKey: CryptoKey;
  let producer: Producer;
  let content: Record<string, unknown>;
  const sequences = new Map<string, number>();
  const envelope = (aggregateType: string, aggregateId: string, type: string, version: number, data: unknown, occurredAt: string): EventEnvelope => {
    const sequence = (sequences.get(`${aggregateType}|${aggregateId}`) ?? 0) + 1;
    sequences.set(`${aggregateType}|${aggregateId}`, sequence);
    return { id: uuidv7(), type, version, source: `plein/${type.split('.')[0]!}`, aggregateType, aggregateId, sequence, occurredAt, correlationId: 'insights-query-test', causationId: uuidv7(), actorId: 'system:test', data };
  };
  const send = (topic: string, envelopes: EventEnvelope[]) => producer.send({ topic: `${prefix}${topic}`, acks: -1, messages: envelopes.map((e) => encodeEnvelope(e)) });
  const get = async (path: string, roles = ['employee', 'insights-viewer']) => {
    const jwt = await new SignJWT({ sid: uuidv7(), roles }).setProtectedHeader({ alg: 'ES256', kid: 'test', typ: 'at+jwt' }).setSubject(uuidv7()).setIssuer('http://127.0.0.1:3001').setAudience('plein').setIssuedAt().setExpirationTime('10m').sign(privateKey);
    const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${jwt}` } });
    const text = await res.text();
    return { status: res.status, text, body: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null };
  };
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 60_000; !(await check()); ) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const allCell = async (granularity: 'week' | 'current', period: string, metric: string) =>
    (await service.infrastructure.cells.read({ granularity, from: period, to: period, dimension: 'all' }))[0]?.metrics[metric] ?? 0;

  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    database = `plein_test_insights_${suffix}`;
    prefix = `t${suffix}.`;
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    service = await bootstrapInsights({
      env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'error', MONGODB_DB: database, SERVICE_NAME: `insights-t${suffix}`, KAFKA_TOPIC_PREFIX: prefix, INSIGHTS_K: String(K), INSIGHTS_FACT_RETENTION_DAYS: '400', INSIGHTS_PURGE_INTERVAL_SECONDS: '86400' },
      handleSignals: false,
      authKeys: createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'test', alg: 'ES256' }] }),
    });
    await service.processors.started;
    producer = new Kafka({ clientId: 'insights-query-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();

    const edit = (p: Person, changes: Record<string, unknown>) => envelope('profile', p.id, 'profiles.profile.edited', 1, { userId: p.id, changes }, '2026-10-02T08:00:00.000Z');
    const some = { skills: ['kafka', 'go', 'sql'], photoUrl: 'https://cdn.example.org/p.jpg', askMeAbout: ['Kafka'] };
    await send('profiles.profile.events.v1', [
      ...people.slice(0, 14).flatMap((p) => [edit(p, { ...some, bio: 'Hi' }), edit(p, { languages: [{ code: 'nl', level: 'native' }], experience: [{ title: 'Engineer', organisation: 'Acme', from: '2020-01', to: null }], interests: ['cycling'] })]),
      ...people.slice(15, 24).map((p) => edit(p, some)),
    ]);
    await send(
      'identity.user.events.v1',
      people.map((p) =>
        envelope('user', p.id, 'identity.user.provisioned', 1, { externalId: `ext-${p.id}`, userName: `u${p.id.slice(-12)}`, displayName: 'Someone', department: p.department, location: 'Amsterdam', managementLevel: p.level, badges: [], managerId: null, roles: ['employee'] }, '2026-10-01T08:00:00.000Z'),
      ),
    );
    await until('the headcount', async () => (await allCell('current', 'current', 'headcount')) === people.length);
    await until('the completeness bands', async () => (await allCell('current', 'current', 'profiles_75-99')) === 14 && (await allCell('current', 'current', 'profiles_50-74')) === 9 && (await allCell('current', 'current', 'profiles')) === 43);
    content = { body: 'Hello', mentions: [], hashtags: [], links: [], attachments: [] };
    await send(
      'feed.post.events.v1',
      people.filter((p) => p.posts).map((p) => {
        const postId = uuidv7();
        return envelope('post', postId, 'feed.post.published', 2, { authorId: p.id, audience: { kind: 'organisation' }, kind: 'update', ...content, callToAction: { kind: 'fyi' } }, '2026-11-02T09:00:00.000Z');
      }),
    );
    // An event's increments reach its cells in one unordered bulk write: wait for every dimension.
    const weekSum = async (dimension: 'orgUnit' | 'level', granularity: 'week' | 'day' = 'week', period = '2026-W45') =>
      (await service.infrastructure.cells.read({ granularity, from: period, to: period, dimension })).filter((c) => !c.value.includes('/')).reduce((sum, c) => sum + (c.metrics['active'] ?? 0), 0);
    await until('the week of posts', async () => (await allCell('week', '2026-W45', 'active')) === 33 && (await weekSum('orgUnit')) === 33 && (await weekSum('level')) === 33 && (await weekSum('orgUnit', 'day', '2026-11-02')) === 33);

    // Week 2026-W46: posts of three kinds, then reactions, comments and acknowledgements on them.
    const w46 = (authors: Person[], kind: string, cta: string) =>
      authors.map((p) => envelope('post', uuidv7(), 'feed.post.published', 2, { authorId: p.id, audience: { kind: 'organisation' }, kind, ...content, callToAction: { kind: cta } }, '2026-11-09T09:00:00.000Z'));
    const questions = w46(people.slice(0, 12), 'question', 'answer');
    const announcements = w46(people.slice(26, 32), 'announcement', 'acknowledge');
    const ideas = w46(people.slice(39, 41), 'idea', 'share-ideas');
    await send('feed.post.events.v1', [...questions, ...announcements, ...ideas]);
    const postCell = async (dimension: 'postKind' | 'callToAction', value: string, metric: string, period = '2026-W46') =>
      (await service.infrastructure.cells.read({ granularity: 'week', from: period, to: period, dimension, values: [value] }))[0]?.metrics[metric] ?? 0;
    await until('the posts of 2026-W46', async () => (await postCell('postKind', 'all', 'posts')) === 20 && (await postCell('callToAction', 'all', 'posts')) === 20);
    const reaction = (p: Person, post: EventEnvelope) =>
      envelope('reaction', uuidv7(), 'feed.reaction.added', 2, { targetType: 'post', targetId: post.aggregateId, postId: post.aggregateId, userId: p.id, kind: 'like', audience: { kind: 'organisation' } }, '2026-11-10T10:00:00.000Z');
    await send('feed.reaction.events.v1', [...people.slice(15, 25).flatMap((p) => [reaction(p, questions[0]!), reaction(p, questions[1]!)]), ...people.slice(32, 37).map((p) => reaction(p, ideas[0]!))]);
    await send(
      'feed.comment.events.v1',
      people.slice(26, 34).map((p) => envelope('comment', uuidv7(), 'feed.comment.added', 1, { postId: questions[0]!.aggregateId, authorId: p.id, parentCommentId: null, audience: { kind: 'organisation' }, body: 'An answer', mentions: [] }, '2026-11-10T11:00:00.000Z')),
    );
    await send(
      'feed.response.events.v1',
      [12, 13, 14, 25, 15, 16, 17].map((i) => envelope('response', uuidv7(), 'feed.response.acknowledged', 2, { postId: announcements[0]!.aggregateId, userId: people[i]!.id, round: 1, audience: { kind: 'organisation' } }, '2026-11-10T12:00:00.000Z')),
    );
    await until(
      'the engagement of 2026-W46',
      async () =>
        (await postCell('postKind', 'all', 'reactions')) === 25 &&
        (await postCell('callToAction', 'all', 'reactions')) === 25 &&
        (await postCell('postKind', 'all', 'comments')) === 8 &&
        (await postCell('callToAction', 'all', 'comments')) === 8 &&
        (await postCell('postKind', 'all', 'responses')) === 7 &&
        (await postCell('callToAction', 'all', 'responses')) === 7 &&
        (await postCell('postKind', 'question', 'active_reacted')) === 10 &&
        (await postCell('postKind', 'idea', 'active_reacted')) === 5,
    );
    // Week 2026-W47: 6 reactions and a reply reach insights before their article (its topic lags):
    // counted in the people's cells at once, parked, and in the article's cells once it is published.
    const article = envelope('post', uuidv7(), 'feed.post.published', 2, { authorId: people[26]!.id, audience: { kind: 'organisation' }, kind: 'article', ...content, callToAction: { kind: 'fyi' } }, '2026-11-16T09:00:00.000Z');
    await send('feed.reaction.events.v1', people.slice(0, 6).map((p) => reaction(p, article)).map((e) => ({ ...e, occurredAt: '2026-11-16T10:00:00.000Z' })));
    await send('feed.comment.events.v1', [envelope('comment', uuidv7(), 'feed.comment.added', 1, { postId: article.aggregateId, authorId: people[7]!.id, parentCommentId: uuidv7(), audience: { kind: 'organisation' }, body: 'Agreed', mentions: [] }, '2026-11-16T11:00:00.000Z')]);
    await until('the early reactions, in the people\'s cells', async () => (await allCell('week', '2026-W47', 'reactions')) === 6 && (await allCell('week', '2026-W47', 'comments')) === 1);
    await send('feed.post.events.v1', [article]);
    await until('the early reactions, in the article\'s cells', async () => (await postCell('postKind', 'article', 'reactions', '2026-W47')) === 6 && (await postCell('postKind', 'article', 'comments', '2026-W47')) === 1);
    // The revocation list must have loaded before a token is accepted.
    await until('the platform guard', async () => (await get('/v1/insights/transparency')).status === 200);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
    const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: database }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  const week = 'granularity=week&from=2026-11-02&to=2026-11-08';

  it('top org units: support (2) and board (0) hidden, and sales hidden with them so the total minus engineering covers 12 people', async () => {
    const { status, body } = await get(`/v1/insights/series?metric=active&${week}&by=orgUnit`);
    expect(status).toBe(200);
    expect(body.rows).toEqual([{ period: '2026-W45', total: 33, parts: [{ key: 'board', value: null }, { key: 'engineering', value: 21 }, { key: 'sales', value: null }, { key: 'support', value: null }] }]);
    // The attacker's 33 - 21 = 12 people spread over three hidden units, not support's 2.
  });

  it('parent minus children: the director directly in engineering stays hidden (web is hidden with them)', async () => {
    const { body } = await get(`/v1/insights/series?metric=active&${week}&by=orgUnit&parent=engineering`);
    expect(body.rows).toEqual([{ period: '2026-W45', total: 21, parts: [{ key: 'engineering/platform', value: 12 }, { key: 'engineering/web', value: null }] }]);
    // The same figure for engineering as at the top level (two overlapping requests agree).
    const breakdown = await get('/v1/insights/breakdown?metric=active&granularity=week&period=2026-11-04&by=orgUnit&parent=engineering');
    expect(breakdown.body).toMatchObject({ period: '2026-W45', total: 21, parts: [{ key: 'engineering/platform', value: 12, sharePercent: 57.1 }, { key: 'engineering/web', value: null, sharePercent: null }] });
  });

  it('management levels: leaders are 4 people, so employees are hidden too (the total minus employees would be the 4)', async () => {
    const { body } = await get(`/v1/insights/series?metric=active&${week}&by=level`);
    expect(body.rows[0]).toEqual({ period: '2026-W45', total: 33, parts: ['employee', 'manager', 'director', 'board'].map((key) => ({ key, value: null })) });
  });

  it('adoption: reach from the shown total and the shown headcount; posts per week; the CSV carries the same suppression', async () => {
    const { body } = await get(`/v1/insights/adoption?${week}`);
    expect(body).toMatchObject({ k: K, headcount: 43, periods: [{ period: '2026-W45', activePeople: 33, reachPercent: 76.7, posts: 33 }] });
    // Per top org unit: engineering 21 of its 26 active (the 5 not active are k, so the reach is given).
    const byUnit = await get(`/v1/insights/adoption?${week}&by=orgUnit`);
    expect(byUnit.body.periods[0].parts).toEqual([
      { key: 'board', activePeople: null, reachPercent: null },
      { key: 'engineering', activePeople: 21, reachPercent: 80.8 },
      { key: 'sales', activePeople: null, reachPercent: null },
      { key: 'support', activePeople: null, reachPercent: null },
    ]);
    // 20 people in 0-24, 9 in 50-74, 14 in 75-99: the empty bands are hidden, and 50-74 with them (else 43 - 20 - 14 = 9 there).
    expect(body.profileCompleteness).toEqual([
      { band: '0-24', count: 20, sharePercent: 46.5 },
      { band: '25-49', count: null, sharePercent: null },
      { band: '50-74', count: null, sharePercent: null },
      { band: '75-99', count: 14, sharePercent: 32.6 },
      { band: '100', count: null, sharePercent: null },
    ]);
    const csv = await get(`/v1/insights/export.csv?metric=active&${week}&by=orgUnit`);
    expect(csv.text.split('\r\n').filter(Boolean)).toEqual([
      'period,dimension,value,metric,figure,suppressed',
      '2026-W45,all,all,active,33,false',
      '2026-W45,orgUnit,board,active,,true',
      '2026-W45,orgUnit,engineering,active,21,false',
      '2026-W45,orgUnit,sales,active,,true',
      '2026-W45,orgUnit,support,active,,true',
    ]);
  });

  it('adoption: profile completeness per part is the two-way table of parts x bands, suppressed as a whole (rows, bands and parent minus children)', async () => {
    const none = ['0-24', '25-49', '50-74', '75-99', '100'].map((band) => ({ band, count: null, sharePercent: null }));
    // Top units: board (1) and support (3) show nothing; sales (13) is hidden with them (else 43 - 26 - 1 - 3). Engineering's
    // 26 are shown, its bands are not: its 75-99 (14) is the whole organisation's 14 (the other units' 0 there would be told),
    // and with it its 50-74 (9), else its 26 minus 14 and 9 would be its 3 people in 0-24.
    const top = await get(`/v1/insights/adoption?${week}&by=orgUnit`);
    expect(top.status).toBe(200);
    expect(top.body.profileCompletenessByPart).toEqual([
      { key: 'board', profiles: null, bands: none },
      { key: 'engineering', profiles: 26, bands: none },
      { key: 'sales', profiles: null, bands: none },
      { key: 'support', profiles: null, bands: none },
    ]);
    expect(top.body).not.toHaveProperty('profileCompletenessOfParent');
    // Under engineering: platform 15, web 10 and the director directly in engineering (1): web is hidden with them; the
    // parent's own figures are the same as at the top level (two overlapping requests agree).
    const under = await get(`/v1/insights/adoption?${week}&by=orgUnit&parent=engineering`);
    expect(under.body.profileCompletenessOfParent).toEqual({ key: 'engineering', profiles: 26, bands: none });
    expect(under.body.profileCompletenessByPart).toEqual([
      { key: 'engineering/platform', profiles: 15, bands: none },
      { key: 'engineering/web', profiles: null, bands: none },
    ]);
    expect(under.body.profileCompleteness).toEqual(top.body.profileCompleteness);
    // Levels: 38 employees, 15 of them in 0-24 (12 sales, 3 support); the leaders' 5 in 0-24 are the rest of the
    // organisation's 20 there (k), their other bands are 0 and stay hidden, and so do the employees' 9 and 14.
    const levels = await get(`/v1/insights/adoption?${week}&by=level`);
    expect(levels.body.profileCompletenessByPart).toEqual([
      { key: 'employee', profiles: 38, bands: [{ band: '0-24', count: 15, sharePercent: 39.5 }, ...none.slice(1)] },
      { key: 'manager', profiles: null, bands: none },
      { key: 'director', profiles: null, bands: none },
      { key: 'board', profiles: null, bands: none },
    ]);
    const csv = await get(`/v1/insights/adoption.csv?${week}&by=level`);
    expect(csv.text.split('\r\n')).toEqual(expect.arrayContaining(['current,profileCompletenessByPart.employee.profiles,38,false', 'current,profileCompletenessByPart.employee.bands.0-24.sharePercent,39.5,false', 'current,profileCompletenessByPart.manager.bands.0-24.count,,true']));
  });

  it('week minus its days: Monday alone would be the week, so the days of a week with a small day are hidden together', async () => {
    const { body } = await get('/v1/insights/series?metric=posts&granularity=day&from=2026-11-02&to=2026-11-08');
    // Monday 33 posts, the other days 0 (hidden): hidden days together cover 0 people, so Monday is hidden too.
    expect(body.rows.map((r: { total: number | null }) => r.total)).toEqual([null, null, null, null, null, null, null]);
    const weekly = await get(`/v1/insights/series?metric=posts&${week}`);
    expect(weekly.body.rows[0].total).toBe(33);
  });

  const w46 = 'granularity=week&from=2026-11-09&to=2026-11-15';
  const kinds = (rows: { parts: { key: string; value: number | null }[] }[]) => Object.fromEntries(rows[0]!.parts.map((p) => [p.key, p.value]));

  it('posts and reactions per post kind: the kinds of fewer than k people are hidden, with the smallest other one when needed', async () => {
    const posts = await get(`/v1/insights/series?metric=posts&${w46}&by=postKind`);
    expect(posts.status).toBe(200);
    // Ideas (2 authors) and the kinds nobody used are hidden; so are the announcements (6), else 20 - 12 - 6 = the ideas of 2 people.
    expect(posts.body.rows[0].total).toBe(20);
    expect(kinds(posts.body.rows)).toEqual({ update: null, question: 12, idea: null, personal: null, article: null, announcement: null });
    const reactions = await get(`/v1/insights/series?metric=reactions&${w46}&by=postKind`);
    expect(reactions.body.rows[0].total).toBe(25);
    expect(kinds(reactions.body.rows)).toEqual({ update: null, question: 20, idea: null, personal: null, article: null, announcement: null });
    const byCta = await get(`/v1/insights/series?metric=posts&${w46}&by=callToAction`);
    expect(kinds(byCta.body.rows)).toEqual({ answer: 12, 'share-ideas': null, 'sign-up': null, acknowledge: null, vote: null, fyi: null });
    const csv = await get(`/v1/insights/export.csv?metric=reactions&${w46}&by=postKind`);
    expect(csv.text.split('\r\n').filter(Boolean).slice(0, 4)).toEqual(['period,dimension,value,metric,figure,suppressed', '2026-W46,all,all,reactions,25,false', '2026-W46,postKind,update,reactions,,true', '2026-W46,postKind,question,reactions,20,false']);
  });

  it('engagement view: counts per post kind and call to action, and per post only from shown counts', async () => {
    const { status, body } = await get(`/v1/insights/engagement?${w46}`);
    expect(status).toBe(200);
    const [period] = body.periods;
    const byKind = Object.fromEntries(period.byPostKind.map(({ key, ...figures }: { key: string }) => [key, figures]));
    expect(byKind['all']).toEqual({ posts: 20, comments: 8, reactions: 25, responses: 7, perPost: { comments: 0.4, reactions: 1.25, responses: 0.35 } });
    // Comments (8 people) and acknowledgements (7) went to one kind each: hidden with the kinds nobody used.
    expect(byKind['question']).toEqual({ posts: 12, comments: null, reactions: 20, responses: null, perPost: { comments: null, reactions: 1.67, responses: null } });
    expect(byKind['announcement']).toEqual({ posts: null, comments: null, reactions: null, responses: null, perPost: { comments: null, reactions: null, responses: null } });
    expect(period.byCallToAction.map((c: { key: string; posts: number | null }) => [c.key, c.posts])).toEqual([['all', 20], ['answer', 12], ['share-ideas', null], ['sign-up', null], ['acknowledge', null], ['vote', null], ['fyi', null]]);
    // The same figures as CSV, one line per figure named by its path; only for insights-viewer.
    const csv = await get(`/v1/insights/engagement.csv?${w46}`);
    expect(csv.status).toBe(200);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('period,figure,value,suppressed');
    expect(lines).toEqual(expect.arrayContaining(['2026-W46,byPostKind.question.reactions,20,false', '2026-W46,byPostKind.question.perPost.reactions,1.67,false', '2026-W46,byPostKind.idea.posts,,true', '2026-W46,byCallToAction.answer.posts,12,false']));
    expect((await get(`/v1/insights/engagement.csv?${w46}`, ['employee'])).status).toBe(403);
    const adoption = await get(`/v1/insights/adoption.csv?${week}&by=orgUnit`);
    expect(adoption.text.split('\r\n')).toEqual(expect.arrayContaining(['current,headcount,43,false', 'current,profileCompleteness.0-24.count,20,false', '2026-W45,parts.engineering.reachPercent,80.8,false', '2026-W45,parts.sales.activePeople,,true']));
    const monthly = await get('/v1/insights/engagement?granularity=month&from=2026-11-01&to=2026-11-30');
    expect(monthly.body.periods[0]).not.toHaveProperty('byPostKind');
  });

  it('a post breakdown of a metric that is not about posts is refused, naming query.by', async () => {
    const { status, body } = await get(`/v1/insights/series?metric=active&${w46}&by=postKind`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'query.by' })]);
  });

  it('reactions and a reply that came before their post count in its cells once, as reactions and a comment (the reply is no answer)', async () => {
    const article = (await service.infrastructure.cells.read({ granularity: 'week', from: '2026-W47', to: '2026-W47', dimension: 'postKind', values: ['article'] }))[0]!.metrics;
    expect(article).toEqual({ posts: 1, active_posted: 1, reactions: 6, active_reacted: 6, comments: 1, active_commented: 1 });
    expect(await allCell('week', '2026-W47', 'questions_answered')).toBe(0);
    const { body } = await get('/v1/insights/series?metric=reactions&granularity=week&from=2026-11-16&to=2026-11-22&by=postKind');
    expect(body.rows[0].total).toBe(6);
  });
});
