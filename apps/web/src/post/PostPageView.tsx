import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Button, Form, Link, ToggleButton } from 'react-aria-components';
import { call, feedPath, newIdempotencyKey, Problem, REACTION_KINDS, type Comment, type Me, type Page, type ReactionKind } from '../api';
import { ReportPost } from '../areas/moderation/ReportPost';
import { useI18n, type MessageKey } from '../i18n';
import type { CommentDetail, PostDetail } from './api';
import { CtaPanel } from './CallToAction';
import { Markdown } from './Markdown';
import { SuggestTextArea } from './SuggestTextArea';
import { hrefOf } from '../router';
import { AuthorName, formatDate, Hashtags } from '../views/PostCard';
import { ProblemMessage } from '../views/ProblemMessage';

const COMMENTS_PAGE = 50;

/**
 * A post with its call to action (progress and the reader's part in it), reactions and comments
 * (oldest first, paged by `after`), a comment form, and the report action for the post and each
 * comment. The question's author accepts an answer from the top-level comments.
 */
export default function PostPageView({ postId, me }: { postId: string; me: Me }) {
  const { t, lang } = useI18n();
  const [post, setPost] = useState<PostDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [comments, setComments] = useState<{ items: readonly CommentDetail[]; next: string | null }>({ items: [], next: null });
  const [acceptError, setAcceptError] = useState<unknown>(null);
  const [accepting, setAccepting] = useState(false);
  const [commentsError, setCommentsError] = useState<unknown>(null);
  const [reactionError, setReactionError] = useState<unknown>(null);

  const loadPost = useCallback(() => {
    setError(null);
    call<PostDetail>('GET', feedPath(`/v1/posts/${encodeURIComponent(postId)}`))
      .then(setPost)
      .catch(setError);
  }, [postId]);

  const loadComments = useCallback(
    async (after: string | null) => {
      setCommentsError(null);
      try {
        const page = await call<Page<CommentDetail>>('GET', feedPath(`/v1/posts/${encodeURIComponent(postId)}/comments`, { limit: COMMENTS_PAGE, after: after ?? undefined }));
        setComments((prev) => {
          const base = after === null ? [] : prev.items;
          const known = new Set(base.map((c) => c.id));
          return { items: [...base, ...page.items.filter((c) => !known.has(c.id))], next: page.next };
        });
      } catch (e) {
        setCommentsError(e);
      }
    },
    [postId],
  );

  useEffect(() => {
    loadPost();
    void loadComments(null);
  }, [loadPost, loadComments]);

  async function react(kind: ReactionKind, on: boolean) {
    setReactionError(null);
    try {
      if (on) await call('PUT', feedPath(`/v1/posts/${encodeURIComponent(postId)}/reaction`), { body: { kind } });
      else await call('DELETE', feedPath(`/v1/posts/${encodeURIComponent(postId)}/reaction`));
      loadPost();
    } catch (e) {
      setReactionError(e);
    }
  }

  async function accept(commentId: string) {
    setAcceptError(null);
    setAccepting(true);
    try {
      await call('POST', feedPath(`/v1/posts/${encodeURIComponent(postId)}/accepted-answer`), { body: { commentId } });
      loadPost();
    } catch (e) {
      setAcceptError(e);
    } finally {
      setAccepting(false);
    }
  }

  if (error) return <ProblemMessage error={error} onRetry={loadPost} />;
  if (!post) return <p role="status">{t('loading')}</p>;
  return (
    <article aria-labelledby="post-title" className="card post-page">
      <p>
        <Link href={hrefOf.home}>← {t('backToTimeline')}</Link>
      </p>
      <p className="meta">
        <span className="kind">{t(`kinds_${post.kind}` as MessageKey)}</span> · <AuthorName authorId={post.authorId} me={me} /> · <time dateTime={post.createdAt}>{formatDate(post.createdAt, lang)}</time>
      </p>
      <h1 id="post-title">{post.title?.trim() || t(`kinds_${post.kind}` as MessageKey)}</h1>
      {post.notice === 'hidden-by-moderation' && <p className="notice">{t('hiddenByModeration')}</p>}
      <Markdown source={post.body} />
      <Hashtags tags={post.hashtags} />
      <div role="group" aria-label={t('postActions')} className="actions">
        <ReportPost target={{ kind: 'post', id: post.id, postId: post.id, authorId: post.authorId }} me={me} />
      </div>
      <CtaPanel post={post} me={me} onChanged={loadPost} />
      <div role="group" aria-label={t('reactions')} className="reactions">
        {REACTION_KINDS.map((kind) => (
          <ToggleButton key={kind} className="button reaction" isSelected={post.you.reaction === kind} onChange={(on) => void react(kind, on)}>
            {t(`reaction_${kind}` as MessageKey)} {post.counts.reactions[kind] ?? 0}
          </ToggleButton>
        ))}
      </div>
      {reactionError !== null && <ProblemMessage error={reactionError} />}
      <section aria-labelledby="comments-title">
        <h2 id="comments-title">{t('commentsTitle')}</h2>
        {comments.items.length === 0 && commentsError === null && <p>{t('noComments')}</p>}
        <ol className="comments">
          {comments.items.map((c) => {
            const accepted = post.acceptedAnswer?.commentId === c.id;
            const mayAccept = post.kind === 'question' && post.authorId === me.id && c.parentCommentId === null && c.notice === null && !accepted;
            return (
              <li key={c.id} id={`comment-${c.id}`} className={[c.parentCommentId ? 'reply' : '', accepted ? 'accepted' : ''].join(' ').trim() || undefined}>
                {accepted && (
                  <p className="accepted-mark">
                    <span aria-hidden="true">✓ </span>
                    {t('acceptedAnswer')}
                  </p>
                )}
                <p className="meta">
                  <AuthorName authorId={c.authorId} me={me} /> · <time dateTime={c.createdAt}>{formatDate(c.createdAt, lang)}</time>
                </p>
                {c.notice === 'hidden-by-moderation' && <p className="notice">{t('hiddenByModeration')}</p>}
                <Markdown source={c.body} />
                <div className="actions">
                  {mayAccept && (
                    <Button className="button secondary" isDisabled={accepting} onPress={() => void accept(c.id)}>
                      {t('acceptAnswer')}
                    </Button>
                  )}
                  <ReportPost target={{ kind: 'comment', id: c.id, postId: post.id, authorId: c.authorId }} me={me} />
                </div>
              </li>
            );
          })}
        </ol>
        {acceptError !== null && <ProblemMessage error={acceptError} />}
        {commentsError !== null && <ProblemMessage error={commentsError} onRetry={() => void loadComments(null)} />}
        {comments.next !== null && (
          <Button className="button secondary" onPress={() => void loadComments(comments.next)}>
            {t('moreComments')}
          </Button>
        )}
        <CommentForm
          postId={postId}
          onAdded={(c) => {
            setComments((prev) => (prev.items.some((x) => x.id === c.id) ? prev : { ...prev, items: [...prev.items, c] }));
            // The answer and contribution counts move with the comments.
            loadPost();
          }}
        />
      </section>
    </article>
  );
}

function CommentForm({ postId, onAdded }: { postId: string; onAdded(comment: Comment): void }) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const fieldMessages = problem instanceof Problem ? problem.messagesFor(['body.body', 'body']) : [];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const comment = await call<Comment>('POST', feedPath(`/v1/posts/${encodeURIComponent(postId)}/comments`), { body: { body }, idempotencyKey: key });
      onAdded(comment);
      setBody('');
      setKey(newIdempotencyKey());
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form onSubmit={submit} validationBehavior="aria" className="comment-form">
      <SuggestTextArea
        label={t('commentLabel')}
        rows={3}
        value={body}
        onChange={(v) => {
          setBody(v);
          setKey(newIdempotencyKey());
        }}
        errors={fieldMessages}
      />
      {problem !== null && fieldMessages.length === 0 && <ProblemMessage error={problem} />}
      <Button type="submit" className="button primary" isDisabled={busy}>
        {t('addComment')}
      </Button>
    </Form>
  );
}
