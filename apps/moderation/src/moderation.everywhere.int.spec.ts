import { userProvisionedV1 } from '@plein/identity/contracts';
import { randomBytes } from 'node:crypto';
// The other services' own test kits: this spec boots the real feed, profiles and notifications
// beside moderation (tests may cross service boundaries), all on moderation's topic prefix, each
// with its own database (and profiles with its own index prefix).
import { startFeed, type FeedUnderTest } from '../../feed/src/testing/feed-test-kit';
import { sourcesCaughtUp, startNotifications, type NotificationsUnderTest } from '../../notifications/src/testing/notifications-harness';
import { startProfiles, type ProfilesUnderTest } from '../../profiles/src/testing/profiles-harness';
import { person, startModeration, waitFor, type ModerationUnderTest, type TestUser } from './testing/moderation-test-kit';

/**
 * "Gone everywhere within 5 s": after a moderator hides or removes a post or comment, it leaves
 * every read path of every service for a reader within 5 s of the decision, and a restore brings
 * it back. The real moderation, feed, profiles and notifications services run in this process on
 * one topic prefix. Each scenario is a question (organisation-wide, a hashtag, a mention of the
 * reader) with an accepted answer (expertise evidence for the answerer, notifications for the
 * reader, the asker and the answerer) and a post in an open group with the same hashtag.
 *
 * The time to gone of every path is printed (console.log); the only timed assertion is the 5 s
 * requirement itself.
 */
const REQUIREMENT_MS = 5_000;
/** How long a path is watched before it counts as not cleared (longer than the requirement, so the output says by how much it missed). */
const WATCH_MS = 15_000;

interface Path {
  readonly name: string;
  /** Whether the content is on this path for its reader right now. */
  present(): Promise<boolean>;
}

interface Item {
  readonly id: string;
}
interface InboxItem {
  readonly type: string;
  readonly read: boolean;
  readonly target: { readonly kind: string; readonly id: string; readonly postId?: string };
}
interface Hit {
  readonly userId: string;
  readonly why: { readonly expertise: readonly { readonly topic: string }[] };
}
interface Standing {
  readonly topic: string;
  readonly total: Record<string, number>;
}

