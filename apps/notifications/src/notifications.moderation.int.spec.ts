import type { Notification } from '@plein/notifications/domain';
import { uuidv7, type EventEnvelope } from '@plein/shared/kernel';
import { notificationsPerSuite, openStream, sourcesCaughtUp, waitFor, type NotificationsUnderTest } from './testing/notifications-harness';

/**
 * Moderation and deletion reach the inbox (real servers): content a moderator hides leaves every
 * read of everyone but its author within 5 s, a restore brings it back as it was, a deletion removes
 * it; redelivered moderation events change nothing.
 */
describe('notifications: moderated and deleted content', () => {
  const suite = notificationsPerSuite();
  let n: NotificationsUnderTest;
  beforeAll(() => {
    n = suite.notifications;
  });

  const people = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await n.events.person());
    await waitFor('people known', async () => (await n.infrastructure.sourceDeps.people.activeAmong(ids)).size === ids.length);
    return ids;
  };
  const view = (items: readonly Notification[]) => items.map((i) => ({ id: i.id, type: i.type, seq: i.seq, read: i.read }));
  const postEvent = (postId: string, type: string, data: object): Promise<EventEnvelope> => n.events.publish(n.events.topics.posts, 'post', postId, type, data, { actorId: uuidv7() });
  const commentEvent = (commentId: string, type: string, data: object): Promise<EventEnvelope> => n.events.publish(n.events.topics.comments, 'comment', commentId, type, data, { actorId: uuidv7() });

  it('a hidden post leaves the list, the unread count and the stream of everyone but its author within 5 s; a restore brings it back as it was', async () => {
    const [author, mentioned, commenter, inComment, reactor, late] = (await people(6)) as [string, string, string, string, string, string];
    const postId = await n.events.post(author, { mentions: [mentioned], title: 'Office move' });
    const commentId = await n.events.comment(postId, commenter, { mentions: [inComment] });
    await n.events.react(postId, reactor, { type: 'comment', id: commentId });
    const other = await n.events.post(reactor, { mentions: [mentioned] });
    await waitFor('items written', async () => (await n.inbox(mentioned)).length === 2 && (await n.inbox(inComment)).length === 1 && (await n.inbox(commenter)).length === 1 && (await n.inbox(author)).length === 1);
    // The mention of the post is read; the read state must survive the hide and the restore.
    const mention = (await n.inbox(mentioned)).find((i) => i.target.id === postId)!;
    expect((await n.call(mentioned, 'PUT', `/v1/notifications/${mention.id}/read`)).status).toBe(200);
    const before = { mentioned: view(await n.inbox(mentioned)), inComment: view(await n.inbox(inComment)), commenter: view(await n.inbox(commenter)), author: view(await n.inbox(author)) };
    expect(await n.unread(mentioned)).toBe(1);

    const hiddenAt = Date.now();
    const hide = await postEvent(postId, 'feed.post.hidden', { decisionId: uuidv7(), reasonCode: 'harassment' });
    await waitFor(
      'the hidden post gone from the readers',
      async () => (await n.inbox(mentioned)).length === 1 && (await n.inbox(inComment)).length === 0 && (await n.inbox(commenter)).length === 0,
      5_000,
    );
    expect(Date.now() - hiddenAt).toBeLessThan(5_000);
    // Only the other post's mention stays; the unread count and a single item read follow.
    expect((await n.inbox(mentioned)).map((i) => i.target.id)).toEqual([other]);
    expect(await n.unread(mentioned)).toBe(1);
    expect(await n.unread(inComment)).toBe(0);
    expect((await n.call(inComment, 'GET', `/v1/notifications/${before.inComment[0]!.id}`)).status).toBe(404);
    expect((await n.call(inComment, 'PUT', `/v1/notifications/${before.inComment[0]!.id}/read`)).status).toBe(404);
    // The author still sees the post (the feed shows it with a notice): the comment on it stays.
    expect(view(await n.inbox(author))).toEqual(before.author);
    // A stream's catch-up (resume from 0) carries none of the hidden items.
    const stream = await openStream(n.url, await n.token(inComment), '0');
    expect(stream.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    stream.close();
    expect(stream.events.filter((e) => e.event === 'notification')).toEqual([]);
    // Marking everything read leaves the hidden item unread (as it was).
    expect((await n.call(inComment, 'POST', '/v1/notifications/read-all')).status).toBe(200);

    // Content about the hidden post written later is hidden too.
    await n.events.comment(postId, commenter, { mentions: [late] });
    await sourcesCaughtUp(n);
    expect(await n.inbox(late)).toEqual([]);
    expect(await n.unread(late)).toBe(0);

    await postEvent(postId, 'feed.post.restored', { decisionId: uuidv7() });
    await waitFor('the restored post back', async () => (await n.inbox(inComment)).length === 1 && (await n.inbox(late)).length === 1, 5_000);
    expect(view(await n.inbox(mentioned))).toEqual(before.mentioned);
    expect(view(await n.inbox(inComment))).toEqual(before.inComment);
    expect(view(await n.inbox(commenter))).toEqual(before.commenter);
    expect(await n.unread(mentioned)).toBe(1);
    expect(await n.unread(inComment)).toBe(1);

    // The hide delivered again after the restore changes nothing.
    await n.events.send([hide], n.events.topics.posts);
    await sourcesCaughtUp(n);
    expect(view(await n.inbox(mentioned))).toEqual(before.mentioned);
    expect(view(await n.inbox(inComment))).toEqual(before.inComment);
  });

  it('a hidden comment leaves the inbox of everyone but its author; restored it is back; a hidden post and a hidden comment are undone independently', async () => {
    const [author, commenter, inComment, reactor] = (await people(4)) as [string, string, string, string];
    const postId = await n.events.post(author);
    const commentId = await n.events.comment(postId, commenter, { mentions: [inComment] });
    await n.events.react(postId, reactor, { type: 'comment', id: commentId });
    await waitFor('items written', async () => (await n.inbox(inComment)).length === 1 && (await n.inbox(commenter)).length === 1 && (await n.inbox(author)).length === 1);
    const before = { inComment: view(await n.inbox(inComment)), commenter: view(await n.inbox(commenter)), author: view(await n.inbox(author)) };

    await commentEvent(commentId, 'feed.comment.hidden', { postId, decisionId: uuidv7(), reasonCode: 'spam' });
    await waitFor('the hidden comment gone', async () => (await n.inbox(inComment)).length === 0 && (await n.inbox(author)).length === 0, 5_000);
    // Its author keeps the reaction to it (the feed shows authors their own hidden comments).
    expect(view(await n.inbox(commenter))).toEqual(before.commenter);

    // The post hidden and restored while the comment stays hidden: the comment's items stay out.
    await postEvent(postId, 'feed.post.hidden', { decisionId: uuidv7(), reasonCode: 'spam' });
    await waitFor('the commenter loses the reaction with the post', async () => (await n.inbox(commenter)).length === 0, 5_000);
    await postEvent(postId, 'feed.post.restored', { decisionId: uuidv7() });
    await waitFor('the reaction back for the commenter', async () => (await n.inbox(commenter)).length === 1, 5_000);
    await sourcesCaughtUp(n);
    expect(await n.inbox(inComment)).toEqual([]);
    expect(await n.inbox(author)).toEqual([]);

    await commentEvent(commentId, 'feed.comment.restored', { postId, decisionId: uuidv7() });
    await waitFor('the comment back', async () => (await n.inbox(inComment)).length === 1 && (await n.inbox(author)).length === 1, 5_000);
    expect(view(await n.inbox(inComment))).toEqual(before.inComment);
    expect(view(await n.inbox(author))).toEqual(before.author);
  });

  it('deletion removes the items for good (the author\'s too, not the moderation outcome); redelivered, it changes nothing', async () => {
    const [author, mentioned, commenter, inComment, moderator] = (await people(5)) as [string, string, string, string, string];
    const postId = await n.events.post(author, { mentions: [mentioned] });
    const commentId = await n.events.comment(postId, commenter, { mentions: [inComment] });
    const keptPost = await n.events.post(author, { mentions: [mentioned] });
    const decisionId = uuidv7();
    await n.events.publish(n.events.topics.moderation, 'decision', `post:${postId}`, 'moderation.decision.taken', {
      decisionId, contentType: 'post', contentId: postId, postId, authorId: author, groupId: null, kind: 'remove', reasonCode: 'harassment',
      rule: 'Guidelines 2.1', statement: 'Removed.', appealable: true, moderatorId: moderator,
    });
    await waitFor('items written', async () => (await n.inbox(mentioned)).length === 2 && (await n.inbox(inComment)).length === 1 && (await n.inbox(author)).length === 2);

    const deleteComment = await commentEvent(commentId, 'feed.comment.deleted', { postId, by: 'author' });
    await waitFor('the deleted comment gone', async () => (await n.inbox(inComment)).length === 0 && (await n.inbox(author)).every((i) => i.type !== 'comment'), 5_000);
    const deletePost = await postEvent(postId, 'feed.post.deleted', { by: 'moderation', decisionId });
    await waitFor('the deleted post gone', async () => (await n.inbox(mentioned)).length === 1, 5_000);
    expect((await n.inbox(mentioned)).map((i) => i.target.id)).toEqual([keptPost]);
    expect((await n.inbox(author)).map((i) => i.type)).toEqual(['moderation-outcome']);
    const items = await n.infrastructure.inbox.items.countDocuments({ 'target.postId': postId, 'target.kind': { $ne: 'moderation-case' } });
    expect(items).toBe(0);

    // Delivered again (and a late comment on the deleted post): nothing comes back.
    await n.events.send([deleteComment], n.events.topics.comments);
    await n.events.send([deletePost], n.events.topics.posts);
    await n.events.comment(postId, commenter, { mentions: [mentioned] });
    await sourcesCaughtUp(n);
    expect((await n.inbox(mentioned)).map((i) => i.target.id)).toEqual([keptPost]);
    expect(await n.infrastructure.inbox.items.countDocuments({ 'target.postId': postId, 'target.kind': { $ne: 'moderation-case' } })).toBe(0);
  });

  it('hides an announcement from all its readers, and the delivery feed carries its items marked hidden (the channels send nothing)', async () => {
    const readers = await people(30);
    const [author] = (await people(1)) as [string];
    const groupId = await n.events.group('open', author, readers);
    await waitFor('members known', async () => (await n.infrastructure.sourceDeps.memberships.membersAmong(groupId, readers)).size === readers.length);
    const postId = await n.events.post(author, { kind: 'announcement', title: 'All hands', audience: { kind: 'group', groupId }, callToAction: { kind: 'fyi' } });
    await waitFor('announcement written', async () => (await n.infrastructure.inbox.items.countDocuments({ 'target.postId': postId })) === readers.length);
    expect((await n.infrastructure.inbox.readAfter(0, 1000)).filter((i) => i.target.postId === postId && i.hidden)).toEqual([]);

    const hiddenAt = Date.now();
    await postEvent(postId, 'feed.post.hidden', { decisionId: uuidv7(), reasonCode: 'spam' });
    await waitFor('hidden from every reader', async () => (await n.infrastructure.inbox.items.countDocuments({ 'target.postId': postId, hiddenByPost: true })) === readers.length, 5_000);
    expect(Date.now() - hiddenAt).toBeLessThan(5_000);
    for (const reader of readers) expect(await n.unread(reader)).toBe(0);
    const feed = (await n.infrastructure.inbox.readAfter(0, 1000)).filter((i) => i.target.postId === postId);
    expect(feed).toHaveLength(readers.length);
    expect(feed.every((i) => i.hidden === true)).toBe(true);
  });
});
