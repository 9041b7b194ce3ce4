import type { Notification } from '@plein/notifications/domain';
import { AcknowledgementTimer } from '@plein/notifications/infrastructure';
import { FixedClock, uuidv7 } from '@plein/shared/kernel';
import { notificationsPerSuite, projectionsCaughtUp, sourcesCaughtUp, waitFor, type NotificationsUnderTest } from './testing/notifications-harness';

/** The sources against the real servers: other services' events in, inbox items out (read over HTTP as the recipient). */
describe('notifications sources', () => {
  const suite = notificationsPerSuite();
  let n: NotificationsUnderTest;
  beforeAll(() => {
    n = suite.notifications;
  });

  /** Provisions people and waits until the people source knows them (a person the service does not know yet is never notified). */
  const people = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await n.events.person());
    await waitFor('people known', async () => (await n.infrastructure.sourceDeps.people.activeAmong(ids)).size === ids.length);
    return ids;
  };
  const waitItems = async (userId: string, count: number): Promise<Notification[]> => {
    await waitFor(`${count} items for ${userId}`, async () => (await n.inbox(userId)).length >= count);
    return n.inbox(userId);
  };

  it('tells the mentioned, the post author about comments, answers and reactions, a comment author about replies', async () => {
    const [author, commenter, replier, mentioned] = (await people(4)) as [string, string, string, string];
    const postId = await n.events.post(author, { mentions: [mentioned], title: 'Lab opening' });
    const commentId = await n.events.comment(postId, commenter);
    await n.events.comment(postId, replier, { parentCommentId: commentId });

    const mentions = await waitItems(mentioned, 1);
    expect(mentions).toEqual([expect.objectContaining({ type: 'mention', target: { kind: 'post', id: postId, postId }, actorIds: [author], actorCount: 1, read: false, confidential: false, excerpt: 'Lab opening' })]);
    const forAuthor = await waitItems(author, 2);
    expect(forAuthor.map((i) => [i.type, i.actorIds])).toEqual(
      expect.arrayContaining([
        ['comment', [commenter]],
        ['comment', [replier]],
      ]),
    );
    expect(await waitItems(commenter, 1)).toEqual([expect.objectContaining({ type: 'reply', actorIds: [replier], target: expect.objectContaining({ kind: 'comment', postId }) })]);

    const question = await n.events.post(author, { kind: 'question', callToAction: { kind: 'answer' } });
    const answerId = await n.events.comment(question, commenter);
    await waitFor('answer item', async () => (await n.inbox(author)).some((i) => i.type === 'answer' && i.target.id === answerId));
    await n.events.publish(n.events.topics.posts, 'post', question, 'feed.post.answer-accepted', { commentId: answerId, answererId: commenter, previousCommentId: null }, { actorId: author });
    await waitFor('answer accepted', async () => (await n.inbox(commenter)).some((i) => i.type === 'answer-accepted' && i.target.id === answerId));
  });

  it('groups reactions by target: one item with the actors, most recent first, and their count', async () => {
    const [author, ...reactors] = (await people(4)) as [string, string, string, string];
    const postId = await n.events.post(author);
    for (const r of reactors) await n.events.react(postId, r);
    await waitFor('three reactors', async () => (await n.inbox(author)).some((i) => i.type === 'reaction' && i.actorCount === 3));
    const items = (await n.inbox(author)).filter((i) => i.type === 'reaction');
    expect(items).toHaveLength(1);
    // Each reaction is its own aggregate (its own partition): the order they are handled in is the order of actorIds.
    expect(items[0]).toMatchObject({ groupKey: `reaction:${postId}`, actorCount: 3 });
    expect([...items[0]!.actorIds].sort()).toEqual([...reactors].sort());
  });

  it('tells an idea author about status changes, group owners about join requests, experts about questions, authors about moderation with the statement of reasons', async () => {
    const [author, owner, requester, expert, moderator] = (await people(5)) as [string, string, string, string, string];
    const idea = await n.events.post(author, { kind: 'idea', callToAction: { kind: 'share-ideas' } });
    await n.events.publish(n.events.topics.posts, 'post', idea, 'feed.post.idea-status-changed', { status: 'planned', previousStatus: 'proposed', audience: { kind: 'organisation' } }, { version: 2, actorId: owner });
    const groupId = await n.events.group('closed', owner);
    await n.events.publish(n.events.topics.members, 'member', `${groupId}:${requester}`, 'feed.member.join-requested', { groupId, userId: requester, message: 'Let me in', audience: { kind: 'group', groupId, visibility: 'closed' } }, { version: 2, actorId: requester });
    const question = await n.events.post(author, { kind: 'question', callToAction: { kind: 'answer' }, title: 'Helm or Kustomize?' });
    await n.events.publish(n.events.topics.experts, 'expert', question, 'profiles.expert.suggested', { postId: question, authorId: author, topics: ['helm'], experts: [{ userId: expert, topics: ['helm'] }] });
    const decisionId = uuidv7();
    await n.events.publish(n.events.topics.moderation, 'decision', `post:${idea}`, 'moderation.decision.taken', {
      decisionId, contentType: 'post', contentId: idea, postId: idea, authorId: author, groupId: null, kind: 'hide', reasonCode: 'harassment',
      rule: 'Guidelines 2.1', statement: 'Names a colleague. You can appeal once.', appealable: true, moderatorId: moderator,
    });

    await waitFor('idea status', async () => (await n.inbox(author)).some((i) => i.type === 'idea-status-changed' && i.target.id === idea && i.actorIds[0] === owner));
    expect(await waitItems(owner, 1)).toEqual([expect.objectContaining({ type: 'join-requested', actorIds: [requester], target: { kind: 'group', id: groupId, groupId }, confidential: true })]);
    expect(await waitItems(expert, 1)).toEqual([expect.objectContaining({ type: 'expert-suggested', target: expect.objectContaining({ id: question }), excerpt: 'Helm or Kustomize?' })]);
    await waitFor('moderation outcome', async () => (await n.inbox(author)).some((i) => i.type === 'moderation-outcome'));
    expect((await n.inbox(author)).find((i) => i.type === 'moderation-outcome')).toMatchObject({ excerpt: 'Guidelines 2.1: Names a colleague. You can appeal once.', confidential: true, target: { kind: 'moderation-case', id: decisionId } });
  });

  it('confirms sign-ups and RSVPs to the person (the platform confirms: not their own action)', async () => {
    const [author, me] = (await people(2)) as [string, string];
    const signUp = await n.events.post(author, { title: 'Lab tour', callToAction: { kind: 'sign-up', capacity: 10 } });
    await n.events.publish(n.events.topics.responses, 'response', `${signUp}:${me}`, 'feed.response.registered', { postId: signUp, userId: me, audience: { kind: 'organisation' } }, { version: 2, actorId: me });
    const agendaItemId = uuidv7();
    await n.events.publish(n.events.topics.rsvps, 'rsvp', `${agendaItemId}:${me}`, 'feed.rsvp.answered', { agendaItemId, userId: me, answer: 'yes', previousAnswer: null, audience: { kind: 'organisation' } }, { version: 2, actorId: me });
    await waitFor('both confirmations', async () => (await n.inbox(me)).length === 2);
    expect((await n.inbox(me)).map((i) => [i.type, i.target.id, i.actorIds]).sort()).toEqual([
      ['rsvp-confirmed', agendaItemId, []],
      ['signup-confirmed', signUp, []],
    ]);
  });

  it('reminds readers who have not acknowledged before the due date, then escalates to their managers (injected clock, once)', async () => {
    const [author, manager] = (await people(2)) as [string, string];
    const readers: string[] = [];
    for (let i = 0; i < 2; i++) readers.push(await n.events.person({ managerId: manager }));
    const [late, acked] = readers as [string, string];
    const outsider = (await people(1))[0]!;
    const groupId = await n.events.group('closed', author, [late, acked]);
    await waitFor('people and members known', async () => (await n.infrastructure.sourceDeps.memberships.membersAmong(groupId, readers)).size === 2 && (await n.infrastructure.sourceDeps.people.activeAmong(readers)).size === 2);
    const dueAt = '2030-03-01T12:00:00.000Z';
    const postId = await n.events.post(author, { kind: 'announcement', title: 'New travel policy', audience: { kind: 'group', groupId }, callToAction: { kind: 'acknowledge', dueAt } });
    await n.events.publish(n.events.topics.responses, 'response', `${postId}:${acked}`, 'feed.response.acknowledged', { postId, userId: acked, round: 1, audience: { kind: 'group', groupId } }, { version: 2, actorId: acked });
    await sourcesCaughtUp(n);
    const at = (iso: string) => new AcknowledgementTimer(n.infrastructure.sourceDeps, n.infrastructure.context, { clock: new FixedClock(new Date(iso)) });

    await at('2030-02-27T12:00:00.000Z').runOnce(); // two days before: nothing yet
    expect((await n.inbox(late)).filter((i) => i.type === 'acknowledgement-reminder')).toEqual([]);
    await at('2030-02-28T18:00:00.000Z').runOnce();
    await at('2030-02-28T19:00:00.000Z').runOnce();
    expect((await n.inbox(late)).filter((i) => i.type === 'acknowledgement-reminder')).toEqual([expect.objectContaining({ target: expect.objectContaining({ id: postId }), dueAt, excerpt: 'New travel policy', actorIds: [] })]);
    expect((await n.inbox(acked)).map((i) => i.type)).toEqual(['announcement']);
    expect((await n.inbox(manager)).filter((i) => i.type.startsWith('acknowledgement'))).toEqual([]);

    // After the due date: the manager of the one who did not acknowledge, but the manager is not a member of the closed group...
    await at('2030-03-01T12:01:00.000Z').runOnce();
    expect(await n.inbox(manager)).toEqual([]);
    // ...so a manager who can see the post is told, once.
    const postOrg = await n.events.post(author, { kind: 'announcement', title: 'Fire drill', callToAction: { kind: 'acknowledge', dueAt } });
    await n.events.publish(n.events.topics.responses, 'response', `${postOrg}:${acked}`, 'feed.response.acknowledged', { postId: postOrg, userId: acked, round: 1, audience: { kind: 'organisation' } }, { version: 2, actorId: acked });
    await sourcesCaughtUp(n);
    await at('2030-03-01T12:02:00.000Z').runOnce();
    await at('2030-03-01T12:03:00.000Z').runOnce();
    const escalations = (await n.inbox(manager)).filter((i) => i.type === 'acknowledgement-escalation');
    expect(escalations).toEqual([expect.objectContaining({ target: expect.objectContaining({ id: postOrg }), actorIds: [late], dueAt })]);
    expect((await n.inbox(outsider)).filter((i) => i.type === 'acknowledgement-escalation')).toEqual([]);
  });

  describe('never', () => {
    it('tells nobody about their own action', async () => {
      const [author, other] = (await people(2)) as [string, string];
      const postId = await n.events.post(author, { mentions: [author, other] });
      await n.events.comment(postId, author);
      await n.events.react(postId, author);
      await waitItems(other, 1);
      await sourcesCaughtUp(n);
      expect(await n.inbox(author)).toEqual([]);
    });

    it('tells no deactivated person', async () => {
      const [author, gone, control] = (await people(3)) as [string, string, string];
      await n.events.deactivate(gone);
      await waitFor('deactivated', async () => (await n.infrastructure.sourceDeps.people.activeAmong([gone])).size === 0);
      await n.events.post(author, { mentions: [gone, control] });
      await waitItems(control, 1);
      await sourcesCaughtUp(n);
      // A deactivated person cannot sign in (401), so the store is read directly.
      expect(await n.infrastructure.inbox.list(gone, 100)).toEqual([]);
    });

    it('tells nobody about content they cannot see: closed and secret groups only to members', async () => {
      const [owner, member, outsider] = (await people(3)) as [string, string, string];
      const closed = await n.events.group('closed', owner, [member]);
      const secret = await n.events.group('secret', owner, [member]);
      const open = await n.events.group('open', owner);
      await sourcesCaughtUp(n);
      await n.events.post(owner, { audience: { kind: 'group', groupId: closed }, mentions: [member, outsider] });
      await n.events.post(owner, { audience: { kind: 'group', groupId: secret }, mentions: [member, outsider] });
      await n.events.post(owner, { audience: { kind: 'group', groupId: open }, mentions: [outsider] });

      const forMember = await waitItems(member, 2);
      expect(forMember.every((i) => i.confidential && i.type === 'mention')).toBe(true);
      await waitItems(outsider, 1);
      await sourcesCaughtUp(n);
      // The outsider hears only about the open group's post.
      expect((await n.inbox(outsider)).map((i) => [i.type, i.target.groupId, i.confidential])).toEqual([['mention', open, false]]);
    });

    it('tells about followers-only content only its author and the author\'s current followers (mentions, comments, replies, reactions)', async () => {
      const [author, follower, stranger, former] = (await people(4)) as [string, string, string, string];
      await n.events.follow(follower, author);
      await n.events.follow(former, author);
      await n.events.follow(former, author, false);
      // Following someone else, or being followed by the author, is not following the author.
      await n.events.follow(stranger, follower);
      await n.events.follow(author, stranger);
      // The former follower's follow delivered again, after its stop: still not a follower.
      await n.events.resend([n.events.published.find((e) => e.aggregateId === `${former}:person:${author}`)!], n.events.topics.follows);
      await projectionsCaughtUp(n);
      const followers = { kind: 'followers' };
      const postId = await n.events.post(author, { audience: followers, mentions: [follower, stranger, former], title: 'Only for my followers' });
      const commentId = await n.events.comment(postId, follower, { audience: followers, mentions: [stranger, former] });
      await n.events.comment(postId, author, { audience: followers, parentCommentId: commentId, mentions: [stranger] });
      await n.events.react(postId, author, { type: 'comment', id: commentId }, followers);
      await n.events.react(postId, follower, { type: 'post', id: postId }, followers);

      await waitFor('the follower\'s three items', async () => (await n.inbox(follower)).length === 3);
      await waitFor('the author\'s two items', async () => (await n.inbox(author)).length === 2);
      await sourcesCaughtUp(n);
      const kinds = async (userId: string) => (await n.inbox(userId)).map((i) => [i.type, i.actorIds]).sort();
      expect(await kinds(follower)).toEqual([
        ['mention', [author]],
        ['reaction', [author]],
        ['reply', [author]],
      ]);
      expect((await n.inbox(follower)).every((i) => i.confidential)).toBe(true);
      expect(await kinds(author)).toEqual([
        ['comment', [follower]],
        ['reaction', [follower]],
      ]);
      expect(await n.inbox(stranger)).toEqual([]);
      expect(await n.inbox(former)).toEqual([]);

      // Following the author later: the next mention reaches them.
      await n.events.follow(stranger, author);
      await projectionsCaughtUp(n);
      const later = await n.events.post(author, { audience: followers, mentions: [stranger] });
      await waitFor('the mention of the new follower', async () => (await n.inbox(stranger)).some((i) => i.target.id === later));
      expect((await n.inbox(stranger)).map((i) => i.type)).toEqual(['mention']);
    });
  });

  it('changes nothing when events are delivered again', async () => {
    const [author, reactor] = (await people(2)) as [string, string];
    const postId = await n.events.post(author, { mentions: [reactor] });
    const reaction = await n.events.react(postId, reactor);
    await waitFor('the reaction', async () => (await n.inbox(author)).some((i) => i.type === 'reaction'));
    await waitItems(reactor, 1);
    const before = { author: await n.inbox(author), reactor: await n.inbox(reactor) };
    const published = n.events.published.find((e) => e.aggregateId === postId)!;
    await n.events.send([published], n.events.topics.posts);
    await n.events.send([reaction], n.events.topics.reactions);
    await sourcesCaughtUp(n);
    expect(await n.inbox(author)).toEqual(before.author);
    expect(await n.inbox(reactor)).toEqual(before.reactor);
  });
});