describe('moderation: hidden or removed content is gone from every read path within 5 s (feed, profiles, notifications; real servers, one topic prefix)', () => {
  let moderation: ModerationUnderTest;
  let feed: FeedUnderTest;
  let profiles: ProfilesUnderTest;
  let notifications: NotificationsUnderTest;
  const asker = person();
  const answerer = person();
  const reader = person();
  const rival = person();
  const moderator = person(['employee', 'moderator']);
  let groupId: string;
  const measured: string[] = [];

  beforeAll(async () => {
    moderation = await startModeration();
    const shared = { KAFKA_TOPIC_PREFIX: moderation.prefix };
    // One after another (a loaded machine times out side-by-side boots); each one that started is closed in afterAll.
    feed = await startFeed({ ...shared, FEED_CONSUMERS: 'on' });
    profiles = await startProfiles(shared);
    notifications = await startNotifications(shared);
    for (const [k, u] of [asker, answerer, reader, rival, moderator].entries()) {
      await moderation.publish(userProvisionedV1, u.id, {
        ...userProvisionedV1.example,
        externalId: `x-${u.id}`,
        userName: `u${u.id.slice(-12)}`,
        email: `${u.id.slice(-12)}@example.org`,
        displayName: `Person ${k} ${u.id.slice(-4)}`,
        managerId: null,
        roles: ['employee'],
      });
    }
    const users = feed.service.infrastructure.deps.readModels.users;
    await waitFor('the feed to know the people', async () => (await Promise.all([asker, answerer, reader, rival].map((u) => users.user(u.id)))).every((u) => u?.active), 60_000);
    await waitFor('profiles to know the people', async () => (await Promise.all([answerer, rival].map((u) => profiles.call(reader.id, 'GET', `/v1/profiles/${u.id}`)))).every((r) => r.status === 200), 60_000);
    const group = await feed.call(asker.id, 'POST', '/v1/groups', { name: `Platform ${randomBytes(3).toString('hex')}`, visibility: 'open' });
    expect(group.status).toBe(201);
    groupId = group.body.groupId as string;
    for (const u of [reader, answerer]) expect((await feed.call(u.id, 'POST', `/v1/groups/${groupId}/join`, {})).status).toBe(200);
    expect((await feed.call(reader.id, 'PUT', `/v1/follows/person/${asker.id}`)).status).toBeLessThan(300);
  }, 300_000);

  afterAll(async () => {
    if (measured.length > 0) console.log(`time to gone / back per read path (ms from the decision request to the first request that found it so):\n${measured.join('\n')}`);
    await Promise.all([feed?.close(), profiles?.close(), notifications?.close()]);
    await moderation?.close();
  });

  /** A thread: a question with a hashtag and a mention, its accepted answer, a rival's post on the topic and a group post with the hashtag. */
  async function thread() {
    const tag = `topic${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
    const question = await feed.call(asker.id, 'POST', '/v1/posts', {
      audience: { kind: 'organisation' },
      kind: 'question',
      body: `How do we roll out #${tag} upgrades without downtime? @[${reader.id}] knows the old setup.`,
      callToAction: { kind: 'answer' },
    });
    expect(question.status).toBe(201);
    const postId = question.body.id as string;
    const answer = await feed.call(answerer.id, 'POST', `/v1/posts/${postId}/comments`, { body: 'Drain one node at a time, then upgrade the control plane.' });
    expect(answer.status).toBe(201);
    const commentId = answer.body.id as string;
    expect((await feed.call(asker.id, 'POST', `/v1/posts/${postId}/accepted-answer`, { commentId })).status).toBeLessThan(300);
    // The rival's weaker evidence on the topic (a post counts 1, an accepted answer 5): the answerer ranks first while the answer counts.
    expect((await feed.call(rival.id, 'POST', '/v1/posts', { audience: { kind: 'organisation' }, kind: 'update', body: `Notes on #${tag}.`, callToAction: { kind: 'fyi' } })).status).toBe(201);
    const inGroup = await feed.call(asker.id, 'POST', '/v1/posts', { audience: { kind: 'group', groupId }, kind: 'update', body: `The #${tag} rollout plan for this group.`, callToAction: { kind: 'fyi' } });
    expect(inGroup.status).toBe(201);
    return { tag, postId, commentId, groupPostId: inGroup.body.id as string };
  }
  type Thread = Awaited<ReturnType<typeof thread>>;

  // ---- the read paths ----
  const listed = async (who: string, path: string, id: string) => {
    const res = await feed.call(who, 'GET', path);
    return res.status === 200 && (res.body.items as Item[]).some((i) => i.id === id);
  };
  const postById = (who: TestUser, postId: string): Path => ({ name: `feed post by id (${label(who)})`, present: async () => (await feed.call(who.id, 'GET', `/v1/posts/${postId}`)).status === 200 });
  const homeTimeline = (postId: string): Path => ({ name: 'feed home timeline', present: () => listed(reader.id, '/v1/timelines/home?limit=100', postId) });
  const organisationTimeline = (postId: string): Path => ({ name: 'feed organisation timeline', present: () => listed(reader.id, '/v1/timelines/organisation?limit=100', postId) });
  const hashtagTimeline = (t: Thread, postId: string): Path => ({ name: 'feed hashtag timeline', present: () => listed(reader.id, `/v1/timelines/hashtags/${t.tag}?limit=100`, postId) });
  const groupTimeline = (postId: string): Path => ({ name: 'feed group timeline', present: () => listed(reader.id, `/v1/groups/${groupId}/posts?limit=100`, postId) });
  const commentsList = (who: TestUser, t: Thread): Path => ({ name: `feed comments list (${label(who)})`, present: () => listed(who.id, `/v1/posts/${t.postId}/comments?limit=50`, t.commentId) });
  const counts = (standings: readonly Standing[] | undefined, tag: string) => (standings ?? []).find((s) => s.topic === tag)?.total['accepted-answer'] ?? 0;
  const profileEvidence = (t: Thread): Path => ({
    name: 'profiles evidence on the profile',
    present: async () => counts((await profiles.call(reader.id, 'GET', `/v1/profiles/${answerer.id}`)).body?.expertise, t.tag) > 0,
  });
  const expertiseEvidence = (t: Thread): Path => ({
    name: 'profiles expertise route',
    present: async () => counts((await profiles.call(reader.id, 'GET', `/v1/profiles/${answerer.id}/expertise`)).body?.topics, t.tag) > 0,
  });
  const hits = async (t: Thread): Promise<Hit[]> => {
    const res = await profiles.call(reader.id, 'GET', `/v1/profiles/search?q=${t.tag}&limit=20`);
    return res.status === 200 ? (res.body.items as Hit[]) : [];
  };
  const searchEvidence = (t: Thread): Path => ({
    name: 'profiles search hit evidence (why)',
    present: async () => (await hits(t)).some((h) => h.userId === answerer.id && h.why.expertise.some((e) => e.topic === t.tag)),
  });
  const searchRanking = (t: Thread): Path => ({
    name: 'profiles search ranking (answerer above rival)',
    present: async () => {
      const ids = (await hits(t)).map((h) => h.userId);
      return ids.includes(answerer.id) && ids.includes(rival.id) && ids.indexOf(answerer.id) < ids.indexOf(rival.id);
    },
  });
  const inbox = async (who: TestUser): Promise<InboxItem[]> => {
    const res = await notifications.call(who.id, 'GET', '/v1/notifications?limit=100');
    return res.status === 200 ? (res.body.items as InboxItem[]) : [];
  };
  const about = (item: InboxItem, id: string) => item.target.id === id || item.target.postId === id;
  const inboxItem = (who: TestUser, type: string, id: string): Path => ({
    name: `notifications inbox (${label(who)}: ${type})`,
    present: async () => (await inbox(who)).some((i) => i.type === type && about(i, id)),
  });
  /** The unread count lower by the unread items about `id` the person had at `baseline`. */
  const unreadCount = (who: TestUser, baseline: { unread: number; about: number }): Path => ({
    name: `notifications unread count (${label(who)})`,
    present: async () => {
      const res = await notifications.call(who.id, 'GET', '/v1/notifications/unread-count');
      return res.status === 200 && (res.body.unread as number) > baseline.unread - baseline.about;
    },
  });
  const label = (who: TestUser) => (who === asker ? 'asker' : who === answerer ? 'answerer' : who === reader ? 'reader' : 'other');

  async function unreadBaseline(who: TestUser, id: string) {
    // Every notification about the thread written (e.g. a group post's), so the count moves only by the decision.
    await sourcesCaughtUp(notifications);
    const res = await notifications.call(who.id, 'GET', '/v1/notifications/unread-count');
    const items = await inbox(who);
    return { unread: res.body.unread as number, about: items.filter((i) => !i.read && about(i, id)).length };
  }

  async function allPresent(paths: readonly Path[]): Promise<void> {
    for (const p of paths) await waitFor(`${p.name} to show the content`, p.present, 90_000);
  }

  /**
   * Watches every path from `since` until each answers `present === want`, printing the time each
   * took; every path must get there within the requirement.
   */
  async function within5s(what: string, since: number, paths: readonly Path[], want: boolean): Promise<void> {
    const took = new Map<string, number>();
    const answered = new Map<string, number>();
    // Each path polled on its own, 200 ms apart: a path's time is when the first request that found
    // it in the wanted state was sent (a reader asking then got that answer); when that answer
    // arrived is printed beside it.
    await Promise.all(
      paths.map(async (p) => {
        while (Date.now() - since < WATCH_MS) {
          const asked = Date.now();
          if ((await p.present()) === want) {
            took.set(p.name, asked - since);
            answered.set(p.name, Date.now() - since);
            return;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      }),
    );
    for (const p of paths) measured.push(`  ${what.padEnd(28)} ${p.name.padEnd(52)} ${took.has(p.name) ? `${took.get(p.name)} ms (answered at ${answered.get(p.name)} ms)` : `not within ${WATCH_MS} ms`}`);
    const late = paths.filter((p) => (took.get(p.name) ?? Infinity) > REQUIREMENT_MS).map((p) => `${p.name}: ${took.get(p.name) ?? `> ${WATCH_MS}`} ms`);
    expect({ what, late }).toEqual({ what, late: [] });
  }

  async function report(contentType: 'post' | 'comment', contentId: string): Promise<void> {
    let status = 0;
    await waitFor(`the ${contentType} to reach moderation`, async () => {
      status = (await moderation.call(reader, 'POST', '/v1/moderation/reports', { contentType, contentId, reason: 'harassment' })).status;
      return status !== 404;
    }, 60_000);
    expect(status).toBe(201);
  }

  async function decide(contentType: 'post' | 'comment', contentId: string, kind: 'hide' | 'restore' | 'remove'): Promise<number> {
    const at = Date.now();
    const res = await moderation.call(moderator, 'POST', `/v1/moderation/cases/${contentType}/${contentId}/decisions`, { kind, reasonCode: 'harassment', rule: 'Be respectful', statement: `Moderation test: ${kind}.` });
    expect([res.status, res.body]).toEqual([201, expect.anything()]);
    return at;
  }

  /** Every path the post is on for the reader (the group post's paths with it). */
  const postPaths = (t: Thread): Path[] => [
    postById(reader, t.postId),
    homeTimeline(t.postId),
    organisationTimeline(t.postId),
    hashtagTimeline(t, t.postId),
    commentsList(reader, t),
    profileEvidence(t),
    expertiseEvidence(t),
    searchEvidence(t),
    searchRanking(t),
    inboxItem(reader, 'mention', t.postId),
    inboxItem(answerer, 'answer-accepted', t.postId),
  ];
  const groupPostPaths = (t: Thread): Path[] => [postById(reader, t.groupPostId), groupTimeline(t.groupPostId), hashtagTimeline(t, t.groupPostId)];
  /** Every path the answer is on for a reader (the asker is not its author). */
  const commentPaths = (t: Thread): Path[] => [commentsList(reader, t), profileEvidence(t), expertiseEvidence(t), searchEvidence(t), searchRanking(t), inboxItem(asker, 'answer', t.commentId)];

  it('hide a post: gone from every read path within 5 s (its author still sees it, with the notice); restore: back everywhere within 5 s', async () => {
    const t = await thread();
    const paths = [...postPaths(t), ...groupPostPaths(t)];
    await allPresent(paths);
    await report('post', t.postId);
    await report('post', t.groupPostId);
    const readerUnread = unreadCount(reader, await unreadBaseline(reader, t.postId));

    const hiddenAt = await decide('post', t.postId, 'hide');
    const groupHiddenAt = await decide('post', t.groupPostId, 'hide');
    await Promise.all([within5s('hide post', hiddenAt, [...postPaths(t), readerUnread], false), within5s('hide group post', groupHiddenAt, groupPostPaths(t), false)]);
    const own = await feed.call(asker.id, 'GET', `/v1/posts/${t.postId}`);
    expect([own.status, own.body.notice]).toEqual([200, 'hidden-by-moderation']);

    const restoredAt = await decide('post', t.postId, 'restore');
    const groupRestoredAt = await decide('post', t.groupPostId, 'restore');
    await Promise.all([within5s('restore post', restoredAt, [...postPaths(t), readerUnread], true), within5s('restore group post', groupRestoredAt, groupPostPaths(t), true)]);
  }, 240_000);

  it('hide a comment: gone from every read path within 5 s (its author still sees it, with the notice); restore: back everywhere within 5 s', async () => {
    const t = await thread();
    const paths = commentPaths(t);
    await allPresent(paths);
    await report('comment', t.commentId);
    const askerUnread = unreadCount(asker, await unreadBaseline(asker, t.commentId));

    const hiddenAt = await decide('comment', t.commentId, 'hide');
    await within5s('hide comment', hiddenAt, [...paths, askerUnread], false);
    const own = await feed.call(answerer.id, 'GET', `/v1/posts/${t.postId}/comments?limit=50`);
    expect((own.body.items as (Item & { notice: string | null })[]).find((c) => c.id === t.commentId)).toMatchObject({ notice: 'hidden-by-moderation' });
    // The post itself stays.
    expect((await feed.call(reader.id, 'GET', `/v1/posts/${t.postId}`)).status).toBe(200);

    const restoredAt = await decide('comment', t.commentId, 'restore');
    await within5s('restore comment', restoredAt, [...paths, askerUnread], true);
  }, 240_000);

  it('remove: the comment and then the post are gone for good within 5 s, for their authors too; a restore is refused', async () => {
    const t = await thread();
    await allPresent([...postPaths(t), ...commentPaths(t)]);
    await report('comment', t.commentId);
    await report('post', t.postId);

    const commentRemovedAt = await decide('comment', t.commentId, 'remove');
    await within5s('remove comment', commentRemovedAt, [...commentPaths(t), commentsList(answerer, t)], false);

    const removedAt = await decide('post', t.postId, 'remove');
    await within5s('remove post', removedAt, [...postPaths(t), postById(asker, t.postId)], false);

    for (const [type, id] of [['post', t.postId], ['comment', t.commentId]] as const) {
      const restore = await moderation.call(moderator, 'POST', `/v1/moderation/cases/${type}/${id}/decisions`, { kind: 'restore', reasonCode: 'harassment', rule: 'Be respectful', statement: 'Moderation test: restore.' });
      expect([restore.status, restore.body.code]).toEqual([409, 'MODERATION.INVALID_DECISION']);
    }
    // Still gone from every path after the refused restores.
    for (const p of [...postPaths(t), ...commentPaths(t), postById(asker, t.postId)]) expect([p.name, await p.present()]).toEqual([p.name, false]);
  }, 240_000);
});
