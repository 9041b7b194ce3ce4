import type { PostPublishedV2 } from '@plein/feed/contracts';
import { actor, deciderSpec, ids, NOW } from '../testing/decider-spec';
import { foldPost, postDecider } from './post.decider';
import type { PublishPost } from './post.commands';
import type { PostEvent } from './post.events';

const spec = deciderSpec(postDecider);
const ada = actor(ids.ada);
const bram = actor(ids.bram);
const directory = new Map([['bram.devries', ids.bram], [ids.bram, ids.bram]]);

const publish = (extra: Partial<PublishPost> = {}): PublishPost => ({
  type: 'PublishPost',
  postId: ids.post,
  actor: ada,
  audience: { kind: 'organisation' },
  kind: 'announcement',
  title: 'New lab',
  body: 'The lab opens **Monday**, thanks @bram.devries! #Research https://intranet.example/lab',
  callToAction: { kind: 'acknowledge', dueAt: '2026-03-10T17:00:00Z' },
  mentions: directory,
  now: NOW,
  ...extra,
});
const publishedData: PostPublishedV2 = {
  authorId: ids.ada,
  audience: { kind: 'organisation' },
  kind: 'announcement',
  title: 'New lab',
  body: `The lab opens **Monday**, thanks @[${ids.bram}]! #Research https://intranet.example/lab`,
  mentions: [ids.bram],
  hashtags: ['research'],
  links: ['https://intranet.example/lab'],
  attachments: [],
  callToAction: { kind: 'acknowledge', dueAt: '2026-03-10T17:00:00.000Z' },
};
const published: PostEvent = { type: 'feed.post.published', version: 2, data: publishedData };
const { title: _title, ...untitled } = publishedData;
const question: PostEvent = { type: 'feed.post.published', version: 2, data: { ...untitled, kind: 'question', callToAction: { kind: 'answer' } } };
const idea: PostEvent = { type: 'feed.post.published', version: 2, data: { ...publishedData, kind: 'idea', callToAction: { kind: 'share-ideas' } } };
const hidden: PostEvent = { type: 'feed.post.hidden', version: 1, data: { decisionId: ids.decision, reasonCode: 'spam' } };
const deleted: PostEvent = { type: 'feed.post.deleted', version: 1, data: { by: 'author' } };

describe('Post decider', () => {
  describe('PublishPost', () => {
    it('publishes sanitised content with extracted mentions, hashtags and links, and the call to action', () => {
      spec.given().when(publish()).then([published]);
    });

    it('makes a question ask for answers, and nothing else', () => {
      spec.given().when(publish({ kind: 'question', callToAction: { kind: 'fyi' } })).thenThrows({ code: 'FEED.INVALID_CALL_TO_ACTION' });
      spec.given().when(publish({ kind: 'update', callToAction: { kind: 'answer' } })).thenThrows({ code: 'FEED.INVALID_CALL_TO_ACTION' });
      const [event] = spec.given().when(publish({ kind: 'question', title: undefined, callToAction: { kind: 'answer' } })).produced();
      expect(event!.type === 'feed.post.published' && event!.data.callToAction).toEqual({ kind: 'answer' });
    });

    it('numbers poll options and checks the choices, and keeps deadlines in the future', () => {
      const [event] = spec
        .given()
        .when(publish({ kind: 'update', callToAction: { kind: 'vote', options: [' Tea ', 'Coffee'], closesAt: '2026-03-02T09:00:00Z' } }))
        .produced();
      expect(event!.type === 'feed.post.published' && event!.data.callToAction).toEqual({
        kind: 'vote',
        options: [{ id: '1', label: 'Tea' }, { id: '2', label: 'Coffee' }],
        maxChoices: 1,
        closesAt: '2026-03-02T09:00:00.000Z',
      });
      spec.given().when(publish({ callToAction: { kind: 'vote', options: ['Tea', 'tea'] } })).thenThrows({ code: 'FEED.INVALID_CALL_TO_ACTION' });
      spec.given().when(publish({ callToAction: { kind: 'vote', options: ['A', 'B'], maxChoices: 3 } })).thenThrows({ code: 'FEED.INVALID_CALL_TO_ACTION' });
      spec.given().when(publish({ callToAction: { kind: 'sign-up', deadline: '2026-02-28T00:00:00Z' } })).thenThrows({ code: 'FEED.INVALID_CALL_TO_ACTION' });
      spec.given().when(publish({ callToAction: { kind: 'sign-up', capacity: 0 } })).thenThrows({ code: 'FEED.INVALID_CALL_TO_ACTION' });
    });

    it('needs a title for articles, allows headings only there, and bounds the body per kind', () => {
      spec.given().when(publish({ kind: 'article', title: '  ' })).thenThrows({ code: 'FEED.INVALID_CONTENT' });
      const [article] = spec.given().when(publish({ kind: 'article', body: '## Why\n\nBecause.' })).produced();
      expect(article!.type === 'feed.post.published' && article!.data.body).toBe('## Why\n\nBecause.');
      const [update] = spec.given().when(publish({ kind: 'update', body: '## Why\n\nBecause.' })).produced();
      expect(update!.type === 'feed.post.published' && update!.data.body).toBe('Why\n\nBecause.');
      spec.given().when(publish({ kind: 'update', body: 'x'.repeat(5_001) })).thenThrows({ code: 'FEED.INVALID_CONTENT' });
      spec.given().when(publish({ kind: 'article', body: 'x'.repeat(5_001) })).produced();
      spec.given().when(publish({ body: ' \n\n ' })).thenThrows({ code: 'FEED.INVALID_CONTENT' });
    });

    it('accepts a body-less post with an attachment (a vlog) and embeds only its own images', () => {
      const attachment = { id: ids.attachment, name: 'tour.mp4', mediaType: 'Video/MP4', size: 1_000 };
      const [event] = spec.given().when(publish({ kind: 'article', body: '', attachments: [attachment] })).produced();
      expect(event!.type === 'feed.post.published' && event!.data.attachments).toEqual([{ ...attachment, mediaType: 'video/mp4' }]);
      spec.given().when(publish({ attachments: [{ ...attachment, id: 'nope' }] })).thenThrows({ code: 'FEED.INVALID_CONTENT' });
      const image = { ...attachment, name: 'plan.png', mediaType: 'image/png' };
      const body = `![plan](attachment:${ids.attachment}) ![other](attachment:${ids.decision})`;
      const [withImage] = spec.given().when(publish({ body, attachments: [image] })).produced();
      expect(withImage!.type === 'feed.post.published' && withImage!.data.body).toBe(`![plan](attachment:${ids.attachment}) other`);
    });

    it('follows the organisation policy and group membership', () => {
      const policy = { organisationWidePosting: { who: 'everyone' }, organisationAnnouncements: { who: 'roles', roles: ['community-manager'] } } as const;
      spec.given().when(publish({ policy })).thenThrows({ code: 'FEED.AUDIENCE_NOT_ALLOWED' });
      spec.given().when(publish({ policy, actor: actor(ids.ada, { roles: ['employee', 'community-manager'] }) })).produced();
      const group = { kind: 'group', groupId: ids.group } as const;
      spec.given().when(publish({ audience: group, group: { groupId: ids.group, visibility: 'closed' } })).thenThrows({ code: 'FEED.AUDIENCE_NOT_ALLOWED' });
      spec.given().when(publish({ audience: group, group: { groupId: ids.group, visibility: 'secret' } })).thenThrows({ code: 'FEED.GROUP_NOT_FOUND' });
      spec.given().when(publish({ audience: group, group: { groupId: ids.group, visibility: 'open', role: 'member' } })).thenThrows({ code: 'FEED.AUDIENCE_NOT_ALLOWED' });
      spec.given().when(publish({ audience: group, kind: 'update', group: { groupId: ids.group, visibility: 'open', role: 'member' } })).produced();
    });

    it('refuses deactivated authors, duplicates, and ideas for a jam that is not open', () => {
      spec.given().when(publish({ actor: { ...ada, active: false } })).thenThrows({ code: 'FEED.ACTOR_INACTIVE' });
      spec.given(published).when(publish()).thenThrows({ code: 'FEED.POST_ALREADY_EXISTS' });
      const jam = { jamId: ids.jam, audience: { kind: 'organisation' } as const, phase: 'closed' as const };
      spec.given().when(publish({ kind: 'idea', callToAction: { kind: 'share-ideas' }, jam })).thenThrows({ code: 'FEED.IDEA_JAM_NOT_OPEN' });
      const [event] = spec.given().when(publish({ kind: 'idea', callToAction: { kind: 'share-ideas' }, jam: { ...jam, phase: 'open' } })).produced();
      expect(event!.type === 'feed.post.published' && event!.data.jamId).toBe(ids.jam);
    });
  });

  describe('EditPost', () => {
    const edit = (body: string, extra = {}) => ({ type: 'EditPost' as const, postId: ids.post, actor: ada, title: 'New lab', body, mentions: directory, ...extra });

    it('records a material edit, which starts a new acknowledgement round', () => {
      const [event] = spec.given(published).when(edit(publishedData.body.replace('Monday', 'Tuesday'))).produced();
      expect(event).toMatchObject({ type: 'feed.post.edited', data: { material: true, body: publishedData.body.replace('Monday', 'Tuesday') } });
    });

    it("carries the post's audience, so consumers filter the new content without a lookup", () => {
      const secretGroup = { kind: 'group', groupId: ids.group } as const;
      const inGroup = { ...published, data: { ...publishedData, audience: secretGroup } } as PostEvent;
      const [event] = spec.given(inGroup).when(edit('Moved to **Tuesday**.')).produced();
      expect(event).toMatchObject({ type: 'feed.post.edited', version: 3, data: { audience: secretGroup } });
      // The edit repeats the audience for consumers; the state keeps it once, out of the content.
      const state = foldPost([inGroup, event!]);
      expect(state).toMatchObject({ audience: secretGroup, content: { body: 'Moved to **Tuesday**.' } });
      expect(state.status === 'published' && 'audience' in state.content).toBe(false);
    });

    it('records a cosmetic edit without asking for acknowledgement again, unless the author asks', () => {
      const cosmetic = publishedData.body.replace('**Monday**', '*Monday*');
      expect(spec.given(published).when(edit(cosmetic)).produced()[0]).toMatchObject({ data: { material: false } });
      expect(spec.given(published).when(edit(cosmetic, { requestReacknowledgement: true })).produced()[0]).toMatchObject({ data: { material: true } });
    });

    it('ignores an edit that changes nothing, and lets only the author edit (also while hidden)', () => {
      spec.given(published).when(edit(publishedData.body)).thenNothing();
      spec.given(published).when(edit('x', { actor: bram })).thenThrows({ code: 'FEED.NOT_AUTHOR' });
      expect(spec.given(published, hidden).when(edit('Fixed.')).produced()).toHaveLength(1);
      spec.given(published, deleted).when(edit('x')).thenThrows({ code: 'FEED.POST_NOT_FOUND' });
    });
  });

  describe('DeletePost and moderation', () => {
    const del = (who = ada, groupRole?: 'owner' | 'moderator' | 'member') => ({ type: 'DeletePost' as const, postId: ids.post, actor: who, ...(groupRole ? { groupRole } : {}) });
    const inGroup: PostEvent = { ...published, data: { ...publishedData, audience: { kind: 'group', groupId: ids.group } } } as PostEvent;

    it('lets the author, admins and the group staff delete, nobody else', () => {
      spec.given(published).when(del()).then([deleted]);
      spec.given(published).when(del(actor(ids.bram, { roles: ['employee', 'admin'] }))).then([{ type: 'feed.post.deleted', version: 1, data: { by: 'administrator' } }]);
      spec.given(inGroup).when(del(bram, 'moderator')).then([{ type: 'feed.post.deleted', version: 1, data: { by: 'administrator' } }]);
      spec.given(inGroup).when(del(bram, 'member')).thenThrows({ code: 'FEED.NOT_PERMITTED' });
      spec.given(published).when(del(bram, 'owner')).thenThrows({ code: 'FEED.NOT_PERMITTED' });
      spec.given(published, deleted).when(del()).thenNothing();
    });

    it('hides, restores and removes on moderation decisions, each at most once', () => {
      const moderate = (type: 'HidePost' | 'RestorePost' | 'RemovePost') => ({ type, postId: ids.post, decisionId: ids.decision, reasonCode: 'spam' });
      spec.given(published).when(moderate('HidePost')).then([hidden]);
      spec.given(published, hidden).when(moderate('HidePost')).thenNothing();
      spec.given(published, hidden).when(moderate('RestorePost')).then([{ type: 'feed.post.restored', version: 1, data: { decisionId: ids.decision } }]);
      spec.given(published).when(moderate('RestorePost')).thenNothing();
      spec.given(published, hidden).when(moderate('RemovePost')).then([{ type: 'feed.post.deleted', version: 1, data: { by: 'moderation', decisionId: ids.decision } }]);
      spec.given(published, deleted).when(moderate('RemovePost')).thenNothing();
      spec.given().when(moderate('HidePost')).thenThrows({ code: 'FEED.POST_NOT_FOUND' });
    });
  });

  describe('AcceptAnswer', () => {
    const answer = (extra = {}) => ({ commentId: ids.comment, postId: ids.post, authorId: ids.bram, parentCommentId: null, available: true, ...extra });
    const accept = (extra = {}, who = ada) => ({ type: 'AcceptAnswer' as const, postId: ids.post, actor: who, answer: answer(extra) });
    const accepted: PostEvent = { type: 'feed.post.answer-accepted', version: 1, data: { commentId: ids.comment, answererId: ids.bram, previousCommentId: null } };

    it('closes the question with a top-level answer chosen by its author; another answer replaces it', () => {
      spec.given(question).when(accept()).then([accepted]);
      spec.given(question, accepted).when(accept()).thenNothing();
      spec.given(question, accepted).when(accept({ commentId: ids.reply, authorId: ids.chris })).then([
        { type: 'feed.post.answer-accepted', version: 1, data: { commentId: ids.reply, answererId: ids.chris, previousCommentId: ids.comment } },
      ]);
    });

    it('refuses replies, answers elsewhere, unavailable comments, other people and non-questions', () => {
      spec.given(question).when(accept({ parentCommentId: ids.reply })).thenThrows({ code: 'FEED.ANSWER_NOT_ACCEPTABLE' });
      spec.given(question).when(accept({ postId: ids.jam })).thenThrows({ code: 'FEED.ANSWER_NOT_ACCEPTABLE' });
      spec.given(question).when(accept({ available: false })).thenThrows({ code: 'FEED.ANSWER_NOT_ACCEPTABLE' });
      spec.given(question).when(accept({}, bram)).thenThrows({ code: 'FEED.NOT_AUTHOR' });
      spec.given(published).when(accept()).thenThrows({ code: 'FEED.CALL_TO_ACTION_MISMATCH' });
      spec.given(question, hidden).when(accept()).thenThrows({ code: 'FEED.CONTENT_UNAVAILABLE' });
    });
  });

  describe('ChangeIdeaStatus', () => {
    const manager = actor(ids.bram, { roles: ['employee', 'community-manager'] });
    const change = (status: 'under-review' | 'planned' | 'done' | 'declined' | 'proposed', extra = {}) => ({ type: 'ChangeIdeaStatus' as const, postId: ids.post, actor: manager, status, ...extra });
    const moved = (status: string, previousStatus: string, note?: string) =>
      ({ type: 'feed.post.idea-status-changed', version: 2, data: { status, previousStatus, ...(note ? { note } : {}), audience: publishedData.audience } }) as PostEvent;

    it('moves an idea forward, skipping steps if needed, with an optional note', () => {
      spec.given(idea).when(change('under-review')).then([moved('under-review', 'proposed')]);
      spec.given(idea).when(change('planned', { note: ' Q3 ' })).then([moved('planned', 'proposed', 'Q3')]);
      spec.given(idea, moved('planned', 'proposed')).when(change('done')).then([moved('done', 'planned')]);
      spec.given(idea, moved('planned', 'proposed')).when(change('planned')).thenNothing();
    });

    it('declines only with a note for the author, and can reconsider a declined idea', () => {
      spec.given(idea).when(change('declined')).thenThrows({ code: 'FEED.INVALID_CONTENT' });
      spec.given(idea).when(change('declined', { note: 'Covered by the travel policy.' })).then([moved('declined', 'proposed', 'Covered by the travel policy.')]);
      spec.given(idea, moved('declined', 'proposed', 'n')).when(change('under-review')).then([moved('under-review', 'declined')]);
      spec.given(idea, moved('declined', 'proposed', 'n')).when(change('planned')).thenThrows({ code: 'FEED.IDEA_STATUS_TRANSITION' });
    });

    it('never goes back, never leaves done, and only triagers change it', () => {
      spec.given(idea, moved('planned', 'proposed')).when(change('under-review')).thenThrows({ code: 'FEED.IDEA_STATUS_TRANSITION' });
      spec.given(idea, moved('done', 'proposed')).when(change('declined', { note: 'x' })).thenThrows({ code: 'FEED.IDEA_STATUS_TRANSITION' });
      spec.given(idea).when(change('planned', { actor: ada })).thenThrows({ code: 'FEED.NOT_PERMITTED' });
      spec.given(published).when(change('planned')).thenThrows({ code: 'FEED.CALL_TO_ACTION_MISMATCH' });
      const jamIdea = { ...idea, data: { ...idea.data, jamId: ids.jam } } as PostEvent;
      spec.given(jamIdea).when(change('planned', { actor: actor(ids.chris), jamManagerId: ids.chris })).then([moved('planned', 'proposed')]);
    });
  });

  describe('CloseCallToAction', () => {
    it('lets the author close a closable call to action once', () => {
      const close = (who = ada) => ({ type: 'CloseCallToAction' as const, postId: ids.post, actor: who });
      spec.given(published).when(close()).then([{ type: 'feed.post.call-to-action-closed', version: 1, data: {} }]);
      spec.given(published, { type: 'feed.post.call-to-action-closed', version: 1, data: {} }).when(close()).thenNothing();
      spec.given(published).when(close(bram)).thenThrows({ code: 'FEED.NOT_AUTHOR' });
      spec.given(question).when(close()).thenThrows({ code: 'FEED.CALL_TO_ACTION_MISMATCH' });
    });
  });
});
